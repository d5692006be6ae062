// `npm run bench` (web-booking part): 1,000 customers without Slack post the booking page's form
// from the links their invitations carry, 50 at a time, through real HTTP, each for a slot drawn
// at random among 100 slots of 10 seats: reports the answer times (a 303 to the booked page, or
// the page with the next free times when the seat was gone) and checks that no slot is booked
// beyond its capacity. A first rush of 250 customers of another team warms the app and the load
// generator up, as in the Slack booking benchmark (bench/bookings.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { formToken, readWebLink } from '../src/domain/links/web-link.js';
import { issueWebLink } from '../src/effects/web-links.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { countSeats, seedBookingRush } from './booking-rush.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';
import { benchSigningSecret, percentile, type SignedRequest, startLoad } from './load.js';

const CUSTOMERS = 1000;
const SLOTS = 100;
const CAPACITY = 10;
const CONCURRENCY = 50;
const WARM_UP_CUSTOMERS = 250;
const WARM_UP_SLOTS = 25;
const linkSecret = 'bench-link-secret-of-at-least-32-characters';
const email = (i: number) => `w${i}@example.edu`;

const rush = {
  customers: CUSTOMERS,
  slots: SLOTS,
  capacity: CAPACITY,
  warmUpCustomers: WARM_UP_CUSTOMERS,
  warmUpSlots: WARM_UP_SLOTS,
  person: (i: number) => ({ email: email(i), slackUserId: null }),
};

const standIn = await startSlackStandIn();
const mailDir = mkdtempSync(join(tmpdir(), 'otto-bench-web-mail-'));
try {
  const url = await benchDatabase('web-booking');
  await seedBookingRush(url, rush);
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

  const { booked, seats, overbooked, miscounted } = await countSeats(db);
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
    `  seats taken: ${booked} of ${seats}; ${CUSTOMERS - booked} shown the next free times; overbooked slots: ${overbooked}; seat counts off: ${miscounted}`,
  );
  await otto.stop();
  if (overbooked > 0 || miscounted > 0) process.exitCode = 1;
} finally {
  await standIn.close();
  await dropBenchDatabases();
  rmSync(mailDir, { recursive: true, force: true });
}
process.exit();
