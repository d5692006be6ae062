// `npm run bench`: time to ack signed block_actions requests, Otto (Bolt + the app's data
// layer) against a bare node:http server doing the same HMAC check and SQLite work. On
// PostgreSQL, Otto alone: the bare server is the SQLite baseline the ratio goal is set against.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { count, sql } from 'drizzle-orm';
import { insertRows } from '../db/bulk.js';
import { openDatabase } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { audits, roles } from '../db/schema/index.js';
import { startOtto } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startSlackStandIn } from '../src/sandbox/slack-standin.js';
import { rolesOf } from '../src/services/people/access.js';
import { onAction } from '../src/slack/listeners/register.js';
import { benchDatabase, benchOnPostgres, dropBenchDatabases, engineName } from './database.js';
import { figure } from './figures.js';
import { benchSigningSecret, mainThreadBusy, percentile, runLoad, signedBlockActions } from './load.js';

const TOTAL = Number(process.env.BENCH_REQUESTS ?? 5000);
const CONCURRENCY = 16;
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const ROUNDS = 3;
const USERS = 1000;

const userId = (i: number) => `U${String(i).padStart(8, '0')}`;
const userOf = (i: number) => userId(i % USERS);

interface Round {
  p50: number;
  p99: number;
  rps: number;
}

async function measureRound(url: string): Promise<Round> {
  const { latencies, seconds } = await runLoad(url, signedBlockActions(TOTAL, userOf), CONCURRENCY);
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), rps: TOTAL / seconds };
}

/** The round with the median rate: rounds alternate between servers so a busy moment hits both. */
const median = (rounds: Round[]) => [...rounds].sort((a, b) => a.rps - b.rps)[Math.floor(rounds.length / 2)]!;

/** Makes the database at `url` (migrated) with USERS managers in it. */
async function seedUsers(url: string) {
  const database = await openDatabase(url);
  const users = Array.from({ length: USERS }, (_, i) => userId(i));
  await database.db.transaction(async (tx) => {
    await insertRows(
      tx,
      roles,
      users.map((slackUserId) => ({
        slackUserId,
        role: 'manager' as const,
        scope: '',
        grantedBy: 'bench',
        grantedAt: new Date(),
      })),
    );
  });
  await database.close();
}

/**
 * The same work as Otto's listener, with nothing but node:http, node:crypto and better-sqlite3:
 * the baseline Otto is measured against, so it talks to SQLite directly on purpose.
 */
function startBareServer(path: string): Promise<http.Server> {
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const read = sqlite.prepare('select role, scope from roles where slack_user_id = ?');
  const write = sqlite.prepare(
    "insert into audits (entity, entity_id, action, changes, actor, at) values ('bench', ?, 'touch', null, ?, ?)",
  );
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const given = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
      const expected = Buffer.from(
        `v0=${createHmac('sha256', benchSigningSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      );
      if (
        Date.now() / 1000 - timestamp > 300 ||
        given.length !== expected.length ||
        !timingSafeEqual(given, expected)
      ) {
        res.writeHead(401).end();
        return;
      }
      const payload = JSON.parse(new URLSearchParams(body).get('payload') ?? '{}');
      read.all(payload.user.id);
      write.run(payload.actions[0].value, payload.user.id, Date.now());
      res.writeHead(200).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const standIn = await startSlackStandIn();
try {
  const ottoDb = await benchDatabase('otto');
  await seedUsers(ottoDb);
  const config = loadConfig({
    DATABASE_URL: ottoDb,
    PORT: '0',
    SLACK_API_URL: standIn.apiUrl,
    LOG_LEVEL: 'error',
  });
  let touch: { execute(values: Record<string, unknown>): Promise<unknown> } | undefined;
  const otto = await startOtto({
    config,
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: benchSigningSecret },
    clock: systemClock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
    register: (app, known) => {
      onAction(app, known, 'bench_touch', async ({ ack, body, action }) => {
        const user = body.user.id;
        await rolesOf(otto.ctx, user);
        touch ??= prepared(
          otto.ctx.db.insert(audits).values({
            entity: 'bench',
            entityId: sql.placeholder('entityId'),
            action: 'touch',
            actor: sql.placeholder('actor'),
            at: sql.placeholder('at'),
          }),
          'bench-touch',
        );
        await touch.execute({
          entityId: 'value' in action ? String(action.value) : '',
          actor: user,
          at: new Date(),
        });
        await ack();
      });
    },
  });

  let bare: http.Server | undefined;
  if (!benchOnPostgres) {
    const bareDb = await benchDatabase('bare');
    await seedUsers(bareDb);
    bare = await startBareServer(bareDb);
  }
  const ottoUrl = `http://127.0.0.1:${otto.port}/slack/events`;
  const bareUrl = bare && `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  await runLoad(ottoUrl, signedBlockActions(WARMUP, userOf), CONCURRENCY);
  if (bareUrl) await runLoad(bareUrl, signedBlockActions(WARMUP, userOf), CONCURRENCY);
  const rounds = { otto: [] as Round[], bare: [] as Round[] };
  // The bare server shares the main thread: only Otto's rounds count toward its CPU time.
  let ottoCpuMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const busy = await mainThreadBusy();
    rounds.otto.push(await measureRound(ottoUrl));
    ottoCpuMs += await busy();
    if (bareUrl) rounds.bare.push(await measureRound(bareUrl));
  }
  const ottoResult = { name: `Otto (Bolt HTTPReceiver, ${engineName})`, ...median(rounds.otto) };
  const bareResult = bareUrl ? { name: 'bare node:http (SQLite)', ...median(rounds.bare) } : undefined;
  const [written] = await otto.ctx.db.select({ n: count() }).from(audits);
  const writes = written?.n;
  if (writes !== TOTAL * ROUNDS + WARMUP) {
    throw new Error(`expected ${TOTAL * ROUNDS + WARMUP} audit rows from Otto, found ${writes}`);
  }

  console.log(
    `${TOTAL} signed block_actions per round, ${CONCURRENCY} concurrent, median of ${ROUNDS} ${bareResult ? 'alternating ' : ''}rounds:`,
  );
  for (const r of bareResult ? [ottoResult, bareResult] : [ottoResult]) {
    console.log(
      `  ${r.name.padEnd(34)} p50 ${r.p50.toFixed(2)} ms   p99 ${r.p99.toFixed(2)} ms   ${r.rps.toFixed(0)} req/s`,
    );
  }
  console.log(`  Otto's main thread: ${(ottoCpuMs / (TOTAL * ROUNDS)).toFixed(3)} ms CPU per ack`);
  figure('ack p50, 16 concurrent', ottoResult.p50, 'ms');
  figure('ack p99, 16 concurrent', ottoResult.p99, 'ms', { below: 25 });
  figure('acks per second', ottoResult.rps, '/s');
  if (bareResult) {
    const ratio = ottoResult.rps / bareResult.rps;
    console.log(`  ratio Otto / bare: ${ratio.toFixed(2)}×  (goal ≥ 0.45×, p99 < 25 ms)`);
    figure('ack rate, Otto / bare node:http', ratio, '×', { atLeast: 0.45 });
  } else {
    console.log('  (goal p99 < 25 ms)');
  }
  await otto.stop();
  bare?.close();
} finally {
  await standIn.close();
  await dropBenchDatabases();
}
