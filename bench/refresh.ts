// `npm run bench` (second part): the refresh work that must stay fast as data grows —
// a 5,000-serial batch turned into tickets, the Friday digest for 1,000 approvers, and the
// Home of an approver of 10,000 tickets.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import { renderHome } from '../blocks/shared/home.js';
import { type OpenDatabase, openDatabase } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
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

const ADMIN = 'U0BENCHADM';
const dir = mkdtempSync(join(tmpdir(), 'otto-bench-refresh-'));
let run = 0;

function context(): { ctx: ServiceContext; database: OpenDatabase; clock: ManualClock } {
  const database = openDatabase(join(dir, `refresh-${++run}.db`));
  // Monday 2026-11-16, 14:00 in Detroit.
  const clock = new ManualClock('2026-11-16T19:00:00Z');
  const ctx: ServiceContext = {
    db: database.db,
    clock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(database.db, clock),
  };
  return { ctx, database, clock };
}

/** Inventory, configs and people written straight through SQLite: the set-up is not what is measured. */
function seed(
  database: OpenDatabase,
  options: { systems: number; approvers: number; ticketsPerApprover: number; awaitingEvery: number },
) {
  const { sqlite } = database;
  const now = Date.parse('2026-11-09T15:00:00Z');
  sqlite.transaction(() => {
    sqlite
      .prepare(
        "insert into support_teams (name, time_zone, min_free_slots, created_at) values ('North', 'America/Detroit', 5, ?)",
      )
      .run(now);
    sqlite.prepare("insert into units (name, created_at) values ('LSA', ?)").run(now);
    sqlite.prepare("insert into system_groups (name) values ('Refresh')").run();
    sqlite
      .prepare(
        "insert into models (manufacturer, name, platform) values ('Dell', 'Latitude 7450', 'windows')",
      )
      .run();
    const person = sqlite.prepare('insert into people (email, name, slack_user_id) values (?, ?, ?)');
    const system = sqlite.prepare(
      "insert into systems (serial, name, model_id, platform, user_id, support_team_id, unit_id, building, room, group_id, status, updated_at) values (?, ?, 1, 'windows', ?, 1, 1, 'Angell Hall', '3120', 1, 'active', ?)",
    );
    const config = sqlite.prepare(
      "insert into refresh_configs (name, unit_id, style, requires_approval, proposed_model_id, created_at, updated_at) values (?, 1, 'remote_customer', 1, 1, ?, ?)",
    );
    const approver = sqlite.prepare('insert into config_approvers (config_id, slack_user_id) values (?, ?)');
    const ticket = sqlite.prepare(
      "insert into refresh_tickets (existing_system_id, user_id, config_id, style, status, proposed_model_id, support_team_id, group_id, created_by, created_at, updated_at) values (?, ?, ?, 'remote_customer', ?, 1, 1, 1, 'U0BENCHADM', ?, ?)",
    );
    const statuses = ['pending_customer', 'pending_ordering', 'pending_location_info', 'complete'];
    for (let i = 1; i <= options.systems; i++) {
      person.run(`user${i}@example.edu`, `User ${i}`, `U${String(i).padStart(9, '0')}`);
      system.run(`BENCH${String(i).padStart(6, '0')}`, `PC-${i}`, i, now);
    }
    let systemId = 0;
    for (let a = 1; a <= options.approvers; a++) {
      const approverId = `UA${String(a).padStart(8, '0')}`;
      person.run(`approver${a}@example.edu`, `Approver ${a}`, approverId);
      const configId = Number(config.run(`Config ${a}`, now, now).lastInsertRowid);
      approver.run(configId, approverId);
      for (let t = 0; t < options.ticketsPerApprover; t++) {
        systemId += 1;
        const status = t % options.awaitingEvery === 0 ? 'requires_approval' : statuses[t % statuses.length]!;
        ticket.run(systemId, systemId, configId, status, now, now);
      }
    }
  })();
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
    const { ctx, database, clock } = context();
    seed(database, { systems: 5000, approvers: 0, ticketsPerApprover: 0, awaitingEvery: 1 });
    database.sqlite
      .prepare(
        "insert into roles (slack_user_id, role, scope, granted_by, granted_at) values (?, 'admin', '', 'bench', 0)",
      )
      .run(ADMIN);
    database.sqlite
      .prepare(
        "insert into refresh_configs (name, unit_id, style, proposed_model_id, created_at, updated_at) values ('Batch config', 1, 'remote_customer', 1, 0, 0)",
      )
      .run();
    const configId = Number(
      database.sqlite.prepare("select id from refresh_configs where name = 'Batch config'").pluck().get(),
    );
    const serials = Array.from({ length: 5000 }, (_, i) => `BENCH${String(i + 1).padStart(6, '0')}`).join(
      '\n',
    );
    const started = performance.now();
    const batch = createBatch(ctx, { actor: ADMIN, name: 'Bench batch', serials });
    const made = performance.now();
    await lookUpBatch(ctx, { actor: ADMIN, batchId: batch.batchId });
    const lookedUp = performance.now();
    const created = createTicketsFromBatch(ctx, { actor: ADMIN, batchId: batch.batchId, configId });
    const batchMs = performance.now() - started;
    const steps = `batch ${fmt(made - started)}, lookup ${fmt(lookedUp - made)}, tickets ${fmt(started + batchMs - lookedUp)}`;
    const audits = Number(
      database.sqlite.prepare("select count(*) from audits where action = 'created'").pluck().get(),
    );
    clock.set('2026-11-17T15:05:00Z'); // Tuesday 10:05 in Detroit: their invitation time.
    const invitations = await timeAsync(() => sendDueInvitations(ctx, clock.now()));
    const outboxRows = ctx.db.select({ n: sql<number>`count(*)` }).from(outbox).get()?.n ?? 0;
    console.log('Batch of 5,000 serials (target < 500 ms for lookup + tickets):');
    console.log(
      `  create + look up + create tickets   ${fmt(batchMs)}   (${created.ticketIds.length} tickets, ${audits} audit rows)`,
    );
    console.log(`    (${steps})`);
    console.log(`  invitations falling due             ${fmt(invitations.ms)}   (${outboxRows} outbox rows)`);
    database.close();
  }

  // 2. The Friday digest for 1,000 approvers of 10 tickets each: built, written to the outbox, and
  //    every e-mail rendered from its view and filled from the compiled template as the dispatcher will.
  {
    const { ctx, database, clock } = context();
    seed(database, { systems: 10_000, approvers: 1000, ticketsPerApprover: 10, awaitingEvery: 3 });
    clock.set('2026-11-20T13:00:00Z'); // Friday 08:00 in Detroit.
    const templates = await loadTemplates();
    const digest = await timeAsync(() => sendFridayDigest(ctx, clock.now()));
    const emails = ctx.db.select().from(outbox).where(eq(outbox.channel, 'email')).all();
    const render = time(() => {
      for (const row of emails) {
        const payload = renderEmailRow(row);
        templates.render(payload.template, payload.subject, payload.data);
      }
    });
    console.log('Friday digest for 1,000 approvers, 10,000 tickets (target < 1 s):');
    console.log(
      `  build + DMs + outbox rows           ${fmt(digest.ms)}   (${digest.result.approvers} approvers)`,
    );
    console.log(`  e-mails rendered, filled from MJML  ${fmt(render.ms)}   (${emails.length} e-mails)`);
    console.log(`  total                               ${fmt(digest.ms + render.ms)}`);
    database.close();
  }

  // 3. The Home of one approver of 10,000 tickets (one in 20 awaiting them).
  {
    const { ctx, database } = context();
    seed(database, { systems: 10_000, approvers: 1, ticketsPerApprover: 10_000, awaitingEvery: 20 });
    const approver = 'UA00000001';
    const runs = Array.from({ length: 21 }, () => time(() => renderHome(getHome(ctx, approver))));
    const blocks = runs[0]!.result.blocks.length;
    console.log('Approver Home with 10,000 tickets (target < 50 ms):');
    console.log(
      `  getHome + renderHome, median of 21  ${fmt(median(runs.map((r) => r.ms)))}   (${blocks} blocks)`,
    );
    database.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
