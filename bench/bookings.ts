// `npm run bench` (bookings part): 1,000 customers submit the booking modal at 50 at a time, as
// signed view_submission requests, each for a slot drawn at random among 100 slots of 10 seats:
// reports the ack times and checks that no slot is booked beyond its capacity.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../db/client.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { benchSigningSecret, percentile, runLoad, signedInteractions } from './load.js';
import { seedInventory } from './seed.js';

const CUSTOMERS = 1000;
const SLOTS = 100;
const CAPACITY = 10;
const CONCURRENCY = 50;
const customer = (i: number) => `U0BOOK${String(i).padStart(5, '0')}`;

/** 1,000 on-prem tickets waiting for their customers to pick, and 100 slots of 10 seats from tomorrow. */
function seed(path: string) {
  const sqlite = new Database(path);
  const now = Date.now();
  sqlite.transaction(() => {
    seedInventory(sqlite, now);
    sqlite
      .prepare(
        "insert into support_teams (name, time_zone, created_at) values ('North', 'America/Detroit', ?)",
      )
      .run(now);
    const person = sqlite.prepare('insert into people (email, name, slack_user_id) values (?, ?, ?)');
    const system = sqlite.prepare(
      "insert into systems (serial, model_id, platform, unit_id, group_id, status, user_id, support_team_id, updated_at) values (?, 1, 'windows', 1, 1, 'active', ?, 1, ?)",
    );
    const ticket = sqlite.prepare(
      "insert into refresh_tickets (existing_system_id, replacement_system_id, config_id, style, status, proposed_model_id, group_id, user_id, support_team_id, building, room, created_by, created_at, updated_at) values (?, ?, 1, 'on_prem', 'pending_customer_scheduling', 1, 1, ?, 1, 'Angell Hall', '2001', 'U0BENCH', ?, ?)",
    );
    for (let i = 0; i < CUSTOMERS; i++) {
      const personId = Number(person.run(`c${i}@example.edu`, `Customer ${i}`, customer(i)).lastInsertRowid);
      const existing = Number(system.run(`OLD${i}`, personId, now).lastInsertRowid);
      const replacement = Number(system.run(`NEW${i}`, null, now).lastInsertRowid);
      ticket.run(existing, replacement, personId, now, now);
    }
    const slot = sqlite.prepare(
      'insert into schedule_slots (support_team_id, starts_at, ends_at, capacity, booked) values (1, ?, ?, ?, 0)',
    );
    const tomorrow = now + 24 * 3_600_000;
    for (let s = 0; s < SLOTS; s++) {
      const start = tomorrow + s * 3_600_000;
      slot.run(start, start + 3_600_000, CAPACITY);
    }
  })();
  sqlite.close();
}

/** Customer i's submission of the booking modal for slot `slotId` (ticket i+1 is theirs). */
function submission(i: number, slotId: number) {
  const user = customer(i);
  return {
    type: 'view_submission',
    team: { id: 'T0BENCH', domain: 'bench' },
    user: { id: user, username: user, name: user, team_id: 'T0BENCH' },
    api_app_id: 'A0BENCH',
    token: 'legacy',
    trigger_id: `1.${i}.bench`,
    view: {
      id: `V0BOOK${i}`,
      type: 'modal',
      callback_id: 'book_slot',
      private_metadata: JSON.stringify({ ticketId: i + 1 }),
      blocks: [],
      state: {
        values: {
          book_slot_time: {
            book_slot_choice: { type: 'static_select', selected_option: { value: String(slotId) } },
          },
        },
      },
      hash: `h${i}`,
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'otto-bench-bookings-'));
const standIn = await startSlackStandIn();
for (let i = 0; i < CUSTOMERS; i++)
  standIn.addUser({ id: customer(i), name: `c${i}`, email: `c${i}@example.edu` });
try {
  const path = join(dir, 'bookings.db');
  openDatabase(path).close();
  seed(path);
  const otto = await startOtto({
    config: loadConfig({ DATABASE_URL: path, PORT: '0', SLACK_API_URL: standIn.apiUrl, LOG_LEVEL: 'error' }),
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  // A fixed pseudo-random draw, so some slots are asked for by more than 10 customers.
  let state = 42;
  const draw = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return 1 + ((state >>> 8) % SLOTS);
  };
  const requests = signedInteractions(Array.from({ length: CUSTOMERS }, (_, i) => submission(i, draw())));
  const { latencies, seconds } = await runLoad(
    `http://127.0.0.1:${otto.port}/slack/events`,
    requests,
    CONCURRENCY,
  );

  const sqlite = otto.database.sqlite;
  const slots = sqlite.prepare('select id, capacity, booked from schedule_slots').all() as Array<{
    id: number;
    capacity: number;
    booked: number;
  }>;
  const counted = sqlite
    .prepare(
      "select schedule_slot_id as id, count(*) as n from refresh_tickets where status = 'delivery_scheduled' group by schedule_slot_id",
    )
    .all() as Array<{ id: number; n: number }>;
  const booked = counted.reduce((sum, row) => sum + row.n, 0);
  const overbooked = slots.filter((slot) => slot.booked > slot.capacity);
  const miscounted = slots.filter((slot) => slot.booked !== (counted.find((c) => c.id === slot.id)?.n ?? 0));
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `Booking: ${CUSTOMERS} customers submit the booking modal, ${CONCURRENCY} at a time, for ${SLOTS} slots of ${CAPACITY} seats (random picks):`,
  );
  console.log(
    `  ${seconds.toFixed(2)} s; ack p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  console.log(
    `  ${booked} booked, ${CUSTOMERS - booked} shown the slot was gone; overbooked slots: ${overbooked.length}; seat counts off: ${miscounted.length}`,
  );
  await otto.stop();
  if (overbooked.length > 0 || miscounted.length > 0) process.exitCode = 1;
} finally {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
}
// Each booking republishes its customer's Home after the ack; the Web API client is still
// working through that queue when the stand-in closes, and would retry the rest for minutes.
process.exit();
