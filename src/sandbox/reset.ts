// `npm run sandbox:reset`: the sandbox's database and captured mail back to the demo. Stop the
// sandbox first: a running one keeps writing to the file it opened.
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { count } from 'drizzle-orm';
import { dialectOf } from '../../db/client.js';
import { deskCases, refreshTickets } from '../../db/schema/index.js';
import { databasePath } from '../../db/sqlite.js';
import { startOtto } from '../app.js';
import { systemClock } from '../clock.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { seedDemoData } from './demo-data.js';
import { startSlackStandIn } from './slack-standin.js';

/** The database the sandbox uses when DATABASE_URL is not set (src/config.ts). */
const defaultSandboxDatabase = './data/sandbox.db';

export class ResetRefused extends Error {
  override name = 'ResetRefused';
}

/**
 * Deletes the sandbox's database (with its -wal and -shm files) and captured mail, then makes the
 * database again and seeds the demo through the app itself, as `npm start` would: the notices the
 * demo sends are left in the outbox for the next start to deliver. With Slack credentials set,
 * only the sandbox's default database may be reset. Returns the line to print.
 */
export async function resetSandbox(env: NodeJS.ProcessEnv): Promise<string> {
  const config = loadConfig(env);
  if (dialectOf(config.databaseUrl) !== 'sqlite') {
    throw new ResetRefused('DATABASE_URL is a PostgreSQL database; only a SQLite sandbox file is reset');
  }
  const path = databasePath(config.databaseUrl);
  if (path === ':memory:') throw new ResetRefused('DATABASE_URL is :memory:; there is no database to reset');
  if (config.slack.kind !== 'sandbox' && resolve(path) !== resolve(defaultSandboxDatabase)) {
    throw new ResetRefused(
      `not resetting ${path}: Slack credentials are set, so it is the app's database, not the sandbox's`,
    );
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) rmSync(file, { force: true });
  rmSync(config.mail.dir, { recursive: true, force: true });

  // The app against a stand-in, as the sandbox runs it, so the notices carry the sandbox's links.
  const standIn = await startSlackStandIn({
    host: '127.0.0.1',
    port: 0,
    botToken: `xoxb-sandbox-${randomBytes(12).toString('hex')}`,
  });
  try {
    const otto = await startOtto({
      config: { ...config, port: 0, slackApiUrl: standIn.apiUrl, clockControl: false },
      connection: {
        kind: 'http',
        botToken: standIn.botToken,
        signingSecret: randomBytes(32).toString('hex'),
      },
      clock: systemClock,
      logger: createLogger('error'),
      background: { dispatcher: false, scheduler: false },
    });
    try {
      // The notices wait in the outbox for the sandbox's own stand-in, which knows the demo people.
      await seedDemoData({ ...otto.ctx, noticesWritten: () => {} }, otto.ctx.clock.now());
      const [tickets] = await otto.ctx.db.select({ n: count() }).from(refreshTickets);
      const [cases] = await otto.ctx.db.select({ n: count() }).from(deskCases);
      return `Sandbox reset: ${path} holds the demo again (${tickets?.n ?? 0} tickets, ${cases?.n ?? 0} cases); ${config.mail.dir} is empty.`;
    } finally {
      await otto.stop();
    }
  } finally {
    await standIn.close();
  }
}

// Run as a script, not when a test imports it.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  try {
    console.log(await resetSandbox(process.env));
  } catch (error) {
    if (!(error instanceof ResetRefused || error instanceof ConfigError)) throw error;
    console.error(`Otto cannot reset the sandbox: ${error.message}`);
    process.exitCode = 1;
  }
}
