import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Otto, startOtto } from '../../src/app.js';
import { type Clock, ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
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
  baseUrl: string;
  dir: string;
  /** Stops the app only (the stand-in and files stay), for restart tests. */
  stopApp(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestAppOptions {
  admins?: string[];
  clock?: Clock;
  /** A database file to reuse across restarts; defaults to a fresh in-memory one. */
  databaseUrl?: string;
  standIn?: SlackStandIn;
  env?: Record<string, string>;
}

/**
 * The whole app on a random port, talking to a local Slack stand-in over HTTP, with the
 * outbox and jobs left for the test to run by hand.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const standIn = options.standIn ?? (await startSlackStandIn());
  for (const user of testPeople) standIn.addUser(user);
  const dir = mkdtempSync(join(tmpdir(), 'otto-test-'));
  const clock = options.clock ?? new ManualClock('2026-11-16T15:00:00Z');
  const config = loadConfig({
    DATABASE_URL: options.databaseUrl ?? ':memory:',
    PORT: '0',
    SLACK_API_URL: standIn.apiUrl,
    OTTO_ADMINS: (options.admins ?? []).join(','),
    MAIL_DIR: join(dir, 'mail'),
    LOG_LEVEL: 'error',
    ...options.env,
  });
  const otto = await startOtto({
    config,
    connection: { kind: 'http', botToken: standIn.botToken, signingSecret: testSigningSecret },
    clock,
    logger: createLogger('error'),
    background: { dispatcher: false, scheduler: false },
  });
  const baseUrl = `http://127.0.0.1:${otto.port}`;
  const driver = createSlackDriver({
    eventsUrl: `${baseUrl}/slack/events`,
    signingSecret: testSigningSecret,
    standIn,
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
    dir,
    stopApp,
    async stop() {
      await stopApp();
      if (!options.standIn) await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
