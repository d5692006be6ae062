import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  audits,
  batches,
  batchSerials,
  outbox,
  people,
  refreshTickets,
  systems,
  ticketPeripherals,
} from '../../../../db/schema/index.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { createBatch } from '../../../../src/services/refresh/batches/create-batch.js';
import { createTicketForSerial } from '../../../../src/services/refresh/batches/create-ticket-for-serial.js';
import { createTicketsFromBatch } from '../../../../src/services/refresh/batches/create-tickets-from-batch.js';
import { createTicketsFromSerials } from '../../../../src/services/refresh/batches/create-tickets-from-serials.js';
import { FieldError } from '../../../../src/services/refresh/batches/field-error.js';
import { batchView, getBatch } from '../../../../src/services/refresh/batches/get-batch.js';
import { listBatches } from '../../../../src/services/refresh/batches/list-batches.js';
import { lookUpBatch } from '../../../../src/services/refresh/batches/look-up-batch.js';
import { lookUpSerials } from '../../../../src/services/refresh/batches/lookup-serials.js';
import {
  createTickets,
  loadCreationConfig,
} from '../../../../src/services/refresh/tickets/create-tickets.js';
import { ADMIN, DELEGATE, makeSystem, makeTicket, STRANGER } from '../../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';

let w: ServiceWorld;
afterEach(() => w.close());

/** One system per lookup result, plus a system whose only ticket is complete (so it is ready). */
async function seedEveryKind() {
  const db = w.ctx.db;
  const ready = (await makeSystem(db, w.world)).serial;
  const noGroup = (await makeSystem(db, w.world, { groupId: null })).serial;
  const noUser = (await makeSystem(db, w.world, { userId: null })).serial;
  const noTeam = (await makeSystem(db, w.world, { supportTeamId: null })).serial;
  const openTicket = await makeTicket(db, w.world, { status: 'requires_approval' });
  const open = (
    await db.select().from(systems).where(eq(systems.id, openTicket.existingSystemId)).limit(1)
  )[0]!.serial;
  const closedTicket = await makeTicket(db, w.world, { status: 'complete' });
  const readyAgain = (
    await db.select().from(systems).where(eq(systems.id, closedTicket.existingSystemId)).limit(1)
  )[0]!.serial;
  return { ready, noGroup, noUser, noTeam, open, readyAgain, unknown: 'NOT-IN-INVENTORY' };
}

const ticketsOf = async (batchId: number) =>
  w.ctx.db
    .select()
    .from(refreshTickets)
    .where(eq(refreshTickets.batchId, batchId))
    .orderBy(asc(refreshTickets.id));

