import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, outbox, refreshTickets, systems } from '../../../../db/schema/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import {
  assignReplacements,
  checkAssignment,
} from '../../../../src/services/refresh/ordering/assign-replacements.js';
import { createOrderGroup } from '../../../../src/services/refresh/ordering/create-order-group.js';
import { editTicket } from '../../../../src/services/refresh/tickets/edit-ticket.js';
import { ADMIN, APPROVER, makeSystem, makeTicket } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

describe('bulk assignment of replacements', () => {
  let w: ServiceWorld;
  beforeEach(() => {
    w = openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => w.close());

  const db = () => w.ctx.db;
  const serialOf = (systemId: number) =>
    db().select().from(systems).where(eq(systems.id, systemId)).get()!.serial;
  const ticket = (id: number) => db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).get()!;
  const waiting = (extra: Parameters<typeof makeTicket>[2] = {}) =>
    makeTicket(db(), w.world, { status: 'pending_ordering', style: 'on_prem', ...extra });

  it('reports every kind of bad line with its number and changes nothing', async () => {
    const a = waiting();
    const b = waiting();
    const approved = makeTicket(db(), w.world, { status: 'requires_approval' });
    const used = makeTicket(db(), w.world, {
      status: 'pending_itsm_existence',
      replacementSystemId: makeSystem(db(), w.world, { status: 'replacement' }).id,
    });
    const other = waiting();
    const c = waiting();
    const inInventory = makeSystem(db(), w.world, { userId: null }).serial;
    const lonely = makeSystem(db(), w.world).serial;
    const group = createOrderGroup(w.ctx, {
      actor: ADMIN,
      name: 'Only A',
      configId: w.world.configs.on_prem,
    });
    // Everything waiting went into the group; one more ticket waits outside it.
    const outside = waiting();
    const lines = [
      `${serialOf(a.existingSystemId)} NEW-A`, // 1 fine
      'just-one-token', // 2 malformed
      `NOT-IN-INVENTORY NEW-X`, // 3 unknown serial
      `${lonely} NEW-L`, // 4 no open ticket
      `${serialOf(approved.existingSystemId)} NEW-R`, // 5 not pending_ordering
      `${serialOf(b.existingSystemId)} ${serialOf(used.replacementSystemId!)}`, // 6 replacement used
      `${serialOf(other.existingSystemId)} ${serialOf(used.existingSystemId)}`, // 7 replacement is an open ticket's system
      `${serialOf(a.existingSystemId)} NEW-A2`, // 8 duplicate existing serial
      `${serialOf(c.existingSystemId)} new-a`, // 9 duplicate replacement (case-insensitive)
      '', // 10 blank: skipped
      `${serialOf(outside.existingSystemId)} ${serialOf(outside.existingSystemId)}`, // 11 itself
      `${serialOf(outside.existingSystemId)}\t${inInventory}`, // 12 duplicate of 11
    ].join('\n');
    const auditsBefore = db().select().from(audits).all().length;
    const systemsBefore = db().select().from(systems).all().length;

    const check = checkAssignment(w.ctx, { actor: ADMIN, lines });
    expect(check.total).toBe(11);
    expect(check.problems.map((p) => [p.lineNo, p.reason])).toEqual([
      [2, 'is not `existing-serial replacement-serial` (two serial numbers)'],
      [3, 'unknown serial: NOT-IN-INVENTORY is not in the inventory'],
      [4, `${lonely} has no open refresh ticket`],
      [5, `ticket #${approved.id} is requires approval, not pending ordering`],
      [
        6,
        `replacement already used: ${serialOf(used.replacementSystemId!)} is the replacement of ticket #${used.id}`,
      ],
      [
        7,
        `replacement already used: ${serialOf(used.existingSystemId)} is the existing system of open ticket #${used.id}`,
      ],
      [8, `duplicate: ${serialOf(a.existingSystemId)} is on line 1 too`],
      [9, 'duplicate: replacement NEW-A is on line 1 too'],
      [11, 'the replacement is the existing system itself'],
      [12, `duplicate: ${serialOf(outside.existingSystemId)} is on line 11 too`],
    ]);

    // Across the order group, a ticket outside it is refused too.
    const acrossGroup = checkAssignment(w.ctx, {
      actor: ADMIN,
      lines: `${serialOf(outside.existingSystemId)} NEW-O`,
      orderGroupId: group.groupId,
    });
    expect(acrossGroup.problems[0]?.reason).toBe(`ticket #${outside.id} is not in order group Only A`);

    const outcome = await assignReplacements(w.ctx, { actor: ADMIN, lines });
    expect(outcome.ok).toBe(false);
    expect(ticket(a.id)).toMatchObject({ status: 'pending_ordering', replacementSystemId: null });
    expect(db().select().from(audits).all()).toHaveLength(auditsBefore);
    expect(db().select().from(systems).all()).toHaveLength(systemsBefore);
  });

  it('refuses non-admins and empty pastes without changing anything', async () => {
    const a = waiting();
    const lines = `${serialOf(a.existingSystemId)} NEW-A`;
    await expect(assignReplacements(w.ctx, { actor: APPROVER, lines })).rejects.toThrow(
      'Only refresh admins can assign replacements.',
    );
    expect(() => checkAssignment(w.ctx, { actor: ADMIN, lines: '\n  \n' })).toThrow(ServiceError);
    expect(ticket(a.id).status).toBe('pending_ordering');
  });

  it('records each replacement in the ticket’s group and moves the ticket to pending ITSM existence', async () => {
    const a = waiting({ chosenModelId: w.world.models.macbook });
    const b = waiting({ groupId: w.world.groupId });
    const recycled = makeSystem(db(), w.world, { userId: null, groupId: null });
    const progress: Array<[number, number]> = [];
    const outcome = await assignReplacements(
      w.ctx,
      {
        actor: ADMIN,
        lines: `${serialOf(a.existingSystemId)} mac-0001\n${serialOf(b.existingSystemId)},${recycled.serial}\n`,
      },
      (done, total) => {
        progress.push([done, total]);
      },
    );
    expect(outcome).toMatchObject({ ok: true, total: 2, skipped: [] });
    const added = db().select().from(systems).where(eq(systems.serial, 'MAC-0001')).get()!;
    // Unknown hardware enters the inventory as a replacement of the ticket's chosen model.
    expect(added).toMatchObject({
      status: 'replacement',
      modelId: w.world.models.macbook,
      platform: 'mac',
      groupId: w.world.groupId,
      unitId: w.world.unitId,
    });
    expect(ticket(a.id)).toMatchObject({ status: 'pending_itsm_existence', replacementSystemId: added.id });
    expect(ticket(b.id)).toMatchObject({
      status: 'pending_itsm_existence',
      replacementSystemId: recycled.id,
    });
    expect(db().select().from(systems).where(eq(systems.id, recycled.id)).get()).toMatchObject({
      status: 'replacement',
      groupId: w.world.groupId,
    });
    const trail = db().select().from(audits).where(eq(audits.ticketId, a.id)).all();
    expect(trail.at(-1)).toMatchObject({
      action: 'replacement_assigned',
      actor: ADMIN,
      changes: {
        status: { from: 'pending_ordering', to: 'pending_itsm_existence' },
        replacement: { from: null, to: 'MAC-0001' },
      },
    });
    // Nobody is told yet: the lookup queue comes with the ITSM existence check.
    expect(db().select().from(outbox).all()).toHaveLength(0);
    expect(progress).toEqual([]);

    // The same paste again: those tickets are no longer waiting, and the replacements are taken.
    const again = checkAssignment(w.ctx, {
      actor: ADMIN,
      lines: `${serialOf(a.existingSystemId)} MAC-0001`,
    });
    expect(again.problems[0]?.reason).toBe(`ticket #${a.id} is pending itsm existence, not pending ordering`);
  });

  it('applies thousands of lines in chunks with progress between them', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 2100; i += 1) {
      lines.push(`${serialOf(waiting().existingSystemId)} R${String(i).padStart(5, '0')}`);
    }
    const progress: Array<[number, number]> = [];
    const outcome = await assignReplacements(
      w.ctx,
      { actor: ADMIN, lines: lines.join('\n') },
      (done, total) => {
        progress.push([done, total]);
      },
    );
    expect(outcome.ok && outcome.assigned).toHaveLength(2100);
    expect(progress).toEqual([
      [1000, 2100],
      [2000, 2100],
    ]);
    expect(
      db().select().from(refreshTickets).where(eq(refreshTickets.status, 'pending_itsm_existence')).all(),
    ).toHaveLength(2100);
  });
});

