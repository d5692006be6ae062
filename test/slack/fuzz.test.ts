import { createHash } from 'node:crypto';
import { getTableName, is, sql, Table } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../db/schema/index.js';
import { roles } from '../../db/schema/index.js';
import { checkSlackBody } from '../../src/slack/plumbing/envelope.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN, makeTicket, STRANGER, seedWorld } from '../helpers/factories.js';
import { type DriverResponse, waitFor } from '../helpers/slack.js';
import { type FuzzBases, type FuzzCase, fuzzCases, validCases } from './fuzz-corpus.js';

const seed = 20_261_116;
const count = 2000;
// Each answer is timed from its own send: a few at a time, so the time is the app's, not a queue's.
const concurrency = 4;

/** Every row of every table, hashed: any insert, update or delete changes it. */
async function databaseChecksum(app: TestApp): Promise<string> {
  const { db } = app.otto.database;
  const tables = (Object.values(schema) as unknown[])
    .filter((value): value is Table => is(value, Table))
    .sort((a, b) => getTableName(a).localeCompare(getTableName(b)));
  const hash = createHash('sha256');
  for (const table of tables) {
    const rows = await db.rows(sql`select * from ${table}`);
    hash.update(getTableName(table));
    for (const row of rows.map((r) => JSON.stringify(r)).sort()) hash.update(row);
  }
  return hash.digest('hex');
}

type FuzzResult = Pick<DriverResponse, 'status' | 'body' | 'elapsedMs'> & { fuzz: FuzzCase };

/** Sends each case signed as Slack would, `concurrency` at a time; a dropped connection counts as status 0. */
async function sendAll(app: TestApp, cases: Iterator<FuzzCase>): Promise<FuzzResult[]> {
  const results: FuzzResult[] = [];
  const worker = async () => {
    for (let next = cases.next(); !next.done; next = cases.next()) {
      const fuzz = next.value;
      const started = performance.now();
      try {
        const response = await app.driver.post(fuzz.body, fuzz.contentType, app.driver.sign(fuzz.body));
        results.push({ ...response, fuzz });
      } catch (error) {
        results.push({ status: 0, body: String(error), elapsedMs: performance.now() - started, fuzz });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}

describe('signed but malformed requests to /slack/events', () => {
  let app: TestApp;
  let bases: FuzzBases;
  /** What the app logs at info, warn and error, whatever level it prints. */
  const logged: string[] = [];

  beforeAll(async () => {
    app = await startTestApp();
    const world = await seedWorld(app.otto.ctx.db);
    await makeTicket(app.otto.ctx.db, world);
    // Real views to mutate: the admin's home tab and a modal Otto opened.
    await app.driver.appHomeOpened(ADMIN);
    const homeView = await waitFor(() => app.standIn.home(ADMIN));
    await app.driver.slashCommand(ADMIN, 'create');
    const modalView = await waitFor(() => app.standIn.topModal(ADMIN));
    bases = {
      userId: ADMIN,
      teamId: app.standIn.teamId,
      appId: app.standIn.appId,
      channelId: app.standIn.dmChannelId(ADMIN),
      homeView: structuredClone(homeView) as never,
      modalView: structuredClone(modalView) as never,
    };
    // The guard and Bolt log through this one logger.
    const { logger } = app.otto.slack.app;
    for (const level of ['info', 'warn', 'error'] as const) {
      logger[level] = (...args: unknown[]) => void logged.push(`${level}: ${args.map(String).join(' ')}`);
    }
  });
  afterAll(async () => app.stop());

  it('starts from payloads that are well formed, so each mutation is what gets refused', () => {
    for (const fuzz of validCases(bases)) {
      expect(checkSlackBody(fuzz.contentType, fuzz.body), fuzz.name).toEqual({ ok: true });
    }
  });

  // A few seconds on an idle machine; the allowance is for a shared one.
  it(`answers ${count} of them with 400 within 3 s and one log line each, stays up and changes nothing`, {
    timeout: 90_000,
  }, async () => {
    const before = await databaseChecksum(app);
    // The first requests load the app's code paths; on a busy machine that alone can take seconds.
    const warmUp = await sendAll(app, fuzzCases(seed + 1, 50, bases));
    expect(warmUp.filter((r) => r.status !== 400).map((r) => r.fuzz.name)).toEqual([]);
    logged.length = 0;
    const results = await sendAll(app, fuzzCases(seed, count, bases));

    const wrong = results.filter((r) => r.status !== 400 || r.elapsedMs >= 3000);
    const report = wrong
      .slice(0, 20)
      .map((r) => `${r.status} in ${Math.round(r.elapsedMs)} ms: ${r.fuzz.name} ${r.body.slice(0, 120)}`);
    expect(report).toEqual([]);
    expect(results).toHaveLength(count);
    expect(await databaseChecksum(app)).toBe(before);
    // One line per request, and each says why it was refused.
    expect(logged.filter((line) => !line.startsWith('warn: Slack request refused (400): '))).toEqual([]);
    expect(logged).toHaveLength(count);

    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    // A real command still works, and the checksum sees its change.
    const granted = await app.driver.slashCommand(ADMIN, `roles grant <@${STRANGER}> manager`);
    expect(granted.status).toBe(200);
    const rows = await app.otto.ctx.db.select().from(roles);
    expect(rows.some((row) => row.slackUserId === STRANGER && row.role === 'manager')).toBe(true);
    expect(await databaseChecksum(app)).not.toBe(before);
  });
});
