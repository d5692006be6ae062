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
  beforeEach(async () => {
    w = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => w.close());

  const db = () => w.ctx.db;
  const serialOf = async (systemId: number) =>
    (await db().select().from(systems).where(eq(systems.id, systemId)).limit(1))[0]!.serial;
  const ticket = async (id: number) =>
    (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
  const waiting = async (extra: Parameters<typeof makeTicket>[2] = {}) =>
    makeTicket(db(), w.world, { status: 'pending_ordering', style: 'on_prem', ...extra });

  it('reports every kind of bad line with its number and changes nothing', async () => {
    const a = await waiting();
    const b = await waiting();
    const approved = await makeTicket(db(), w.world, { status: 'requires_approval' });
    const used = await makeTicket(db(), w.world, {
      status: 'pending_itsm_existence',
      replacementSystemId: (await makeSystem(db(), w.world, { status: 'replacement' })).id,
    });
    const other = await waiting();
    const c = await waiting();
    const inInventory = (await makeSystem(db(), w.world, { userId: null })).serial;
    const lonely = (await makeSystem(db(), w.world)).serial;
    const group = await createOrderGroup(w.ctx, {
      actor: ADMIN,
      name: 'Only A',
      configId: w.world.configs.on_prem,
    });
    // Everything waiting went into the group; one more ticket waits outside it.
    const outside = await waiting();
    const lines = [
      `${await serialOf(a.existingSystemId)} NEW-A`, // 1 fine
      'just-one-token', // 2 malformed
      `NOT-IN-INVENTORY NEW-X`, // 3 unknown serial
      `${lonely} NEW-L`, // 4 no open ticket
      `${await serialOf(approved.existingSystemId)} NEW-R`, // 5 not pending_ordering
      `${await serialOf(b.existingSystemId)} ${await serialOf(used.replacementSystemId!)}`, // 6 replacement used
      `${await serialOf(other.existingSystemId)} ${await serialOf(used.existingSystemId)}`, // 7 replacement is an open ticket's system
      `${await serialOf(a.existingSystemId)} NEW-A2`, // 8 duplicate existing serial
      `${await serialOf(c.existingSystemId)} new-a`, // 9 duplicate replacement (case-insensitive)
      '', // 10 blank: skipped
      `${await serialOf(outside.existingSystemId)} ${await serialOf(outside.existingSystemId)}`, // 11 itself
      `${await serialOf(outside.existingSystemId)}\t${inInventory}`, // 12 duplicate of 11
    ].join('\n');
    const auditsBefore = (await db().select().from(audits)).length;
    const systemsBefore = (await db().select().from(systems)).length;

    const check = await checkAssignment(w.ctx, { actor: ADMIN, lines });
    expect(check.total).toBe(11);
    expect(check.problems.map((p) => [p.lineNo, p.reason])).toEqual([
      [2, 'is not `existing-serial replacement-serial` (two serial numbers)'],
      [3, 'unknown serial: NOT-IN-INVENTORY is not in the inventory'],
      [4, `${lonely} has no open refresh ticket`],
      [5, `ticket #${approved.id} is waiting for approval, not waiting to be ordered`],
      [
        6,
        `replacement already used: ${await serialOf(used.replacementSystemId!)} is the replacement of ticket #${used.id}`,
      ],
      [
        7,
        `replacement already used: ${await serialOf(used.existingSystemId)} is the existing system of open ticket #${used.id}`,
      ],
      [8, `duplicate: ${await serialOf(a.existingSystemId)} is on line 1 too`],
      [9, 'duplicate: replacement NEW-A is on line 1 too'],
      [11, 'the replacement is the existing system itself'],
      [12, `duplicate: ${await serialOf(outside.existingSystemId)} is on line 11 too`],
    ]);

    // Across the order group, a ticket outside it is refused too.
    const acrossGroup = await checkAssignment(w.ctx, {
      actor: ADMIN,
      lines: `${await serialOf(outside.existingSystemId)} NEW-O`,
      orderGroupId: group.groupId,
    });
    expect(acrossGroup.problems[0]?.reason).toBe(`ticket #${outside.id} is not in order group Only A`);

    const outcome = await assignReplacements(w.ctx, { actor: ADMIN, lines });
    expect(outcome.ok).toBe(false);
    expect(await ticket(a.id)).toMatchObject({ status: 'pending_ordering', replacementSystemId: null });
    expect(await db().select().from(audits)).toHaveLength(auditsBefore);
    expect(await db().select().from(systems)).toHaveLength(systemsBefore);
  });

  it('refuses non-admins and empty pastes without changing anything', async () => {
    const a = await waiting();
    const lines = `${await serialOf(a.existingSystemId)} NEW-A`;
    await expect(assignReplacements(w.ctx, { actor: APPROVER, lines })).rejects.toThrow(
      'Only refresh admins can assign replacements.',
    );
    await expect(async () => checkAssignment(w.ctx, { actor: ADMIN, lines: '\n  \n' })).rejects.toThrow(
      ServiceError,
    );
    expect((await ticket(a.id)).status).toBe('pending_ordering');
  });

  it('records each replacement in the ticket’s group and moves the ticket to pending ITSM existence', async () => {
    const a = await waiting({ chosenModelId: w.world.models.macbook });
    const b = await waiting({ groupId: w.world.groupId });
    const recycled = await makeSystem(db(), w.world, { userId: null, groupId: null });
    const progress: Array<[number, number]> = [];
    const outcome = await assignReplacements(
      w.ctx,
      {
        actor: ADMIN,
        lines: `${await serialOf(a.existingSystemId)} mac-0001\n${await serialOf(b.existingSystemId)},${recycled.serial}\n`,
      },
      (done, total) => {
        progress.push([done, total]);
      },
    );
    expect(outcome).toMatchObject({ ok: true, total: 2, skipped: [] });
    const added = (await db().select().from(systems).where(eq(systems.serial, 'MAC-0001')).limit(1))[0]!;
    // Unknown hardware enters the inventory as a replacement of the ticket's chosen model.
    expect(added).toMatchObject({
      status: 'replacement',
      modelId: w.world.models.macbook,
      platform: 'mac',
      groupId: w.world.groupId,
      unitId: w.world.unitId,
    });
    expect(await ticket(a.id)).toMatchObject({
      status: 'pending_itsm_existence',
      replacementSystemId: added.id,
    });
    expect(await ticket(b.id)).toMatchObject({
      status: 'pending_itsm_existence',
      replacementSystemId: recycled.id,
    });
    expect((await db().select().from(systems).where(eq(systems.id, recycled.id)).limit(1))[0]).toMatchObject({
      status: 'replacement',
      groupId: w.world.groupId,
    });
    const trail = await db().select().from(audits).where(eq(audits.ticketId, a.id));
    expect(trail.at(-1)).toMatchObject({
      action: 'replacement_assigned',
      actor: ADMIN,
      changes: {
        status: { from: 'pending_ordering', to: 'pending_itsm_existence' },
        replacement: { from: null, to: 'MAC-0001' },
      },
    });
    // Nobody is told yet: the lookup queue comes with the ITSM existence check.
    expect(await db().select().from(outbox)).toHaveLength(0);
    expect(progress).toEqual([]);

    // The same paste again: those tickets are no longer waiting, and the replacements are taken.
    const again = await checkAssignment(w.ctx, {
      actor: ADMIN,
      lines: `${await serialOf(a.existingSystemId)} MAC-0001`,
    });
    expect(again.problems[0]?.reason).toBe(
      `ticket #${a.id} is waiting for its replacement to show up in the ITSM, not waiting to be ordered`,
    );
  });

  it('applies thousands of lines in chunks with progress between them', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 2100; i += 1) {
      lines.push(`${await serialOf((await waiting()).existingSystemId)} R${String(i).padStart(5, '0')}`);
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
      await db().select().from(refreshTickets).where(eq(refreshTickets.status, 'pending_itsm_existence')),
    ).toHaveLength(2100);
  });
});

