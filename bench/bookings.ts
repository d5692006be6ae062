// `npm run bench` (bookings part): 1,000 customers submit the booking modal at 50 at a time, as
// signed view_submission requests, each for a slot drawn at random among 100 slots of 10 seats:
// reports the ack times and checks that no slot is booked beyond its capacity.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { openDatabase } from '../db/client.js';
import { people, refreshTickets, scheduleSlots, supportTeams, systems } from '../db/schema/index.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { benchSigningSecret, percentile, runLoad, signedInteractions } from './load.js';
import { insertInChunks, seedInventory } from './seed.js';

const CUSTOMERS = 1000;
const SLOTS = 100;
const CAPACITY = 10;
const CONCURRENCY = 50;
const customer = (i: number) => `U0BOOK${String(i).padStart(5, '0')}`;

/** 1,000 on-prem tickets waiting for their customers to pick, and 100 slots of 10 seats from tomorrow. */
async function seed(path: string) {
  const database = await openDatabase(path);
  const now = new Date();
  await database.db.transaction(async (tx) => {
    await seedInventory(tx, now);
    await tx.insert(supportTeams).values({ name: 'North', timeZone: 'America/Detroit', createdAt: now });
    const customers = Array.from({ length: CUSTOMERS }, (_, i) => i);
    await insertInChunks(customers, (chunk) =>
      tx
        .insert(people)
        .values(
          chunk.map((i) => ({ email: `c${i}@example.edu`, name: `Customer ${i}`, slackUserId: customer(i) })),
        ),
    );
    const personIds = new Map(
      (await tx.select({ id: people.id, email: people.email }).from(people)).map((p) => [p.email, p.id]),
    );
    const personOf = (i: number) => personIds.get(`c${i}@example.edu`)!;
    const system = (serial: string, userId: number | null) => ({
      serial,
      modelId: 1,
      platform: 'windows' as const,
      unitId: 1,
      groupId: 1,
      status: 'active' as const,
      userId,
      supportTeamId: 1,
      updatedAt: now,
    });
    const systemRows = customers.flatMap((i) => [system(`OLD${i}`, personOf(i)), system(`NEW${i}`, null)]);
    await insertInChunks(systemRows, (chunk) => tx.insert(systems).values(chunk));
    const systemIds = new Map(
      (await tx.select({ id: systems.id, serial: systems.serial }).from(systems)).map((s) => [
        s.serial,
        s.id,
      ]),
    );
    // In customer order: customer i's ticket is ticket i+1.
    await insertInChunks(customers, (chunk) =>
      tx.insert(refreshTickets).values(
        chunk.map((i) => ({
          existingSystemId: systemIds.get(`OLD${i}`)!,
          replacementSystemId: systemIds.get(`NEW${i}`)!,
          configId: 1,
          style: 'on_prem' as const,
          status: 'pending_customer_scheduling' as const,
          proposedModelId: 1,
          groupId: 1,
          userId: personOf(i),
          supportTeamId: 1,
          building: 'Angell Hall',
          room: '2001',
          createdBy: 'U0BENCH',
          createdAt: now,
          updatedAt: now,
        })),
      ),
    );
    const tomorrow = now.getTime() + 24 * 3_600_000;
    await tx.insert(scheduleSlots).values(
      Array.from({ length: SLOTS }, (_, s) => {
        const start = tomorrow + s * 3_600_000;
        return {
          supportTeamId: 1,
          startsAt: new Date(start),
          endsAt: new Date(start + 3_600_000),
          capacity: CAPACITY,
          booked: 0,
        };
      }),
    );
  });
  await database.close();
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
  await seed(path);
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

  const { db } = otto.database;
  const slots = await db
    .select({ id: scheduleSlots.id, capacity: scheduleSlots.capacity, booked: scheduleSlots.booked })
    .from(scheduleSlots);
  const counted = await db
    .select({ id: refreshTickets.scheduleSlotId, n: count() })
    .from(refreshTickets)
    .where(eq(refreshTickets.status, 'delivery_scheduled'))
    .groupBy(refreshTickets.scheduleSlotId);
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
