// `npm run bench` (web-booking part): 1,000 customers without Slack post the booking page's form
// from the links their invitations carry, 50 at a time, through real HTTP, each for a slot drawn
// at random among 100 slots of 10 seats: reports the answer times (a 303 to the booked page, or
// the page with the next free times when the seat was gone) and checks that no slot is booked
// beyond its capacity. A first rush of 250 customers of another team warms the app and the load
// generator up, as in the Slack booking benchmark (bench/bookings.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { insertRows } from '../db/bulk.js';
import { openDatabase } from '../db/client.js';
import { people, refreshTickets, scheduleSlots, supportTeams } from '../db/schema/index.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { formToken, readWebLink } from '../src/domain/links/web-link.js';
import { issueWebLink } from '../src/effects/web-links.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';
import { benchSigningSecret, percentile, type SignedRequest, startLoad } from './load.js';
import { seedInventory, seedSystems, seedTickets } from './seed.js';

const CUSTOMERS = 1000;
const SLOTS = 100;
const CAPACITY = 10;
const CONCURRENCY = 50;
const WARM_UP_CUSTOMERS = 250;
const WARM_UP_SLOTS = 25;
const linkSecret = 'bench-link-secret-of-at-least-32-characters';
const email = (i: number) => `w${i}@example.edu`;

/**
 * 1,000 on-prem tickets of team 1 waiting for customers who are not in Slack, and its 100 slots
 * of 10 seats from tomorrow; the same for the warm-up's 250 tickets and 25 slots of team 2.
 */
async function seed(url: string) {
  const database = await openDatabase(url);
  const now = new Date();
  await database.db.transaction(async (tx) => {
    await seedInventory(tx, now);
    await tx.insert(supportTeams).values([
      { name: 'North', timeZone: 'America/Detroit', createdAt: now },
      { name: 'South', timeZone: 'America/Detroit', createdAt: now },
    ]);
    const customers = Array.from({ length: CUSTOMERS + WARM_UP_CUSTOMERS }, (_, i) => i);
    await insertRows(
      tx,
      people,
      customers.map((i) => ({
        email: email(i),
        name: `Customer ${i}`,
        slackUserId: null,
        slackLookedUpAt: now,
      })),
    );
    const personIds = new Map(
      (await tx.select({ id: people.id, email: people.email }).from(people)).map((p) => [p.email, p.id]),
    );
    const personOf = (i: number) => personIds.get(email(i))!;
    const systemIds = await seedSystems(
      tx,
      customers.flatMap((i) => [
        { serial: `OLD${i}`, userId: personOf(i), supportTeamId: 1 },
        { serial: `NEW${i}`, supportTeamId: 1 },
      ]),
      now,
    );
    // In customer order: customer i's ticket is ticket i+1; the first 1,000 are team 1's.
    await seedTickets(
      tx,
      customers.map((i) => ({
        existingSystemId: systemIds.get(`OLD${i}`)!,
        replacementSystemId: systemIds.get(`NEW${i}`)!,
        status: 'pending_customer_scheduling' as const,
        userId: personOf(i),
        supportTeamId: i < CUSTOMERS ? 1 : 2,
        building: 'Angell Hall',
        room: '2001',
      })),
      'U0BENCH',
      now,
    );
    const tomorrow = now.getTime() + 24 * 3_600_000;
    const slotsOf = (supportTeamId: number, n: number) =>
      Array.from({ length: n }, (_, s) => {
        const start = tomorrow + s * 3_600_000;
        return {
          supportTeamId,
          startsAt: new Date(start),
          endsAt: new Date(start + 3_600_000),
          capacity: CAPACITY,
          booked: 0,
        };
      });
    await tx.insert(scheduleSlots).values(slotsOf(1, SLOTS));
    await tx.insert(scheduleSlots).values(slotsOf(2, WARM_UP_SLOTS));
  });
  await database.close();
}

