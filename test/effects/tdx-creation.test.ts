import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, itsmCreations, refreshConfigs, refreshTickets, systems } from '../../db/schema/index.js';
import { enqueueItsmRequest } from '../../src/effects/outbox.js';
import { TdxPacer } from '../../src/itsm/pacer.js';
import { type TdxSettings, TdxSettings as TdxSettingsSchema } from '../../src/itsm/tdx-settings.js';
import { createTeamDynamixItsm, ticketCreateQuery } from '../../src/itsm/teamdynamix.js';
import { startTdxStandIn, type TdxStandIn, tdxSettingsFor, tdxTenant } from '../helpers/tdx-standin.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Issue 14 item 3: a ticket with tasks is created in several TeamDynamix calls; whatever stops
 * an attempt midway (a 500, a 429, an answer lost on the way back), the outbox's retry finishes
 * it and there is never a second TeamDynamix ticket for one Otto request.
 */

const request = {
  operation: 'create_ticket' as const,
  kind: 'refresh' as const,
  title: 'Refresh SN1',
  body: 'Replacement SN2.',
  requestedBy: 'U0ADMIN01',
  tasks: [
    { kind: 'prestage' as const, title: 'Prestage' },
    { kind: 'depot_build' as const, title: 'Depot build', dueAt: '2025-03-10T13:00:00.000Z' },
    { kind: 'nit_delivery' as const, title: 'NIT delivery', dueAt: '2025-03-11T15:00:00.000Z' },
  ],
};

const tickets = '/TDWebApi/api/42/tickets';
// The ticket's creation: without notifications, and without making people up.
const notify = ticketCreateQuery;

