// `npm run bench` (lookup part): the existence lookup of 5,000 replacements against the
// TeamDynamix stand-in (on a thread of its own) answering every call in 20 ms, through the
// running app, while signed block_actions keep arriving (up to 250 a second, two at a time):
// reports lookups per second and the interactions' ack times.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.js';
import { roles } from '../db/schema/index.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { realClock, shareTdxPacer, TdxPacer } from '../src/itsm/pacer.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { rolesOf } from '../src/services/people/access.js';
import { lookUpReplacements } from '../src/services/refresh/lookup/look-up-replacements.js';
import { onAction } from '../src/slack/listeners/register.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';
import { benchSigningSecret, mainThreadBusy, percentile, signedBlockActions, startLoad } from './load.js';
import { seedInventory, seedSystems, seedTickets } from './seed.js';
import { startTdxThread } from './tdx-thread.js';

const TICKETS = Number(process.env.BENCH_LOOKUPS ?? 5000);
const LATENCY_MS = 20;
const MANAGER = 'U0BENCHMGR';

/** 5,000 tickets in pending_itsm_existence, each with its replacement, written in bulk before the app starts. */
async function seed(url: string) {
  const database = await openDatabase(url);
  const now = new Date('2026-11-09T15:00:00Z');
  await database.db.transaction(async (tx) => {
    await seedInventory(tx, now);
    await tx
      .insert(roles)
      .values({ slackUserId: MANAGER, role: 'manager', scope: '', grantedBy: 'bench', grantedAt: now });
    const numbers = Array.from({ length: TICKETS }, (_, i) => String(i + 1).padStart(6, '0'));
    const ids = await seedSystems(
      tx,
      numbers.flatMap((n) => [{ serial: `OLD${n}` }, { serial: `NEW${n}` }]),
      now,
    );
    await seedTickets(
      tx,
      numbers.map((n) => ({
        existingSystemId: ids.get(`OLD${n}`)!,
        replacementSystemId: ids.get(`NEW${n}`)!,
        status: 'pending_itsm_existence' as const,
      })),
      MANAGER,
      now,
    );
  });
  await database.close();
}

const standIn = await startSlackStandIn();
const tdx = await startTdxThread();
try {
  const url = await benchDatabase('lookup');
  await seed(url);
  await tdx.addAssets(
    Array.from({ length: TICKETS }, (_, i) => ({
      SerialNumber: `NEW${String(i + 1).padStart(6, '0')}`,
      Name: `LSA-NEW-${i + 1}`,
    })),
  );
  // Every call (logins aside) answers after 20 ms.
  await tdx.delayNext(TICKETS + 100, LATENCY_MS);
  // This measures Otto's own throughput: the stand-in keeps no budgets, and Otto does not pace to
  // TeamDynamix's (60 searches a minute would make it 83 minutes); bench/tdx-sync.ts runs to them.
  shareTdxPacer(tdx.baseUrl, new TdxPacer(realClock, { paced: false }));

  const config = loadConfig({
    DATABASE_URL: url,
    PORT: '0',
    SLACK_API_URL: standIn.apiUrl,
    LOG_LEVEL: 'error',
    ...tdx.env,
  });
  const otto = await startOtto({
    config,
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
    register: (app, known) => {
      onAction(app, known, 'bench_touch', async ({ ack, body }) => {
        await rolesOf(otto.ctx, body.user.id);
        await ack();
      });
    },
  });
  // One load generator for the warm-up and for the clicks during the run, sending a batch of 100
  // (two at a time) every 400 ms at most: about the pace of this bench's first version, which
  // started a generator per batch, without the two cores spent on starting them.
  const clicks = startLoad(`http://127.0.0.1:${otto.port}/slack/events`, 2);
  await clicks.run(signedBlockActions(200, () => MANAGER));

  let done = false;
  const latencies: number[] = [];
  const load = (async () => {
    while (!done) {
      const pace = new Promise((resolve) => setTimeout(resolve, 400));
      latencies.push(...(await clicks.run(signedBlockActions(100, () => MANAGER))).latencies);
      await pace;
    }
  })();
  const busy = await mainThreadBusy();
  const started = performance.now();
  const summary = await lookUpReplacements(otto.ctx, systemClock.now());
  const seconds = (performance.now() - started) / 1000;
  const busyMs = await busy();
  done = true;
  await load;
  await clicks.close();

  if (summary.advanced !== TICKETS)
    throw new Error(`expected ${TICKETS} tickets advanced: ${JSON.stringify(summary)}`);
  const sorted = [...latencies].sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  figure('lookups per second (TeamDynamix 20 ms)', TICKETS / seconds, '/s', sqliteGoal({ atLeast: 360 }));
  figure('ack p99 during the lookup', p99, 'ms', sqliteGoal({ below: 100 }));
  console.log(
    `Existence lookup of ${TICKETS} replacements, TeamDynamix stand-in answering in ${LATENCY_MS} ms, 8 calls in flight:`,
  );
  console.log(
    `  ${seconds.toFixed(1)} s, ${(TICKETS / seconds).toFixed(0)} lookups/s (ceiling ${((8 * 1000) / LATENCY_MS).toFixed(0)}/s); all ${summary.advanced} moved to pending_schedule_slot_discovery`,
  );
  console.log(
    `  main thread CPU ${(busyMs / TICKETS).toFixed(3)} ms per lookup (the clicks meanwhile included)`,
  );
  console.log(
    `  ${latencies.length} block_actions meanwhile: ack p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2)} ms  (goal p99 < 100 ms)`,
  );
  await otto.stop();
} finally {
  await tdx.close();
  await standIn.close();
  await dropBenchDatabases();
}