const standIn = await startSlackStandIn();
const mailDir = mkdtempSync(join(tmpdir(), 'otto-bench-web-mail-'));
try {
  const url = await benchDatabase('web-booking');
  await seed(url);
  const otto = await startOtto({
    config: loadConfig({
      DATABASE_URL: url,
      PORT: '0',
      SLACK_API_URL: standIn.apiUrl,
      LOG_LEVEL: 'error',
      OTTO_LINK_SECRET: linkSecret,
      MAIL_DIR: mailDir,
    }),
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  const { db } = otto.database;
  const settings = { secret: linkSecret, publicUrl: otto.ctx.links.publicUrl, ttlMs: 86_400_000 };
  // Each customer's link, as their invitation e-mail carried it, and the form token its page shows.
  const links: { path: string; form: string }[] = [];
  for (let i = 0; i < CUSTOMERS + WARM_UP_CUSTOMERS; i++) {
    const link = await issueWebLink(
      db,
      settings,
      email(i),
      { action: 'booking', subject: { kind: 'ticket', id: i + 1 } },
      new Date(),
    );
    const path = new URL(link).pathname;
    const claims = readWebLink(linkSecret, path.slice('/web/'.length))!;
    links.push({ path, form: formToken(linkSecret, claims) });
  }
  /** Customer i's post of the booking page's form for slot `slotId`. */
  const post = (i: number, slotId: number): SignedRequest => {
    const body = new URLSearchParams({
      _form: links[i]!.form,
      seen_status: 'pending_customer_scheduling',
      seen_slot: '',
      slot: String(slotId),
    }).toString();
    return {
      path: links[i]!.path,
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(Buffer.byteLength(body)),
        'sec-fetch-site': 'same-origin',
      },
      // Booked (303 to the page), or the seat was gone (409, the next free times).
      statuses: [303, 409],
    };
  };
  const drawer = (slots: number, seed: number) => {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 1 + ((state >>> 8) % slots);
    };
  };
  const draw = drawer(SLOTS, 42);
  const drawWarmUp = drawer(WARM_UP_SLOTS, 7);
  const load = startLoad(`http://127.0.0.1:${otto.port}/web`, CONCURRENCY);
  const warmUp = await load.run(
    Array.from({ length: WARM_UP_CUSTOMERS }, (_, i) => post(CUSTOMERS + i, SLOTS + drawWarmUp())),
  );
  await otto.dispatcher.runOnce();
  const { latencies, seconds } = await load.run(Array.from({ length: CUSTOMERS }, (_, i) => post(i, draw())));
  await load.close();

  const slots = await db
    .select({
      id: scheduleSlots.id,
      team: scheduleSlots.supportTeamId,
      capacity: scheduleSlots.capacity,
      booked: scheduleSlots.booked,
    })
    .from(scheduleSlots);
  const counted = await db
    .select({ id: refreshTickets.scheduleSlotId, team: refreshTickets.supportTeamId, n: count() })
    .from(refreshTickets)
    .where(eq(refreshTickets.status, 'delivery_scheduled'))
    .groupBy(refreshTickets.scheduleSlotId, refreshTickets.supportTeamId);
  const booked = counted.filter((row) => row.team === 1).reduce((sum, row) => sum + row.n, 0);
  const seats = slots.filter((slot) => slot.team === 1).reduce((sum, slot) => sum + slot.capacity, 0);
  const overbooked = slots.filter((slot) => slot.booked > slot.capacity);
  const miscounted = slots.filter((slot) => slot.booked !== (counted.find((c) => c.id === slot.id)?.n ?? 0));
  const sorted = [...latencies].sort((a, b) => a - b);
  const warmUpSorted = [...warmUp.latencies].sort((a, b) => a - b);
  figure('web booking POST p50, 50 at a time', percentile(sorted, 50), 'ms');
  figure('web booking POST p99, 50 at a time', percentile(sorted, 99), 'ms', sqliteGoal({ below: 200 }));
  console.log(
    `Web booking: ${CUSTOMERS} customers outside Slack post the booking page, ${CONCURRENCY} at a time, for ${SLOTS} slots of ${CAPACITY} seats (random picks):`,
  );
  console.log(
    `  first, to warm up: ${WARM_UP_CUSTOMERS} customers of another team: p50 ${percentile(warmUpSorted, 50).toFixed(1)} ms, p99 ${percentile(warmUpSorted, 99).toFixed(1)} ms`,
  );
  console.log(
    `  ${seconds.toFixed(2)} s; p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  console.log(
    `  seats taken: ${booked} of ${seats}; ${CUSTOMERS - booked} shown the next free times; overbooked slots: ${overbooked.length}; seat counts off: ${miscounted.length}`,
  );
  await otto.stop();
  if (overbooked.length > 0 || miscounted.length > 0) process.exitCode = 1;
} finally {
  await standIn.close();
  await dropBenchDatabases();
  rmSync(mailDir, { recursive: true, force: true });
}
process.exit();
