// `npm run bench` (second part): the refresh work that must stay fast as data grows —
// a 5,000-serial batch turned into tickets, the Friday digest for 1,000 approvers, and the
// Home of an approver of 10,000 tickets.
import { performance } from 'node:perf_hooks';
import { count, eq } from 'drizzle-orm';
import { renderHome } from '../blocks/shared/home.js';
import { insertRows } from '../db/bulk.js';
import { type OpenDatabase, openDatabase } from '../db/client.js';
import {
  audits,
  configApprovers,
  models,
  outbox,
  people,
  refreshConfigs,
  refreshTickets,
  roles,
  supportTeams,
  systemGroups,
  systems,
  units,
} from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import type { RefreshStatus } from '../src/domain/refresh/enums.js';
import { renderEmailRow } from '../src/effects/render/index.js';
import { createBuiltinItsm } from '../src/itsm/builtin.js';
import { loadTemplates } from '../src/mail/templates.js';
import type { ServiceContext } from '../src/services/context.js';
import { getHome } from '../src/services/home/get-home.js';
import { createBatch } from '../src/services/refresh/batches/create-batch.js';
import { createTicketsFromBatch } from '../src/services/refresh/batches/create-tickets-from-batch.js';
import { lookUpBatch } from '../src/services/refresh/batches/look-up-batch.js';
import { sendFridayDigest } from '../src/services/refresh/digest/index.js';
import { sendDueInvitations } from '../src/services/refresh/timers/send-due-invitations.js';
import { benchDatabase, benchOnPostgres, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';

const ADMIN = 'U0BENCHADM';
let run = 0;

async function context(): Promise<{ ctx: ServiceContext; database: OpenDatabase; clock: ManualClock }> {
  const database = await openDatabase(await benchDatabase(`refresh-${++run}`));
  // Monday 2026-11-16, 14:00 in Detroit.
  const clock = new ManualClock('2026-11-16T19:00:00Z');
  const ctx: ServiceContext = {
    db: database.db,
    clock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(database.db, clock, 'America/Detroit'),
  };
  return { ctx, database, clock };
}

/** Inventory, configs and people written in bulk: the set-up is not what is measured. */
async function seed(
  database: OpenDatabase,
  options: { systems: number; approvers: number; ticketsPerApprover: number; awaitingEvery: number },
) {
  const now = new Date('2026-11-09T15:00:00Z');
  await database.db.transaction(async (tx) => {
    await tx
      .insert(supportTeams)
      .values({ name: 'North', timeZone: 'America/Detroit', minFreeSlots: 5, createdAt: now });
    await tx.insert(units).values({ name: 'LSA', createdAt: now });
    await tx.insert(systemGroups).values({ name: 'Refresh' });
    await tx.insert(models).values({ manufacturer: 'Dell', name: 'Latitude 7450', platform: 'windows' });
    const statuses: RefreshStatus[] = [
      'pending_customer',
      'pending_ordering',
      'pending_location_info',
      'complete',
    ];
    const numbers = Array.from({ length: options.systems }, (_, i) => i + 1);
    await insertRows(
      tx,
      people,
      numbers.map((i) => ({
        email: `user${i}@example.edu`,
        name: `User ${i}`,
        slackUserId: `U${String(i).padStart(9, '0')}`,
      })),
    );
    // Person i owns system i (both made in order in an empty database).
    await insertRows(
      tx,
      systems,
      numbers.map((i) => ({
        serial: `BENCH${String(i).padStart(6, '0')}`,
        name: `PC-${i}`,
        modelId: 1,
        platform: 'windows' as const,
        userId: i,
        supportTeamId: 1,
        unitId: 1,
        building: 'Angell Hall',
        room: '3120',
        groupId: 1,
        status: 'active' as const,
        updatedAt: now,
      })),
    );
    const approvers = Array.from({ length: options.approvers }, (_, i) => ({
      slackUserId: `UA${String(i + 1).padStart(8, '0')}`,
      number: i + 1,
    }));
    await insertRows(
      tx,
      people,
      approvers.map((a) => ({
        email: `approver${a.number}@example.edu`,
        name: `Approver ${a.number}`,
        slackUserId: a.slackUserId,
      })),
    );
    await insertRows(
      tx,
      refreshConfigs,
      approvers.map((a) => ({
        name: `Config ${a.number}`,
        unitId: 1,
        style: 'remote_customer' as const,
        requiresApproval: true,
        proposedModelId: 1,
        createdAt: now,
        updatedAt: now,
      })),
    );
    const configIds = new Map(
      (await tx.select({ id: refreshConfigs.id, name: refreshConfigs.name }).from(refreshConfigs)).map(
        (c) => [c.name, c.id],
      ),
    );
    await insertRows(
      tx,
      configApprovers,
      approvers.map((a) => ({ configId: configIds.get(`Config ${a.number}`)!, slackUserId: a.slackUserId })),
    );
    const tickets: Array<typeof refreshTickets.$inferInsert> = [];
    let systemId = 0;
    for (const a of approvers) {
      const configId = configIds.get(`Config ${a.number}`)!;
      for (let t = 0; t < options.ticketsPerApprover; t++) {
        systemId += 1;
        const status = t % options.awaitingEvery === 0 ? 'requires_approval' : statuses[t % statuses.length]!;
        tickets.push({
          existingSystemId: systemId,
          userId: systemId,
          configId,
          style: 'remote_customer',
          status,
          proposedModelId: 1,
          supportTeamId: 1,
          groupId: 1,
          createdBy: ADMIN,
          createdAt: now,
          updatedAt: now,
        });
      }
    }
    await insertRows(tx, refreshTickets, tickets);
  });
}

function time<T>(work: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = work();
  return { ms: performance.now() - started, result };
}

async function timeAsync<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { ms: performance.now() - started, result };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

try {
  // 1. A batch of 5,000 serials looked up and turned into tickets with their audit rows; then the
  //    invitation run that writes their outbox rows (a DM and an e-mail each) when they fall due.
  {
    const { ctx, database, clock } = await context();
    await seed(database, { systems: 5000, approvers: 0, ticketsPerApprover: 0, awaitingEvery: 1 });
    const epoch = new Date(0);
    await ctx.db
      .insert(roles)
      .values({ slackUserId: ADMIN, role: 'admin', scope: '', grantedBy: 'bench', grantedAt: epoch });
    const [config] = await ctx.db
      .insert(refreshConfigs)
      .values({
        name: 'Batch config',
        unitId: 1,
        style: 'remote_customer',
        proposedModelId: 1,
        createdAt: epoch,
        updatedAt: epoch,
      })
      .returning({ id: refreshConfigs.id });
    const configId = config!.id;
    const serials = Array.from({ length: 5000 }, (_, i) => `BENCH${String(i + 1).padStart(6, '0')}`).join(
      '\n',
    );
    const started = performance.now();
    const batch = await createBatch(ctx, { actor: ADMIN, name: 'Bench batch', serials });
    const made = performance.now();
    await lookUpBatch(ctx, { actor: ADMIN, batchId: batch.batchId });
    const lookedUp = performance.now();
    const created = await createTicketsFromBatch(ctx, { actor: ADMIN, batchId: batch.batchId, configId });
    const batchMs = performance.now() - started;
    const steps = `batch ${fmt(made - started)}, lookup ${fmt(lookedUp - made)}, tickets ${fmt(started + batchMs - lookedUp)}`;
    const [createdAudits] = await ctx.db
      .select({ n: count() })
      .from(audits)
      .where(eq(audits.action, 'created'));
    const auditRows = createdAudits?.n ?? 0;
    clock.set('2026-11-17T15:05:00Z'); // Tuesday 10:05 in Detroit: their invitation time.
    const invitations = await timeAsync(() => sendDueInvitations(ctx, clock.now()));
    const [queued] = await ctx.db.select({ n: count() }).from(outbox);
    const outboxRows = queued?.n ?? 0;
    // SQLite's goal from the first issues; PostgreSQL's from the replicas issue.
    const batchGoal = benchOnPostgres ? 1000 : 500;
    console.log(`Batch of 5,000 serials (target < ${batchGoal} ms for lookup + tickets):`);
    figure('batch of 5,000 serials to tickets', batchMs, 'ms', { below: batchGoal });
    figure('invitations for 5,000 tickets', invitations.ms, 'ms');
    console.log(
      `  create + look up + create tickets   ${fmt(batchMs)}   (${created.ticketIds.length} tickets, ${auditRows} audit rows)`,
    );
    console.log(`    (${steps})`);
    console.log(`  invitations falling due             ${fmt(invitations.ms)}   (${outboxRows} outbox rows)`);
    await database.close();
  }

  // 2. The Friday digest for 1,000 approvers of 10 tickets each: built, written to the outbox, and
  //    every e-mail rendered from its view and filled from the compiled template as the dispatcher will.
  {
    const { ctx, database, clock } = await context();
    await seed(database, { systems: 10_000, approvers: 1000, ticketsPerApprover: 10, awaitingEvery: 3 });
    clock.set('2026-11-20T13:00:00Z'); // Friday 08:00 in Detroit.
    const templates = await loadTemplates();
    const digest = await timeAsync(() => sendFridayDigest(ctx, clock.now()));
    const emails = await ctx.db.select().from(outbox).where(eq(outbox.channel, 'email'));
    const render = time(() => {
      for (const row of emails) {
        const payload = renderEmailRow(row);
        templates.render(payload.template, payload.subject, payload.data);
      }
    });
    console.log('Friday digest for 1,000 approvers, 10,000 tickets (target < 1 s):');
    figure('Friday digest, 1,000 approvers', digest.ms + render.ms, 'ms', { below: 1000 });
    console.log(
      `  build + DMs + outbox rows           ${fmt(digest.ms)}   (${digest.result.approvers} approvers)`,
    );
    console.log(`  e-mails rendered, filled from MJML  ${fmt(render.ms)}   (${emails.length} e-mails)`);
    console.log(`  total                               ${fmt(digest.ms + render.ms)}`);
    await database.close();
  }

  // 3. The Home of one approver of 10,000 tickets (one in 20 awaiting them).
  {
    const { ctx, database } = await context();
    await seed(database, { systems: 10_000, approvers: 1, ticketsPerApprover: 10_000, awaitingEvery: 20 });
    const approver = 'UA00000001';
    const runs: Array<{ ms: number; result: ReturnType<typeof renderHome> }> = [];
    for (let i = 0; i < 21; i++)
      runs.push(await timeAsync(async () => renderHome(await getHome(ctx, approver))));
    const blocks = runs[0]!.result.blocks.length;
    const homeMs = median(runs.map((r) => r.ms));
    console.log('Approver Home with 10,000 tickets (target < 50 ms):');
    figure('approver Home, 10,000 tickets', homeMs, 'ms', sqliteGoal({ below: 50 }));
    console.log(`  getHome + renderHome, median of 21  ${fmt(homeMs)}   (${blocks} blocks)`);
    await database.close();
  }
} finally {
  await dropBenchDatabases();
}
