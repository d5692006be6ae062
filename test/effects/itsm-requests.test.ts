import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, itsmTickets, refreshConfigs, refreshTickets, systems } from '../../db/schema/index.js';
import { enqueueItsmRequest } from '../../src/effects/outbox.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import { TdxPacer } from '../../src/itsm/pacer.js';
import type { ItsmPort } from '../../src/itsm/port.js';
import { createTeamDynamixItsm } from '../../src/itsm/teamdynamix.js';
import { startTdxStandIn, type TdxStandIn } from '../helpers/tdx-standin.js';
import { type Harness, startHarness } from './harness.js';

const request = {
  operation: 'create_ticket' as const,
  kind: 'confirm_location' as const,
  title: 'Confirm location of SN1',
  body: 'The customer says the system is in Mason Hall 1401, not Angell Hall 3120.',
  requestedBy: 'U0CUSTOMR',
};

async function seedTicket(h: Harness): Promise<number> {
  const db = h.database.db;
  const at = h.clock.now();
  const system = (await db.insert(systems).values({ serial: 'SN1', updatedAt: at }).returning())[0]!.id;
  const config = (
    await db
      .insert(refreshConfigs)
      .values({ name: 'c', style: 'on_prem', createdAt: at, updatedAt: at })
      .returning()
  )[0]!.id;
  return (
    await db
      .insert(refreshTickets)
      .values({
        existingSystemId: system,
        configId: config,
        style: 'on_prem',
        status: 'pending_customer',
        createdBy: 'U0X',
        createdAt: at,
        updatedAt: at,
      })
      .returning()
  )[0]!.id;
}