describe('the single-ticket exchange of a replacement', () => {
  let w: ServiceWorld;
  beforeEach(async () => {
    w = await openServiceWorld('2026-11-16T15:00:00Z');
  });
  afterEach(() => w.close());

  it('exchanges a failed replacement without advancing the ticket, audited', async () => {
    const db = w.ctx.db;
    const failed = await makeSystem(db, w.world, { status: 'replacement', userId: null });
    const t = await makeTicket(db, w.world, {
      status: 'pending_itsm_existence',
      replacementSystemId: failed.id,
    });
    const result = await editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: ' fresh-01 ' });
    expect(result.changed).toEqual(['replacement']);
    const fresh = (await db.select().from(systems).where(eq(systems.serial, 'FRESH-01')).limit(1))[0]!;
    expect(fresh).toMatchObject({ status: 'replacement', groupId: w.world.groupId });
    const saved = (await db.select().from(refreshTickets).where(eq(refreshTickets.id, t.id)).limit(1))[0]!;
    expect(saved).toMatchObject({ status: 'pending_itsm_existence', replacementSystemId: fresh.id });
    const audit = (await db.select().from(audits).where(eq(audits.ticketId, t.id))).at(-1)!;
    expect(audit).toMatchObject({
      action: 'edit',
      changes: { replacement: { from: failed.serial, to: 'FRESH-01' } },
    });
    expect(audit.changes).not.toHaveProperty('status');

    // The same serial again changes nothing.
    expect(
      (await editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: 'FRESH-01' })).changed,
    ).toEqual([]);
  });

  it('refuses a pending_ordering ticket, a taken serial, other fields past ordering and non-admins', async () => {
    const db = w.ctx.db;
    const t = await makeTicket(db, w.world, {
      status: 'delivery_scheduled',
      replacementSystemId: (await makeSystem(db, w.world, { status: 'replacement' })).id,
    });
    const other = await makeTicket(db, w.world, {
      status: 'pending_delivery',
      replacementSystemId: (await makeSystem(db, w.world, { status: 'replacement' })).id,
    });
    const otherSerial = (
      await db.select().from(systems).where(eq(systems.id, other.replacementSystemId!)).limit(1)
    )[0]!.serial;
    const waitingTicket = await makeTicket(db, w.world, { status: 'pending_ordering' });
    await expect(async () =>
      editTicket(w.ctx, { actor: ADMIN, ticketId: waitingTicket.id, replacementSerial: 'X-1' }),
    ).rejects.toThrow('Only refresh admins can exchange the replacement of an open ticket that has one');
    await expect(async () =>
      editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: otherSerial }),
    ).rejects.toThrow(`${otherSerial} is already the replacement of refresh #${other.id}.`);
    await expect(async () =>
      editTicket(w.ctx, { actor: ADMIN, ticketId: t.id, replacementSerial: 'X-2', notes: 'hello' }),
    ).rejects.toThrow('can no longer be edited');
    // The config's approver may edit before ordering, but only admins exchange replacements.
    await expect(async () =>
      editTicket(w.ctx, { actor: APPROVER, ticketId: t.id, replacementSerial: 'X-3' }),
    ).rejects.toThrow('Only refresh admins can exchange the replacement');
    expect(
      (await db.select().from(refreshTickets).where(eq(refreshTickets.id, t.id)).limit(1))[0],
    ).toMatchObject({
      status: 'delivery_scheduled',
      replacementSystemId: t.replacementSystemId,
    });
  });
});
