import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Otto, startOtto } from '../../src/app.js';
import { type Clock, ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { scratchDatabase } from './database.js';
import { ADMIN, APPROVER, CUSTOMER, DELEGATE, MANAGER, STRANGER } from './factories.js';
import { createSlackDriver, type SlackDriver, type SlackStandIn, startSlackStandIn } from './slack.js';

export const testSigningSecret = 'test-signing-secret-0123456789abcdef';

/** The people of `seedWorld`, known to the Slack stand-in with the same e-mail addresses. */
export const testPeople = [
  { id: ADMIN, name: 'avery', realName: 'Avery Admin', email: 'avery@example.edu' },
  { id: MANAGER, name: 'morgan', realName: 'Morgan Manager', email: 'morgan@example.edu' },
  { id: APPROVER, name: 'pat', realName: 'Pat Approver', email: 'pat@example.edu' },
  { id: CUSTOMER, name: 'casey', realName: 'Casey Customer', email: 'casey@example.edu' },
  { id: DELEGATE, name: 'dana', realName: 'Dana Delegate', email: 'dana@example.edu' },
  { id: STRANGER, name: 'sam', realName: 'Sam Stranger', email: 'sam@example.edu' },
];

export interface TestApp {
  otto: Otto;
  standIn: SlackStandIn;
  driver: SlackDriver;
  clock: Clock;
  /** The HTTP base URL; in Socket Mode only /healthz would be there, on a port Bolt does not report. */
  baseUrl: string;
  /** In Socket Mode, the stand-in's id of this app's connection. */
  socketConnection?: string;
  dir: string;
  /** Stops the app only (the stand-in and files stay), for restart tests. */
  stopApp(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  admins?: string[];
  clock?: Clock;
  /** A database to reuse across restarts (see `scratchDatabase`); defaults to a fresh one. */
  databaseUrl?: string;
  standIn?: SlackStandIn;
  env?: Record<string, string>;
  /** Connect over Socket Mode with the stand-in's app token instead of taking HTTP requests. */
  socketMode?: boolean;
  /** The app's logger; by default errors go to the console. */
  logger?: Logger;
}

/** Signs the web links of every test app (tests may read links with it). */
export const testLinkSecret = 'test-link-secret-of-at-least-32-characters';

/**
 * The whole app on a random port, talking to a local Slack stand-in over HTTP, with the
 * outbox and jobs left for the test to run by hand.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const standIn = options.standIn ?? (await startSlackStandIn());
  for (const user of testPeople) standIn.addUser(user);
  const dir = mkdtempSync(join(tmpdir(), 'otto-test-'));
  const clock = options.clock ?? new ManualClock('2026-11-16T15:00:00Z');
  // A fresh in-memory SQLite database, or on PostgreSQL a fresh database dropped at stop().
  const scratch = options.databaseUrl === undefined ? await scratchDatabase() : undefined;
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? scratch!.url,
    PORT: '0',
    SLACK_API_URL: standIn.apiUrl,
    OTTO_ADMINS: (options.admins ?? []).join(','),
    MAIL_DIR: join(dir, 'mail'),
    LOG_LEVEL: 'error',
    OTTO_LINK_SECRET: testLinkSecret,
    ...options.env,
  });
  const connectedBefore = new Set(standIn.socketConnections());
  const otto = await startOtto({
    config,
    connection: options.socketMode
      ? { kind: 'socket', botToken: standIn.botToken, appToken: standIn.appToken }
      : { kind: 'http', botToken: standIn.botToken, signingSecret: testSigningSecret },
    clock,
    logger: options.logger ?? createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  const baseUrl = `http://127.0.0.1:${otto.port}`;
  // Bolt's start resolves after Slack's hello, so the new connection is this app's.
  const socketConnection = options.socketMode
    ? standIn.socketConnections().find((id) => !connectedBefore.has(id))
    : undefined;
  if (options.socketMode && socketConnection === undefined)
    throw new Error('The app opened no Socket Mode connection');
  const driver = createSlackDriver({
    eventsUrl: `${baseUrl}/slack/events`,
    signingSecret: testSigningSecret,
    standIn,
    ...(socketConnection !== undefined ? { socketConnection } : {}),
  });
  let appStopped = false;
  const stopApp = async () => {
    if (appStopped) return;
    appStopped = true;
    await otto.stop();
  };
  return {
    otto,
    standIn,
    driver,
    clock,
    baseUrl,
    ...(socketConnection !== undefined ? { socketConnection } : {}),
    dir,
    stopApp,
    async stop() {
      await stopApp();
      await scratch?.drop();
      if (!options.standIn) await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
