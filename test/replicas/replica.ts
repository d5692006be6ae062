// One Otto replica in a process of its own, for the three-replica test (run with `node --import
// tsx`, forked with an IPC channel). Its configuration comes from the environment, as in
// production; its clock is a ManualClock starting at REPLICA_CLOCK_START that the test moves over
// IPC, and its log lines go to the test.
import { format } from 'node:util';
import { type Logger, LogLevel } from '@slack/logger';
import { type Otto, startOtto } from '../../src/app.js';
import { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/config.js';
import { logProcessErrors } from '../../src/process-errors.js';

/** What the test asks of a replica. */
export type ToReplica = { type: 'set-clock'; id: number; at: string } | { type: 'stop' };

/** What a replica tells the test. */
export type FromReplica =
  | { type: 'ready'; port: number }
  | { type: 'clock-set'; id: number; error?: string }
  | { type: 'log'; level: LogLevel; line: string }
  | { type: 'failed'; error: string };

const levels = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

function tell(message: FromReplica): void {
  if (process.connected) process.send?.(message);
}

/** Sends each line at or above its level to the test instead of the console. */
class ReportingLogger implements Logger {
  #level = LogLevel.INFO;

  debug(...msg: unknown[]): void {
    this.#report(LogLevel.DEBUG, msg);
  }
  info(...msg: unknown[]): void {
    this.#report(LogLevel.INFO, msg);
  }
  warn(...msg: unknown[]): void {
    this.#report(LogLevel.WARN, msg);
  }
  error(...msg: unknown[]): void {
    this.#report(LogLevel.ERROR, msg);
  }
  setLevel(level: LogLevel): void {
    this.#level = level;
  }
  getLevel(): LogLevel {
    return this.#level;
  }
  setName(): void {}

  #report(level: LogLevel, msg: unknown[]): void {
    if (levels.indexOf(level) < levels.indexOf(this.#level)) return;
    tell({ type: 'log', level, line: format(...msg) });
  }
}

async function main(): Promise<void> {
  const logger = new ReportingLogger();
  logProcessErrors(logger);
  const clock = new ManualClock(process.env.REPLICA_CLOCK_START ?? new Date());
  const config = loadConfig(process.env);
  if (config.slack.kind !== 'http') throw new Error('a replica takes Slack requests over HTTP');
  let otto: Otto;
  try {
    otto = await startOtto({
      config,
      connection: config.slack,
      clock,
      logger,
    });
  } catch (error) {
    tell({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    // A stop that hangs (its database dropped under it) still ends the process.
    setTimeout(() => process.exit(1), 10_000);
    try {
      await otto.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('message', (message: ToReplica) => {
    if (message.type === 'stop') {
      void stop();
      return;
    }
    try {
      clock.set(new Date(message.at));
      tell({ type: 'clock-set', id: message.id });
    } catch (error) {
      tell({ type: 'clock-set', id: message.id, error: String(error) });
    }
  });
  // The test is gone: so is its replica.
  process.on('disconnect', () => void stop());
  tell({ type: 'ready', port: otto.port });
}

await main();