async function refusal(run: () => Promise<unknown>): Promise<ServiceError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('a batch', () => {
  beforeEach(async () => {
    w = await openServiceWorld('2026-11-16T15:00:00Z');
  });

  it('stores pasted serials upper-cased, once each, in the order pasted', async () => {
    const made = await createBatch(w.ctx, {
      actor: ADMIN,
      name: '  LSA   November ',
      serials: 'sn1\nsn2, SN1 sn3',
    });
    expect(made).toMatchObject({ name: 'LSA November', serialCount: 3, duplicates: ['SN1'] });
    const rows = await w.ctx.db.select().from(batchSerials).orderBy(asc(batchSerials.lineNo));
    expect(rows.map((r) => [r.serial, r.lineNo, r.lookupResult])).toEqual([
      ['SN1', 1, 'pending'],
      ['SN2', 2, 'pending'],
      ['SN3', 3, 'pending'],
    ]);
  });

  it('answers a taken name, a name that is only a number and an empty paste on their field, saving nothing', async () => {
    await createBatch(w.ctx, { actor: ADMIN, name: 'LSA', serials: 'a' });
    const taken = await refusal(async () => createBatch(w.ctx, { actor: ADMIN, name: 'lsa', serials: 'b' }));
    expect(taken).toBeInstanceOf(FieldError);
    expect(taken).toMatchObject({
      field: 'name',
      message: 'There is already a batch named “lsa”. Pick another name.',
    });
    expect(
      await refusal(async () => createBatch(w.ctx, { actor: ADMIN, name: '#42', serials: 'b' })),
    ).toMatchObject({
      field: 'name',
    });
    expect(
      await refusal(async () => createBatch(w.ctx, { actor: ADMIN, name: 'Other', serials: ' , ' })),
    ).toMatchObject({
      field: 'serials',
      message: 'Paste at least one serial number.',
    });
    expect(await w.ctx.db.select().from(batches)).toHaveLength(1);
    expect(await w.ctx.db.select().from(batchSerials)).toHaveLength(1);
  });

  it('reports every lookup result, in chunks with progress, and counts them', async () => {
    const s = await seedEveryKind();
    const pasted = [s.unknown, s.noGroup, s.noUser, s.noTeam, s.open, s.ready, s.readyAgain];
    const { batchId } = await createBatch(w.ctx, {
      actor: ADMIN,
      name: 'Every kind',
      serials: pasted.join('\n'),
    });
    const progress: string[] = [];
    await lookUpBatch(
      w.ctx,
      { actor: ADMIN, batchId },
      (done, total) => {
        progress.push(`${done}/${total}`);
      },
      2,
    );
    expect(progress).toEqual(['2/7', '4/7', '6/7', '7/7']);

    const results = Object.fromEntries(
      (await w.ctx.db.select().from(batchSerials)).map((r) => [r.serial, r.lookupResult]),
    );
    expect(results).toEqual({
      [s.unknown]: 'unknown_serial',
      [s.noGroup]: 'no_group',
      [s.noUser]: 'no_user',
      [s.noTeam]: 'no_support_team',
      [s.open]: 'open_ticket',
      [s.ready]: 'ready',
      [s.readyAgain]: 'ready',
    });
    const view = await batchView(w.ctx.db, batchId);
    expect(view.counts).toEqual({
      pending: 0,
      ready: 2,
      unknown_serial: 1,
      no_group: 1,
      no_user: 1,
      no_support_team: 1,
      open_ticket: 1,
      no_slack_account: 0,
    });
    expect(view.problems.map((p) => p.serial)).toEqual([s.unknown, s.noGroup, s.noUser, s.noTeam, s.open]);
    expect(view.lookedUpAt).toEqual(w.clock.now());
  });

  it('creates tickets for the ready serials once: the second call creates nothing and says so', async () => {
    const s = await seedEveryKind();
    const { batchId } = await createBatch(w.ctx, {
      actor: ADMIN,
      name: 'Twice',
      serials: [s.ready, s.readyAgain, s.noUser, s.unknown].join(' '),
    });
    await lookUpBatch(w.ctx, { actor: ADMIN, batchId });
    const input = { actor: ADMIN, batchId, configId: w.world.configs.on_prem };
    const first = await createTicketsFromBatch(w.ctx, input);
    expect(first.ticketIds).toHaveLength(2);
    expect(first).toMatchObject({
      configName: 'LSA on_prem',
      style: 'on_prem',
      status: 'pending_customer',
      alreadyCreated: 0,
      skipped: { no_user: 1, unknown_serial: 1 },
    });

    const second = await createTicketsFromBatch(w.ctx, input);
    expect(second).toMatchObject({
      ticketIds: [],
      alreadyCreated: 2,
      skipped: { no_user: 1, unknown_serial: 1 },
    });
    expect(await ticketsOf(batchId)).toHaveLength(2);

    const rows = await w.ctx.db.select().from(batchSerials);
    expect(
      rows
        .filter((r) => r.ticketId !== null)
        .map((r) => r.ticketId)
        .sort(),
    ).toEqual([...first.ticketIds].sort());
    expect(await batchView(w.ctx.db, batchId)).toMatchObject({
      ticketsCreated: 2,
      configId: w.world.configs.on_prem,
    });
  });

  it('makes each ticket from its system and config, with a created audit row and no outbox row', async () => {
    const system = await makeSystem(w.ctx.db, w.world, { building: 'Mason Hall', room: '1420' });
    const { batchId } = await createBatch(w.ctx, { actor: ADMIN, name: 'Fields', serials: system.serial });
    await lookUpBatch(w.ctx, { actor: ADMIN, batchId });
    const { ticketIds } = await createTicketsFromBatch(w.ctx, {
      actor: ADMIN,
      batchId,
      configId: w.world.configs.remote_customer,
    });
    const [ticket] = await ticketsOf(batchId);
    expect(ticket).toMatchObject({
      id: ticketIds[0],
      existingSystemId: system.id,
      userId: w.world.people.customer,
      delegateId: null,
      configId: w.world.configs.remote_customer,
      style: 'remote_customer',
      status: 'pending_customer',
      proposedModelId: w.world.models.latitude,
      building: 'Mason Hall',
      room: '1420',
      groupId: w.world.groupId,
      supportTeamId: w.world.teamId,
      createdBy: ADMIN,
      createdAt: w.clock.now(),
      // Created Monday 10:00 in Detroit: invited Tuesday 10:05 (SPEC §2.2).
      invitationDueAt: new Date('2026-11-17T15:05:00Z'),
      invitedAt: null,
    });
    const trail = await w.ctx.db.select().from(audits).where(eq(audits.ticketId, ticket!.id));
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({
      entity: 'refresh_ticket',
      entityId: String(ticket!.id),
      action: 'created',
      actor: ADMIN,
      changes: {
        status: { from: null, to: 'pending_customer' },
        config: { from: null, to: 'LSA remote_customer' },
        batch: { from: null, to: batchId },
      },
    });
    // The invitation is the timers job's, when it falls due.
    expect(await w.ctx.db.select().from(outbox)).toEqual([]);
  });

  it('invites at 10:05 on the next business day after the business day of creation', async () => {
    const at = async (createdAt: string) => {
      w.clock.set(createdAt);
      const system = await makeSystem(w.ctx.db, w.world);
      const result = await createTicketsFromSerials(w.ctx, {
        actor: ADMIN,
        serials: system.serial,
        configId: w.world.configs.on_prem,
      });
      return result.invitationDueAt?.toISOString();
    };
    expect(await at('2026-11-16T22:59:00Z')).toBe('2026-11-17T15:05:00.000Z'); // Mon 17:59 → Tue 10:05
    expect(await at('2026-11-16T23:01:00Z')).toBe('2026-11-18T15:05:00.000Z'); // Mon 18:01 → Wed 10:05
    expect(await at('2026-11-21T15:00:00Z')).toBe('2026-11-24T15:05:00.000Z'); // Sat → Tue 10:05
  });

  it('no customer, by override or by the config’s style: straight to pending ordering, no invitation, the bundle as peripherals', async () => {
    const overridden = await makeSystem(w.ctx.db, w.world);
    const byStyle = await makeSystem(w.ctx.db, w.world);
    const { batchId } = await createBatch(w.ctx, { actor: ADMIN, name: 'Labs', serials: overridden.serial });
    await lookUpBatch(w.ctx, { actor: ADMIN, batchId });
    const result = await createTicketsFromBatch(w.ctx, {
      actor: ADMIN,
      batchId,
      configId: w.world.configs.on_prem,
      noCustomer: true,
    });
    expect(result).toMatchObject({ style: 'no_customer', status: 'pending_ordering', invitationDueAt: null });
    const viaConfig = await createTicketsFromSerials(w.ctx, {
      actor: ADMIN,
      serials: byStyle.serial,
      configId: w.world.configs.no_customer,
    });
    expect(viaConfig).toMatchObject({
      style: 'no_customer',
      status: 'pending_ordering',
      invitationDueAt: null,
    });

    const tickets = await w.ctx.db.select().from(refreshTickets);
    expect(tickets.map((t) => [t.style, t.status, t.invitationDueAt])).toEqual([
      ['no_customer', 'pending_ordering', null],
      ['no_customer', 'pending_ordering', null],
    ]);
    const bundle = await w.ctx.db.select().from(ticketPeripherals).orderBy(asc(ticketPeripherals.ticketId));
    expect(bundle).toEqual(
      tickets.map((t) => ({ ticketId: t.id, peripheralId: w.world.peripherals.monitor, quantity: 1 })),
    );
  });

  it('bump-down tickets follow their config: a customer ticket with its invitation', async () => {
    const system = await makeSystem(w.ctx.db, w.world);
    const result = await createTicketsFromSerials(w.ctx, {
      actor: ADMIN,
      serials: system.serial,
      configId: w.world.configs.bump_down,
    });
    expect(result).toMatchObject({ style: 'bump_down', status: 'pending_customer' });
    expect(result.invitationDueAt).toEqual(new Date('2026-11-17T15:05:00Z'));
  });

  it('sets a delegate known by Slack account, or remembers a new one by e-mail', async () => {
    const [a, b] = [await makeSystem(w.ctx.db, w.world), await makeSystem(w.ctx.db, w.world)];
    const known = await createTicketsFromSerials(w.ctx, {
      actor: ADMIN,
      serials: a.serial,
      configId: w.world.configs.on_prem,
      delegate: { slackUserId: DELEGATE, email: 'dana@example.edu' },
    });
    const fresh = await createTicketsFromSerials(w.ctx, {
      actor: ADMIN,
      serials: b.serial,
      configId: w.world.configs.on_prem,
      delegate: { slackUserId: 'U0NEWDELEG', email: 'Robin@Example.edu', name: 'Robin' },
    });
    const delegateOf = async (ticketId: number) =>
      (await w.ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, ticketId)).limit(1))[0]!
        .delegateId;
    expect(await delegateOf(known.created[0]!.ticketId)).toBe(w.world.people.delegate);
    const robin = (
      await w.ctx.db.select().from(people).where(eq(people.slackUserId, 'U0NEWDELEG')).limit(1)
    )[0];
    expect(robin).toMatchObject({ email: 'Robin@Example.edu', name: 'Robin' });
    expect(await delegateOf(fresh.created[0]!.ticketId)).toBe(robin!.id);

    const c = await makeSystem(w.ctx.db, w.world);
    const noEmail = await refusal(async () =>
      createTicketsFromSerials(w.ctx, {
        actor: ADMIN,
        serials: c.serial,
        configId: w.world.configs.on_prem,
        delegate: { slackUserId: 'U0NOEMAIL1' },
      }),
    );
    expect(noEmail).toMatchObject({ field: 'delegate' });
    expect(noEmail.message).toMatch(/cannot see an e-mail address for <@U0NOEMAIL1>/);
  });

  it('checks ready serials again when creating: what changed since the lookup is skipped with its reason', async () => {
    const [a, b] = [await makeSystem(w.ctx.db, w.world), await makeSystem(w.ctx.db, w.world)];
    const { batchId } = await createBatch(w.ctx, {
      actor: ADMIN,
      name: 'Changed',
      serials: `${a.serial} ${b.serial}`,
    });
    await lookUpBatch(w.ctx, { actor: ADMIN, batchId });
    await w.ctx.db.update(systems).set({ userId: null }).where(eq(systems.id, a.id));
    const result = await createTicketsFromBatch(w.ctx, {
      actor: ADMIN,
      batchId,
      configId: w.world.configs.on_prem,
    });
    expect(result.ticketIds).toHaveLength(1);
    expect(result.skipped).toEqual({ no_user: 1 });
    expect((await batchView(w.ctx.db, batchId)).counts).toMatchObject({ ready: 0, no_user: 1 });
  });

  it('takes the open-ticket unique index as “already has an open ticket”, creating nothing for it', async () => {
    const system = await makeSystem(w.ctx.db, w.world);
    const [facts] = await lookUpSerials(w.ctx.db, [system.serial]);
    await makeTicket(w.ctx.db, w.world, { existingSystemId: system.id });
    const result = await w.ctx.db.transaction(async (tx) =>
      createTickets(tx, w.ctx.calendar, [facts as never], {
        config: await loadCreationConfig(tx, w.world.configs.on_prem),
        delegateId: null,
        noCustomer: false,
        actor: ADMIN,
        now: w.clock.now(),
      }),
    );
    expect(result.created).toEqual([]);
    expect(result.alreadyOpen).toEqual([system.serial]);
    expect(await w.ctx.db.select().from(refreshTickets)).toHaveLength(1);
    expect(await w.ctx.db.select().from(audits)).toEqual([]);
  });

  it('refuses everyone but admins and changes nothing', async () => {
    const system = await makeSystem(w.ctx.db, w.world);
    const { batchId } = await createBatch(w.ctx, { actor: ADMIN, name: 'Mine', serials: system.serial });
    const attempts = [
      async () => createBatch(w.ctx, { actor: STRANGER, name: 'Theirs', serials: system.serial }),
      async () =>
        createTicketsFromBatch(w.ctx, { actor: STRANGER, batchId, configId: w.world.configs.on_prem }),
      async () =>
        createTicketsFromSerials(w.ctx, {
          actor: STRANGER,
          serials: system.serial,
          configId: w.world.configs.on_prem,
        }),
      async () =>
        createTicketForSerial(w.ctx, { actor: STRANGER, serial: system.serial, configName: 'LSA on_prem' }),
      async () => getBatch(w.ctx, { actor: STRANGER, batch: batchId }),
      async () => listBatches(w.ctx, { actor: STRANGER }),
    ];
    for (const attempt of attempts) expect((await refusal(attempt)).kind).toBe('not_allowed');
    await expect(lookUpBatch(w.ctx, { actor: STRANGER, batchId })).rejects.toMatchObject({
      kind: 'not_allowed',
    });
    expect(await w.ctx.db.select().from(batches)).toHaveLength(1);
    expect((await w.ctx.db.select().from(batchSerials).limit(1))[0]?.lookupResult).toBe('pending');
    expect(await w.ctx.db.select().from(refreshTickets)).toEqual([]);
  });

  it('finds a batch by id, #id or name in any case, and lists the latest with their counts', async () => {
    const system = await makeSystem(w.ctx.db, w.world);
    const { batchId } = await createBatch(w.ctx, {
      actor: ADMIN,
      name: 'Find Me',
      serials: `${system.serial} NOPE`,
    });
    await lookUpBatch(w.ctx, { actor: ADMIN, batchId });
    await createTicketsFromBatch(w.ctx, { actor: ADMIN, batchId, configId: w.world.configs.on_prem });
    for (const key of [String(batchId), `#${batchId}`, 'find me', 'FIND ME']) {
      expect((await getBatch(w.ctx, { actor: ADMIN, batch: key })).id).toBe(batchId);
    }
    expect((await refusal(async () => getBatch(w.ctx, { actor: ADMIN, batch: 'nope' }))).kind).toBe(
      'not_found',
    );
    expect((await refusal(async () => getBatch(w.ctx, { actor: ADMIN, batch: '999' }))).kind).toBe(
      'not_found',
    );
    expect(await listBatches(w.ctx, { actor: ADMIN })).toEqual([
      {
        id: batchId,
        name: 'Find Me',
        createdAt: w.clock.now(),
        createdBy: ADMIN,
        total: 2,
        ticketsCreated: 1,
      },
    ]);
  });
});