describe('the single-ticket exchange of a replacement', () => {
  let w: ServiceWorld;
  beforeEach(() => {
    w = openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => w.close());

  it('exchanges a failed replacement without advancing the ticket, audited', () => {
    const db = w.ctx.db;
    const failed = makeSystem(db, w.world, { status: 'replacement', userId: null });
    const t = makeTicket(db, w.world, { status: 'pending_itsm_existence', replacementSystemId: failed.id });
    const result = editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: ' fresh-01 ' });
    expect(result.changed).toEqual(['replacement']);
    const fresh = db.select().from(systems).where(eq(systems.serial, 'FRESH-01')).get()!;
    expect(fresh).toMatchObject({ status: 'replacement', groupId: w.world.groupId });
    const saved = db.select().from(refreshTickets).where(eq(refreshTickets.id, t.id)).get()!;
    expect(saved).toMatchObject({ status: 'pending_itsm_existence', replacementSystemId: fresh.id });
    const audit = db.select().from(audits).where(eq(audits.ticketId, t.id)).all().at(-1)!;
    expect(audit).toMatchObject({
      action: 'edit',
      changes: { replacement: { from: failed.serial, to: 'FRESH-01' } },
    });
    expect(audit.changes).not.toHaveProperty('status');

    // The same serial again changes nothing.
    expect(
      editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: 'FRESH-01' }).changed,
    ).toEqual([]);
  });

  it('refuses a pending_ordering ticket, a taken serial, other fields past ordering and non-admins', () => {
    const db = w.ctx.db;
    const t = makeTicket(db, w.world, {
      status: 'delivery_scheduled',
      replacementSystemId: makeSystem(db, w.world, { status: 'replacement' }).id,
    });
    const other = makeTicket(db, w.world, {
      status: 'pending_delivery',
      replacementSystemId: makeSystem(db, w.world, { status: 'replacement' }).id,
    });
    const otherSerial = db
      .select()
      .from(systems)
      .where(eq(systems.id, other.replacementSystemId!))
      .get()!.serial;
    const waitingTicket = makeTicket(db, w.world, { status: 'pending_ordering' });
    expect(() =>
      editTicket(w.ctx, { actor: ADMIN, ticketId: waitingTicket.id, replacementSerial: 'X-1' }),
    ).toThrow('Only refresh admins can exchange the replacement of an open ticket that has one');
    expect(() => editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: otherSerial })).toThrow(
      `${otherSerial} is already the replacement of refresh #${other.id}.`,
    );
    expect(() =>
      editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: 'X-2', notes: 'hello' }),
    ).toThrow('can no longer be edited');
    // The config's approver may edit before ordering, but only admins exchange replacements.
    expect(() => editTicket(w.ctx, { actor: APPROVER, ticketId: t.id, replacementSerial: 'X-3' })).toThrow(
      'Only refresh admins can exchange the replacement',
    );
    expect(db.select().from(refreshTickets).where(eq(refreshTickets.id, t.id)).get()).toMatchObject({
      status: 'delivery_scheduled',
      replacementSystemId: t.replacementSystemId,
    });
  });
});
