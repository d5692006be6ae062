// `npm run sandbox:reset`: the demo back, the captured mail gone, and nobody else's database touched.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/client.js';
import { deskCases, outbox, refreshTickets, roles } from '../../db/schema/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { ResetRefused, resetSandbox } from '../../src/sandbox/reset.js';
import { startSandbox } from '../../src/sandbox/run.js';
import { onPostgres } from '../helpers/database.js';
import { waitFor } from '../helpers/slack.js';

let dir: string;
let env: Record<string, string>;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'otto-reset-'));
  env = { DATABASE_URL: join(dir, 'sandbox.db'), MAIL_DIR: join(dir, 'mail'), LOG_LEVEL: 'error' };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A sandbox database someone has played with: a role granted, every ticket canceled, mail captured. */
async function playedWith() {
  await resetSandbox(env);
  const { db, close } = await openDatabase(env.DATABASE_URL!);
  await db
    .insert(roles)
    .values({ slackUserId: 'U0DEMOCUST', role: 'manager', grantedBy: 'U0DEMOADMN', grantedAt: new Date() });
  await db.update(refreshTickets).set({ status: 'canceled' });
  await db.update(deskCases).set({ status: 'closed' });
  await close();
  mkdirSync(env.MAIL_DIR!, { recursive: true });
  writeFileSync(join(env.MAIL_DIR!, 'old.eml'), 'Subject: old');
}

const run = (extra: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/sandbox/reset.ts'],
      { cwd: process.cwd(), env: { PATH: process.env.PATH ?? '', HOME: dir, ...env, ...extra } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr }),
    );
  });

describe('sandbox:reset', () => {
  // sandbox:reset deletes the sandbox's SQLite file (and its -wal and -shm): there is none on PostgreSQL.
  it.skipIf(onPostgres)(
    'restores the demo, clears the captured mail, and the next start delivers the demo’s notices',
    async () => {
      await playedWith();
      writeFileSync(`${env.DATABASE_URL}-wal`, 'stale');
      writeFileSync(`${env.DATABASE_URL}-shm`, 'stale');

      const line = await resetSandbox(env);
      expect(line).toBe(
        `Sandbox reset: ${env.DATABASE_URL} holds the demo again (14 tickets, 8 cases); ${env.MAIL_DIR} is empty.`,
      );
      expect(existsSync(env.MAIL_DIR!)).toBe(false);
      const { db, close } = await openDatabase(env.DATABASE_URL!);
      try {
        expect(await db.select().from(roles).where(eq(roles.slackUserId, 'U0DEMOCUST'))).toEqual([]);
        expect(new Set((await db.select().from(refreshTickets)).map((t) => t.status)).size).toBe(12);
        expect(new Set((await db.select().from(deskCases)).map((c) => c.status))).toEqual(
          new Set(['pending', 'open', 'assessing', 'deferred', 'waiting_vendor', 'waiting_customer']),
        );
        expect((await db.select().from(outbox)).every((row) => row.status === 'pending')).toBe(true);
      } finally {
        await close();
      }

      const sandbox = await startSandbox(loadConfig({ ...env, PORT: '0' }), createLogger('error'));
      try {
        expect(sandbox.seeded).toBe(false);
        const dm = sandbox.standIn.dmChannelId('U0DEMOCUST');
        await waitFor(() => sandbox.standIn.messages(dm).some((m) => m.text.includes('pick a time')));
        // The cases' cards, in their groups' channels as the cases are now.
        await waitFor(() =>
          sandbox.standIn
            .messages('C0DESKIT01')
            .some(
              (m) =>
                m.text === 'Case #1: Wi-fi drops every few minutes in the EECS lab · Open · Medium impact',
            ),
        );
      } finally {
        await sandbox.stop();
      }
    },
  );

  it('refuses a database that is not the sandbox’s while Slack credentials are set', async () => {
    const appDb = join(dir, 'otto.db');
    writeFileSync(appDb, 'the real one');
    const slack = { SLACK_BOT_TOKEN: 'xoxb-real', SLACK_SIGNING_SECRET: 'a-real-signing-secret' };
    await expect(resetSandbox({ ...env, ...slack, DATABASE_URL: appDb })).rejects.toThrow(ResetRefused);
    // Without DATABASE_URL it would be ./data/otto.db, the app's default: refused as well.
    const { DATABASE_URL: _, ...noUrl } = env;
    await expect(resetSandbox({ ...noUrl, ...slack })).rejects.toThrow(
      "not resetting ./data/otto.db: Slack credentials are set, so it is the app's database, not the sandbox's",
    );
    expect(readFileSync(appDb, 'utf8')).toBe('the real one');
  });

  // Resets a SQLite file, as above.
  it.skipIf(onPostgres)(
    'runs as a script: one line, and exit 1 when it refuses',
    async () => {
      await playedWith();
      const done = await run({});
      expect(done).toMatchObject({ code: 0, stderr: '' });
      expect(done.stdout.trim().split('\n')).toEqual([
        `Sandbox reset: ${env.DATABASE_URL} holds the demo again (14 tickets, 8 cases); ${env.MAIL_DIR} is empty.`,
      ]);

      const refused = await run({
        SLACK_BOT_TOKEN: 'xoxb-real',
        SLACK_SIGNING_SECRET: 'a-real-signing-secret',
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim().split('\n')).toEqual([
        `Otto cannot reset the sandbox: not resetting ${env.DATABASE_URL}: Slack credentials are set, so it is the app's database, not the sandbox's`,
      ]);
      // Two script runs, each compiling the app with tsx: slow on a loaded machine.
    },
    60_000,
  );
});