describe('the bulk creator and single systems', () => {
  beforeEach(async () => {
    w = await openServiceWorld('2026-11-16T15:00:00Z');
  });

  it('creates the ready ones from a paste and reports the rest in the order pasted', async () => {
    const s = await seedEveryKind();
    const result = await createTicketsFromSerials(w.ctx, {
      actor: ADMIN,
      serials: [s.ready, s.noGroup, s.unknown, s.ready.toLowerCase(), s.open].join(', '),
      configId: w.world.configs.unit_specified_location,
    });
    expect(result.created.map((t) => t.serial)).toEqual([s.ready]);
    expect(result.problems).toEqual([
      { serial: s.noGroup, reason: 'no_group' },
      { serial: s.unknown, reason: 'unknown_serial' },
      { serial: s.open, reason: 'open_ticket' },
    ]);
    expect(result.duplicates).toEqual([s.ready]);
    const ticket = (
      await w.ctx.db
        .select()
        .from(refreshTickets)
        .where(eq(refreshTickets.id, result.created[0]!.ticketId))
        .limit(1)
    )[0];
    expect(ticket).toMatchObject({ style: 'unit_specified_location', batchId: null });
  });

  it('creates one ticket from one system with a config named in any case, or says why not', async () => {
    const system = await makeSystem(w.ctx.db, w.world);
    const made = await createTicketForSerial(w.ctx, {
      actor: ADMIN,
      serial: system.serial.toLowerCase(),
      configName: 'lsa ON_PREM',
    });
    expect(made).toMatchObject({
      serial: system.serial,
      configName: 'LSA on_prem',
      status: 'pending_customer',
    });
    expect(
      (
        await refusal(async () =>
          createTicketForSerial(w.ctx, { actor: ADMIN, serial: system.serial, configName: 'LSA on_prem' }),
        )
      ).message,
    ).toBe(`${system.serial} already has an open ticket; no ticket was created.`);
    expect(
      (
        await refusal(async () =>
          createTicketForSerial(w.ctx, { actor: ADMIN, serial: 'GHOST', configName: 'LSA on_prem' }),
        )
      ).message,
    ).toBe('GHOST is not in the inventory; no ticket was created.');
    expect(
      (
        await refusal(async () =>
          createTicketForSerial(w.ctx, { actor: ADMIN, serial: system.serial, configName: 'Nope' }),
        )
      ).message,
    ).toMatch(/^There is no refresh config named “Nope”/);
    expect(await w.ctx.db.select().from(refreshTickets)).toHaveLength(1);
  });

  it('answers a config that no longer exists on the config field', async () => {
    const system = await makeSystem(w.ctx.db, w.world);
    const error = await refusal(async () =>
      createTicketsFromSerials(w.ctx, { actor: ADMIN, serials: system.serial, configId: 9999 }),
    );
    expect(error).toMatchObject({
      field: 'config',
      message: 'That refresh config no longer exists; pick another one.',
    });
  });
});