describe('ITSM requests through the outbox', () => {
  let h: Harness;
  const harnessPacer = () =>
    new TdxPacer({ now: () => h.clock.now().getTime(), sleep: async (ms) => h.clock.advance(ms) });
  let tdx: TdxStandIn | undefined;
  afterEach(async () => {
    await h.close();
    await tdx?.close();
    tdx = undefined;
  });

  const eventsOf = async (ticketId: number) =>
    h.database.db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id));

  it('creates the ITSM ticket after commit and records an event on the refresh ticket', async () => {
    h = await startHarness();
    const ticketId = await seedTicket(h);
    const id = await enqueueItsmRequest(h.database.db, request, { ticketId }, h.clock.now());
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });

    const [created] = await h.database.db.select().from(itsmTickets);
    expect(created).toMatchObject({
      kind: 'confirm_location',
      refreshTicketId: ticketId,
      title: request.title,
    });
    expect(await h.row(id!)).toMatchObject({ status: 'sent', deliveryRef: `builtin:${created?.id}` });
    expect(await h.database.db.select().from(events)).toEqual([
      expect.objectContaining({
        ticketId,
        source: 'itsm',
        kind: 'itsm_ticket_created',
        detail: { kind: 'confirm_location', itsmTicketId: String(created?.id), adapter: 'builtin' },
      }),
    ]);
  });

  it('keeps the request through an ITSM outage and creates it once the ITSM answers', async () => {
    let down = true;
    h = await startHarness({
      itsm: (db): ItsmPort => {
        const builtin = createBuiltinItsm(db, { now: () => new Date() }, 'America/Detroit');
        return {
          ...builtin,
          createTicket: async (r) =>
            down ? Promise.reject(new Error('ECONNREFUSED')) : builtin.createTicket(r),
        };
      },
    });
    const ticketId = await seedTicket(h);
    const id = await enqueueItsmRequest(h.database.db, request, { ticketId }, h.clock.now());
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await h.row(id!)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });

    down = false;
    h.clock.advance(30_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await h.database.db.select().from(itsmTickets)).toHaveLength(1);
  });

  it('records each failed attempt as an event on the ticket', async () => {
    h = await startHarness({
      itsm: (db): ItsmPort => ({
        ...createBuiltinItsm(db, { now: () => new Date() }, 'America/Detroit'),
        createTicket: () => Promise.reject(new Error('ECONNREFUSED')),
      }),
    });
    const ticketId = await seedTicket(h);
    await enqueueItsmRequest(h.database.db, request, { ticketId }, h.clock.now());
    await h.dispatcher.runOnce();
    expect(await eventsOf(ticketId)).toEqual([
      expect.objectContaining({
        source: 'itsm',
        kind: 'itsm_create_ticket',
        ok: false,
        detail: {
          adapter: 'builtin',
          attempt: 1,
          error: 'ECONNREFUSED',
          retryAt: '2025-03-03T14:00:30.000Z',
        },
      }),
    ]);
  });

  it('creates a refresh ticket with tasks in TeamDynamix, then closes and reschedules tasks named by kind', async () => {
    // TeamDynamix and Otto's pacer on the harness's clock: an hour advanced is an hour for them too.
    tdx = await startTdxStandIn({ clock: () => h.clock.now().getTime() });
    const standIn = tdx;
    h = await startHarness({
      itsm: () =>
        createTeamDynamixItsm({
          ...standIn.connection(),
          pacer: harnessPacer(),
        }),
    });
    const ticketId = await seedTicket(h);
    const db = h.database.db;
    const now = h.clock.now();
    // Written in one change, before any ITSM id exists: the later requests name the tasks by kind.
    await db.transaction(async (tx) => {
      await enqueueItsmRequest(
        tx,
        {
          operation: 'create_ticket',
          kind: 'refresh',
          title: 'Refresh SN1',
          body: 'Replacement SN2.',
          requestedBy: 'U0ADMIN01',
          replacement: { serial: 'SN2' },
          tasks: [
            { kind: 'prestage', title: 'Prestage' },
            { kind: 'depot_build', title: 'Depot build', dueAt: '2025-03-10T13:00:00.000Z' },
            { kind: 'nit_delivery', title: 'NIT delivery', dueAt: '2025-03-11T15:00:00.000Z' },
          ],
        },
        { ticketId },
        now,
      );
      await enqueueItsmRequest(
        tx,
        { operation: 'close_task', task: { kind: 'prestage' } },
        { ticketId },
        now,
      );
      await enqueueItsmRequest(
        tx,
        {
          operation: 'update_ticket',
          note: 'Rescheduled by the customer.',
          tasks: [{ kind: 'nit_delivery', dueAt: '2025-03-18T15:00:00.000Z' }],
        },
        { ticketId },
        now,
      );
    });

    // TeamDynamix is rate limited: the create waits for X-RateLimit-Reset and 5 s; the other
    // ITSM requests of this run are left untouched for the next (they would only wait too).
    standIn.failNext({ status: 429, resetInMs: 45_000 }, /\/42\/tickets\?/);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const create = await h.row(1);
    const wait = create.nextAttemptAt.getTime() - now.getTime();
    expect(wait).toBeGreaterThanOrEqual(49_000);
    expect(wait).toBeLessThanOrEqual(51_000);
    expect(await h.row(2)).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(await h.row(3)).toMatchObject({ status: 'pending', attempts: 0, lastError: null });
    expect(standIn.tickets.size).toBe(0);

    h.clock.advance(60 * 60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 3, retried: 0, failed: 0 });
    const [tdxTicket] = [...standIn.tickets.values()];
    expect((await db.select().from(refreshTickets).limit(1))[0]?.itsmTicketId).toBe(String(tdxTicket!.ID));
    expect(tdxTicket!.Tasks.map((t) => [t.Title, t.PercentComplete, t.EndDate])).toEqual([
      ['Prestage', 100, null],
      ['Depot build', 0, '2025-03-10T13:00:00.000Z'],
      ['NIT delivery', 0, '2025-03-18T15:00:00.000Z'],
    ]);
    expect(tdxTicket!.Feed.map((f) => f.Body)).toEqual(['Rescheduled by the customer.']);

    const [prestage, , delivery] = tdxTicket!.Tasks;
    expect((await eventsOf(ticketId)).map((e) => [e.kind, e.ok])).toEqual([
      ['itsm_create_ticket', false],
      ['itsm_ticket_created', true],
      ['itsm_task_closed', true],
      ['itsm_ticket_updated', true],
    ]);
    expect((await eventsOf(ticketId))[0]!.detail).toMatchObject({
      adapter: 'teamdynamix',
      error: expect.stringContaining('answered 429 to POST /42/tickets'),
    });
    expect((await eventsOf(ticketId)).slice(1).map((e) => e.detail)).toEqual([
      {
        kind: 'refresh',
        itsmTicketId: String(tdxTicket!.ID),
        adapter: 'teamdynamix',
        tasks: [
          { id: String(prestage!.ID), kind: 'prestage' },
          { id: expect.any(String), kind: 'depot_build' },
          { id: String(delivery!.ID), kind: 'nit_delivery' },
        ],
        // The ticket is open all the same; what is missing is said on it.
        warnings: ['replacement SN2 not found in TeamDynamix: not attached'],
      },
      {
        itsmTicketId: String(tdxTicket!.ID),
        taskId: String(prestage!.ID),
        taskKind: 'prestage',
        adapter: 'teamdynamix',
      },
      {
        itsmTicketId: String(tdxTicket!.ID),
        adapter: 'teamdynamix',
        noted: true,
        tasks: [{ id: String(delivery!.ID), dueAt: '2025-03-18T15:00:00.000Z' }],
      },
    ]);
  });

  it('loses nothing through a TeamDynamix outage (500) and a timeout', async () => {
    tdx = await startTdxStandIn();
    const standIn = tdx;
    h = await startHarness({
      itsm: () =>
        createTeamDynamixItsm({
          ...standIn.connection(),
          // Long enough for every call of a creation on a busy machine; the delayed answer outlasts it.
          timeoutMs: 600,
        }),
    });
    const ticketId = await seedTicket(h);
    const id = (await enqueueItsmRequest(h.database.db, request, { ticketId }, h.clock.now()))!;
    standIn.failNext({ status: 500 });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await h.row(id)).toMatchObject({
      status: 'pending',
      lastError: expect.stringContaining('answered 500'),
    });

    h.clock.advance(30_000);
    standIn.failNext({ delayMs: 1800 });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(await h.row(id)).toMatchObject({
      status: 'pending',
      attempts: 2,
      lastError: expect.stringContaining('within 600 ms'),
    });

    h.clock.advance(60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(await h.row(id)).toMatchObject({ status: 'sent', attempts: 3 });
    // The timed-out create may still land late in TeamDynamix; only the delivered one is Otto's.
    const created = (await eventsOf(ticketId)).find((e) => e.ok);
    expect(created?.kind).toBe('itsm_ticket_created');
    expect(standIn.tickets.has(Number(created?.detail?.itsmTicketId))).toBe(true);
  });
});