describe('creating a TeamDynamix ticket with tasks, through the outbox', () => {
  let h: Harness;
  let tdx: TdxStandIn;
  afterEach(async () => {
    await h.close();
    await tdx.close();
  });

  async function start(
    options: { settings?: TdxSettings; request?: Parameters<typeof enqueueItsmRequest>[1] } = {},
  ) {
    // TeamDynamix's budgets on, on the harness's clock; Otto's pacer on the same clock.
    tdx = await startTdxStandIn({ clock: () => h.clock.now().getTime(), rateBudgets: true });
    const standIn = tdx;
    h = await startHarness({
      itsm: () =>
        createTeamDynamixItsm({
          ...standIn.connection(),
          settings: options.settings ?? standIn.settings,
          timeoutMs: 2000,
          pacer: new TdxPacer({
            now: () => h.clock.now().getTime(),
            sleep: async (ms) => h.clock.advance(ms),
          }),
        }),
    });
    const db = h.database.db;
    const at = h.clock.now();
    const system = (await db.insert(systems).values({ serial: 'SN1', updatedAt: at }).returning())[0]!.id;
    const config = (
      await db
        .insert(refreshConfigs)
        .values({ name: 'c', style: 'on_prem', createdAt: at, updatedAt: at })
        .returning()
    )[0]!.id;
    const ticketId = (
      await db
        .insert(refreshTickets)
        .values({
          existingSystemId: system,
          configId: config,
          style: 'on_prem',
          status: 'pending_delivery',
          createdBy: 'U0X',
          createdAt: at,
          updatedAt: at,
        })
        .returning()
    )[0]!.id;
    const outboxId = (await enqueueItsmRequest(db, options.request ?? request, { ticketId }, at))!;
    return { ticketId, outboxId };
  }

  const journalOf = async (outboxId: number) =>
    (await h.database.db.select().from(itsmCreations).where(eq(itsmCreations.outboxId, outboxId)))[0];
  const eventsOf = async (ticketId: number) =>
    h.database.db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id));
  const callLines = () => tdx.calls.map((c) => `${c.status} ${c.method} ${c.path}`);

  /** The refresh kind's ids in the stand-in tenant's settings, the configured requestor, the default group. */
  const refreshTicketIds = {
    TypeID: 101,
    FormID: 201,
    AccountID: 5,
    SourceID: 8,
    StatusID: 301,
    PriorityID: 20,
    ServiceID: 77,
    RequestorUid: tdxTenant.serviceAccountUid,
    ResponsibleGroupID: 900,
  };

  it.each([
    { status: 500 as const, error: 'answered 500 to POST' },
    { status: 429 as const, resetInMs: 30_000, error: 'answered 429 to POST' },
  ])(
    'resumes after a $status on the 3rd task call: the ticket and the first two tasks are not created again',
    async (fault) => {
      const { ticketId, outboxId } = await start();
      const { error, ...answer } = fault;
      tdx.failNth({ method: 'POST', path: /\/tasks$/ }, 3, answer);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });

      // What the first attempt left on record: the ticket, two tasks, and the third as sent.
      const [created] = [...tdx.tickets.values()];
      const journal = await journalOf(outboxId);
      expect(journal).toMatchObject({
        itsmTicketId: String(created!.ID),
        tasks: [
          { index: 0, id: String(created!.Tasks[0]!.ID), kind: 'prestage' },
          { index: 1, id: String(created!.Tasks[1]!.ID), kind: 'depot_build' },
        ],
        taskSent: 2,
      });
      expect(journal!.marker).toMatch(/^OTTO[0-9A-F]{16}$/);
      const marker = journal!.marker;
      expect((await h.database.db.select().from(refreshTickets))[0]!.itsmTicketId).toBeNull();

      h.clock.advance(60_000);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(tdx.tickets.size).toBe(1);
      expect(tdx.rateLimited).toBe(fault.status === 429 ? 1 : 0);
      const taskPath = `${tickets}/${created!.ID}/tasks`;
      expect(callLines()).toEqual([
        '200 POST /TDWebApi/api/auth/loginadmin',
        `201 POST ${tickets}?${notify}`,
        `201 POST ${taskPath}`,
        `201 POST ${taskPath}`,
        `${fault.status} POST ${taskPath}`,
        // The retry: the third task was sent and not answered, so it is looked for first.
        `200 GET ${taskPath}?isEligiblePredecessor=false`,
        `201 POST ${taskPath}`,
      ]);
      expect(tdx.calls.map((c) => c.body)).toEqual([
        { BEID: tdx.beid, WebServicesKey: tdx.webServicesKey },
        {
          ...refreshTicketIds,
          Title: 'Refresh SN1',
          Description: `Replacement SN2.\n\nRequested in Otto by U0ADMIN01 for refresh ticket #${ticketId}.\nOtto reference ${marker}`,
        },
        { Title: 'Prestage', ResponsibleGroupID: 900, Description: `Otto reference ${marker}, task 1` },
        {
          Title: 'Depot build',
          EndDate: '2025-03-10T13:00:00.000Z',
          ResponsibleGroupID: 900,
          Description: `Otto reference ${marker}, task 2`,
        },
        {
          Title: 'NIT delivery',
          EndDate: '2025-03-11T15:00:00.000Z',
          ResponsibleGroupID: 900,
          Description: `Otto reference ${marker}, task 3`,
        },
        undefined,
        {
          Title: 'NIT delivery',
          EndDate: '2025-03-11T15:00:00.000Z',
          ResponsibleGroupID: 900,
          Description: `Otto reference ${marker}, task 3`,
        },
      ]);
      expect(created!.Tasks.map((t) => t.Title)).toEqual(['Prestage', 'Depot build', 'NIT delivery']);

      const [refresh] = await h.database.db.select().from(refreshTickets);
      expect(refresh!.itsmTicketId).toBe(String(created!.ID));
      expect(await journalOf(outboxId)).toMatchObject({ taskSent: null, tasks: { length: 3 } });
      expect((await eventsOf(ticketId)).map((e) => [e.kind, e.ok, e.detail])).toEqual([
        [
          'itsm_create_ticket',
          false,
          expect.objectContaining({
            error: expect.stringContaining(`${error} /42/tickets/${created!.ID}/tasks`),
          }),
        ],
        [
          'itsm_ticket_created',
          true,
          {
            kind: 'refresh',
            itsmTicketId: String(created!.ID),
            adapter: 'teamdynamix',
            tasks: created!.Tasks.map((t, i) => ({ id: String(t.ID), kind: request.tasks[i]!.kind })),
          },
        ],
      ]);
    },
  );

  it('adopts a task whose creation answer was lost instead of creating it twice', async () => {
    const { outboxId } = await start();
    tdx.failNth({ method: 'POST', path: /\/tasks$/ }, 2, { lose: true });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    const [created] = [...tdx.tickets.values()];
    // TeamDynamix made the second task; Otto never heard.
    expect(created!.Tasks).toHaveLength(2);
    expect(await journalOf(outboxId)).toMatchObject({ tasks: [{ index: 0 }], taskSent: 1 });

    h.clock.advance(60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(tdx.tickets.size).toBe(1);
    expect(created!.Tasks.map((t) => t.Title)).toEqual(['Prestage', 'Depot build', 'NIT delivery']);
    const taskPath = `${tickets}/${created!.ID}/tasks`;
    expect(callLines().slice(2)).toEqual([
      `201 POST ${taskPath}`,
      `201 POST ${taskPath}`,
      `200 GET ${taskPath}?isEligiblePredecessor=false`,
      `201 POST ${taskPath}`,
    ]);
    expect((await journalOf(outboxId))!.tasks.map((t) => t.id)).toEqual(
      created!.Tasks.map((t) => String(t.ID)),
    );
  });

  it('finds a ticket whose creation answer was lost by its Otto reference, and does not create a second', async () => {
    const { outboxId } = await start();
    tdx.failNth({ method: 'POST', path: /\/tickets\?/ }, 1, { lose: true });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(tdx.tickets.size).toBe(1);
    const journal = (await journalOf(outboxId))!;
    expect(journal).toMatchObject({ itsmTicketId: null, tasks: [], sentAt: h.clock.now() });

    h.clock.advance(60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(tdx.tickets.size).toBe(1);
    const [created] = [...tdx.tickets.values()];
    expect(created!.Tasks.map((t) => t.Title)).toEqual(['Prestage', 'Depot build', 'NIT delivery']);
    const search = tdx.calls.find((c) => c.path.endsWith('/tickets/search'))!;
    expect(search.body).toEqual({
      SearchText: journal.marker,
      CreatedDateFrom: new Date(journal.sentAt.getTime() - 60_000).toISOString(),
      MaxResults: 10,
    });
    expect(callLines().slice(1)).toEqual([
      // The first attempt: TeamDynamix created the ticket; the answer never arrived.
      `201 POST ${tickets}?${notify}`,
      `200 POST ${tickets}/search`,
      `200 GET ${tickets}/${created!.ID}`,
      `201 POST ${tickets}/${created!.ID}/tasks`,
      `201 POST ${tickets}/${created!.ID}/tasks`,
      `201 POST ${tickets}/${created!.ID}/tasks`,
    ]);
    expect((await h.database.db.select().from(refreshTickets))[0]!.itsmTicketId).toBe(String(created!.ID));
  });

  it('creates the ticket once the search says the failed creation left none', async () => {
    const { outboxId } = await start();
    tdx.failNth({ method: 'POST', path: /\/tickets\?/ }, 1, { status: 500 });
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
    expect(tdx.tickets.size).toBe(0);
    const { marker } = (await journalOf(outboxId))!;

    h.clock.advance(60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
    expect(tdx.tickets.size).toBe(1);
    const [created] = [...tdx.tickets.values()];
    expect(callLines().slice(1, 4)).toEqual([
      `500 POST ${tickets}?${notify}`,
      `200 POST ${tickets}/search`,
      `201 POST ${tickets}?${notify}`,
    ]);
    // The same reference on the ticket that was made: a later loss would still find it.
    expect(created!.Description).toContain(`Otto reference ${marker}`);
  });

  // The calls after the ticket's creation are steps of it too: a fault on any of them is resumed
  // by the retry, with no second ticket and no step made again.
  it.each([
    { fault: { status: 500 as const }, what: 'refused with a 500 (not attached)', answered: 500 },
    { fault: { lose: true as const }, what: 'attached, its answer lost', answered: 200 },
  ])(
    'resumes after the replacement attach was $what: one ticket, the asset attached once',
    async ({ fault, answered }) => {
      const { outboxId } = await start({ request: { ...request, replacement: { serial: 'SN2' } } });
      const asset = tdx.addAsset({ SerialNumber: 'SN2', Name: 'Latitude 7450' });
      tdx.failNth({ method: 'POST', path: /\/tickets\/\d+\/assets\/\d+$/ }, 1, fault);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const [created] = [...tdx.tickets.values()];
      // The ticket is on record; the attach is not (it may or may not have happened).
      const { marker, ...first } = (await journalOf(outboxId))!;
      expect(first).toMatchObject({
        itsmTicketId: String(created!.ID),
        tasks: [],
        taskSent: null,
        steps: {},
      });
      expect(created!.Assets).toEqual(fault.status === 500 ? [] : [asset.ID]);

      h.clock.advance(60_000);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(tdx.tickets.size).toBe(1);
      // Attached once: TeamDynamix keeps a ticket's assets as a set, so sending it again is safe.
      expect(created!.Assets).toEqual([asset.ID]);
      expect(created!.Tasks.map((t) => t.Title)).toEqual(['Prestage', 'Depot build', 'NIT delivery']);
      const attachPath = `${tickets}/${created!.ID}/assets/${asset.ID}`;
      const taskPath = `${tickets}/${created!.ID}/tasks`;
      const search = '/TDWebApi/api/43/assets/search';
      expect(tdx.calls.map((c) => [c.status, c.method, c.path, c.body])).toEqual([
        [
          200,
          'POST',
          '/TDWebApi/api/auth/loginadmin',
          { BEID: tdx.beid, WebServicesKey: tdx.webServicesKey },
        ],
        [200, 'POST', search, { SerialLike: 'SN2', MaxResults: 50 }],
        [
          201,
          'POST',
          `${tickets}?${notify}`,
          {
            ...refreshTicketIds,
            Title: 'Refresh SN1',
            Description: `Replacement SN2.\n\nRequested in Otto by U0ADMIN01 for refresh ticket #1.\nOtto reference ${marker}`,
          },
        ],
        [answered, 'POST', attachPath, {}],
        // The retry: the replacement searched for again (a read), attached, then the tasks.
        [200, 'POST', search, { SerialLike: 'SN2', MaxResults: 50 }],
        [200, 'POST', attachPath, {}],
        [
          201,
          'POST',
          taskPath,
          { Title: 'Prestage', ResponsibleGroupID: 900, Description: `Otto reference ${marker}, task 1` },
        ],
        [
          201,
          'POST',
          taskPath,
          {
            Title: 'Depot build',
            EndDate: '2025-03-10T13:00:00.000Z',
            ResponsibleGroupID: 900,
            Description: `Otto reference ${marker}, task 2`,
          },
        ],
        [
          201,
          'POST',
          taskPath,
          {
            Title: 'NIT delivery',
            EndDate: '2025-03-11T15:00:00.000Z',
            ResponsibleGroupID: 900,
            Description: `Otto reference ${marker}, task 3`,
          },
        ],
      ]);
      expect(await journalOf(outboxId)).toMatchObject({ steps: { attach: {} }, tasks: { length: 3 } });
      expect((await h.database.db.select().from(refreshTickets))[0]!.itsmTicketId).toBe(String(created!.ID));
    },
  );

  it.each([
    { fault: { status: 500 as const }, what: 'refused with a 500 (not assigned)' },
    { fault: { lose: true as const }, what: 'assigned, its answer lost' },
  ])(
    'resumes after the workflow assignment was $what: one ticket, the workflow assigned once',
    async ({ fault }) => {
      const base = tdxSettingsFor();
      const settings = TdxSettingsSchema.parse(
        tdxSettingsFor({
          tickets: {
            ...base.tickets,
            refresh: { ...base.tickets.refresh, tasks: 'workflow', workflowId: 600 },
          },
          workflowTasks: {
            depot_build: 'Depot build (workflow)',
            nit_delivery: 'Deliver and set up (workflow)',
          },
        }),
      );
      const { outboxId } = await start({ settings });
      tdx.failNth({ method: 'PUT', path: /\/workflow\?/ }, 1, fault);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 0, retried: 1, failed: 0 });
      const [created] = [...tdx.tickets.values()];
      const { marker, ...first } = (await journalOf(outboxId))!;
      // The assignment was sent and its answer not recorded: the retry must check before sending again.
      expect(first).toMatchObject({ itsmTicketId: String(created!.ID), steps: { workflow: 'sent' } });
      expect(created!.WorkflowID).toBe('lose' in fault ? 600 : 0);

      h.clock.advance(60_000);
      expect(await h.dispatcher.runOnce()).toEqual({ sent: 1, retried: 0, failed: 0 });
      expect(tdx.tickets.size).toBe(1);
      expect(created!.WorkflowID).toBe(600);
      // The workflow's own tasks, once: Otto adds none to a workflow-driven ticket.
      expect(created!.Tasks.map((t) => [t.Title, t.TaskType])).toEqual([
        ['Depot build (workflow)', 3],
        ['Deliver and set up (workflow)', 3],
      ]);
      const ticketPath = `${tickets}/${created!.ID}`;
      const assign = `${ticketPath}/workflow?newWorkflowId=600&allowRemoveExisting=false`;
      expect(tdx.calls.map((c) => [c.status, c.method, c.path, c.body])).toEqual([
        [
          200,
          'POST',
          '/TDWebApi/api/auth/loginadmin',
          { BEID: tdx.beid, WebServicesKey: tdx.webServicesKey },
        ],
        [
          201,
          'POST',
          `${tickets}?${notify}`,
          {
            ...refreshTicketIds,
            Title: 'Refresh SN1',
            Description: `Replacement SN2.\n\nRequested in Otto by U0ADMIN01 for refresh ticket #1.\nOtto reference ${marker}`,
          },
        ],
        ['lose' in fault ? 200 : 500, 'PUT', assign, {}],
        // The retry: the ticket read for its workflow; assigned again only when it has none.
        [200, 'GET', ticketPath, undefined],
        ...('lose' in fault ? [] : [[200, 'PUT', assign, {}]]),
        [200, 'GET', `${ticketPath}/tasks?isEligiblePredecessor=false`, undefined],
      ]);
      const workflowTasks = created!.Tasks.map((t) => String(t.ID));
      expect(await journalOf(outboxId)).toMatchObject({
        steps: { workflow: 'done', workflowTasks: 'read' },
        tasks: [
          { index: 1, id: workflowTasks[0], kind: 'depot_build' },
          { index: 2, id: workflowTasks[1], kind: 'nit_delivery' },
        ],
      });
      const created_ = (await eventsOf(1)).find((e) => e.kind === 'itsm_ticket_created')!;
      expect(created_.detail).toMatchObject({
        itsmTicketId: String(created!.ID),
        tasks: [
          { id: workflowTasks[0], kind: 'depot_build' },
          { id: workflowTasks[1], kind: 'nit_delivery' },
        ],
      });
    },
  );

  it('creates 35 tickets queued at once inside the 30-a-minute budget: the rest wait their turn in the outbox, no 429, none searched for', async () => {
    const { outboxId } = await start();
    const db = h.database.db;
    for (let i = 2; i <= 35; i += 1) {
      await enqueueItsmRequest(
        db,
        { ...request, kind: 'confirm_location', title: `Confirm location ${i}`, tasks: [] },
        {},
        h.clock.now(),
      );
    }
    // The first 30 creations go; the 31st would wait a minute: it and the other ITSM rows wait for a later round.
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 30, retried: 1, failed: 0 });
    expect(tdx.tickets.size).toBe(30);
    const handedBack = (await h.row(outboxId + 30))!;
    expect(handedBack).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: expect.stringMatching(
        /^TeamDynamix's rate limit for POST \/\{n\}\/tickets is spent \(rate limited; retry in 6\d s\)$/,
      ),
    });
    expect(await h.row(outboxId + 31)).toMatchObject({ status: 'pending', attempts: 0 });

    h.clock.advance(2 * 60_000);
    expect(await h.dispatcher.runOnce()).toEqual({ sent: 5, retried: 0, failed: 0 });
    expect(tdx.tickets.size).toBe(35);
    expect(tdx.rateLimited).toBe(0);
    expect(tdx.calls.filter((c) => c.path.includes('/search'))).toEqual([]);
    expect(new Set([...tdx.tickets.values()].map((t) => t.Title)).size).toBe(35);
  });
});
