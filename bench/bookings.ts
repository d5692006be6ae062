import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { countSeats, seedBookingRush } from './booking-rush.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';
import { benchSigningSecret, mainThreadBusy, percentile, signedInteractions, startLoad } from './load.js';

const CUSTOMERS = 1000;
const SLOTS = 100;
const CAPACITY = 10;
const CONCURRENCY = 50;
// The warm-up: customers 1000…1249 of team 2, for its 25 slots of 10 seats.
const WARM_UP_CUSTOMERS = 250;
const WARM_UP_SLOTS = 25;
const customer = (i: number) => `U0BOOK${String(i).padStart(5, '0')}`;

const rush = {
  customers: CUSTOMERS,
  slots: SLOTS,
  capacity: CAPACITY,
  warmUpCustomers: WARM_UP_CUSTOMERS,
  warmUpSlots: WARM_UP_SLOTS,
  person: (i: number) => ({ email: `c${i}@example.edu`, slackUserId: customer(i) }),
};

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

const standIn = await startSlackStandIn();
for (let i = 0; i < CUSTOMERS + WARM_UP_CUSTOMERS; i++)
  standIn.addUser({ id: customer(i), name: `c${i}`, email: `c${i}@example.edu` });
try {
  const url = await benchDatabase('bookings');
  await seedBookingRush(url, rush);
  const otto = await startOtto({
    config: loadConfig({ DATABASE_URL: url, PORT: '0', SLACK_API_URL: standIn.apiUrl, LOG_LEVEL: 'error' }),
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  // A fixed pseudo-random draw, so some slots are asked for by more than 10 customers.
  const drawer = (slots: number, seed: number) => {
    let state = seed;
    return () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return 1 + ((state >>> 8) % slots);
    };
  };
  const draw = drawer(SLOTS, 42);
  const drawWarmUp = drawer(WARM_UP_SLOTS, 7);
  // One load generator for both rushes: its connections and code are warm when the clock starts.
  const load = startLoad(`http://127.0.0.1:${otto.port}/slack/events`, CONCURRENCY);
  const warmUp = await load.run(
    signedInteractions(
      Array.from({ length: WARM_UP_CUSTOMERS }, (_, i) => submission(CUSTOMERS + i, SLOTS + drawWarmUp())),
    ),
  );
  // The warm-up's Homes are published once its rush has passed: the timed rush starts after them.
  for (let seen = -1; standIn.callsTo('views.publish').length !== seen; ) {
    seen = standIn.callsTo('views.publish').length;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const requests = signedInteractions(Array.from({ length: CUSTOMERS }, (_, i) => submission(i, draw())));
  const busy = await mainThreadBusy();
  const { latencies, seconds } = await load.run(requests);
  const busyMs = await busy();
  await load.close();

  const { db } = otto.database;
  const { booked, overbooked, miscounted } = await countSeats(db);
  const sorted = [...latencies].sort((a, b) => a - b);
  const warmUpSorted = [...warmUp.latencies].sort((a, b) => a - b);
  figure('booking ack p50, 50 at a time', percentile(sorted, 50), 'ms');
  figure('booking ack p99, 50 at a time', percentile(sorted, 99), 'ms', sqliteGoal({ below: 100 }));
  console.log(
    `Booking: ${CUSTOMERS} customers submit the booking modal, ${CONCURRENCY} at a time, for ${SLOTS} slots of ${CAPACITY} seats (random picks):`,
  );
  console.log(
    `  first, to warm up: ${WARM_UP_CUSTOMERS} customers of another team (from a cold start): ack p50 ${percentile(warmUpSorted, 50).toFixed(1)} ms, p99 ${percentile(warmUpSorted, 99).toFixed(1)} ms`,
  );
  console.log(
    `  ${seconds.toFixed(2)} s; ack p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms`,
  );
  console.log(`  main thread CPU ${(busyMs / CUSTOMERS).toFixed(2)} ms per booking during the rush`);
  console.log(
    `  ${booked} booked, ${CUSTOMERS - booked} shown the slot was gone; overbooked slots: ${overbooked}; seat counts off: ${miscounted}`,
  );
  await otto.stop();
  if (overbooked > 0 || miscounted > 0) process.exitCode = 1;
} finally {
  await standIn.close();
  await dropBenchDatabases();
}
// Each booking republishes its customer's Home once the rush has passed; the Web API client is
// still working through that queue when the stand-in closes, and would retry the rest for minutes.
process.exit();
