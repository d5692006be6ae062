import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel, WebClient } from '@slack/web-api';
import Database from 'better-sqlite3';
import { eq, sql } from 'drizzle-orm';
import { type OpenDatabase, openDatabase } from '../../db/client.js';
import { outbox } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { createDispatcher, type Dispatcher, type DispatcherLogger } from '../../src/effects/dispatcher.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import type { ItsmPort } from '../../src/itsm/port.js';
import { createMailer, type Mailer } from '../../src/mail/mailer.js';
import { type EmailTemplates, loadTemplates } from '../../src/mail/templates.js';
import { scratchDatabase } from '../helpers/database.js';
import { type SlackStandIn, startSlackStandIn } from '../helpers/slack.js';

export const silentLogger: DispatcherLogger = { info() {}, warn() {}, error() {} };

/** A WebClient built as the app builds the dispatcher's: errors and 429s come straight back. */
export function dispatcherSlackClient(standIn: SlackStandIn): WebClient {
  return new WebClient(standIn.botToken, {
    slackApiUrl: standIn.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
}

export interface Harness {
  dir: string;
  dbPath: string;
  mailDir: string;
  clock: ManualClock;
  standIn: SlackStandIn;
  templates: EmailTemplates;
  database: OpenDatabase;
  mailer: Mailer;
  dispatcher: Dispatcher;
  /** Opens the same database afresh with a new dispatcher, as after a restart (a simulated crash is over). */
  restart(): Promise<Dispatcher>;
  /**
   * The process dies after delivering: from now until `restart()`, every write to a row it has
   * claimed (status `sending`) fails.
   */
  simulateCrash(): Promise<void>;
  emlFiles(): string[];
  row(id: number): Promise<typeof outbox.$inferSelect>;
  close(): Promise<void>;
}

export async function startHarness(
  opts: { mailer?: (mailer: Mailer) => Mailer; itsm?: (db: OpenDatabase['db']) => ItsmPort } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'otto-outbox-'));
  const dbPath = join(dir, 'otto.db');
  const mailDir = join(dir, 'mail');
  const clock = new ManualClock('2025-03-03T14:00:00Z');
  const standIn = await startSlackStandIn();
  standIn.addUser({ id: 'U0ALICE', name: 'alice', email: 'alice@example.edu' });
  const templates = await loadTemplates();
  const wrap = opts.mailer ?? ((mailer: Mailer) => mailer);
  // A file on SQLite, a database of its own on PostgreSQL: opened again as it was after a restart.
  const scratch = await scratchDatabase(dbPath);

  const build = async () => {
    const database = await openDatabase(scratch.url);
    const mailer = wrap(createMailer({ mailDir, from: 'Otto <otto@example.edu>' }));
    const dispatcher = createDispatcher({
      db: database.db,
      clock,
      slack: dispatcherSlackClient(standIn),
      mailer,
      templates,
      logger: silentLogger,
      messageIdDomain: 'otto.example.edu',
      itsm: opts.itsm?.(database.db) ?? createBuiltinItsm(database.db, clock, 'America/Detroit'),
    });
    return { database, mailer, dispatcher };
  };

  let crashed = false;
  const harness: Harness = {
    dir,
    dbPath,
    mailDir,
    clock,
    standIn,
    templates,
    ...(await build()),
    async restart() {
      if (crashed) await stopCrash(harness.database, dbPath);
      crashed = false;
      await harness.database.close();
      Object.assign(harness, await build());
      return harness.dispatcher;
    },
    async simulateCrash() {
      await startCrash(harness.database, dbPath);
      crashed = true;
    },
    emlFiles: () => {
      try {
        return readdirSync(mailDir);
      } catch {
        return [];
      }
    },
    row: async (id) =>
      (await harness.database.db.select().from(outbox).where(eq(outbox.id, id)).limit(1))[0]!,
    async close() {
      await harness.dispatcher.stop();
      await harness.database.close();
      await scratch.drop();
      await standIn.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return harness;
}

/** Refuses every update of a claimed outbox row, as if its process had died after sending. */
async function startCrash(database: OpenDatabase, dbPath: string): Promise<void> {
  if (database.db.engine === 'postgres') {
    await database.db.rows(
      sql.raw(`create function simulated_crash() returns trigger language plpgsql as $$
        begin raise exception 'simulated crash'; end $$`),
    );
    await database.db.rows(
      sql.raw(`create trigger simulated_crash before update on outbox for each row
        when (old.status = 'sending') execute function simulated_crash()`),
    );
    return;
  }
  // A trigger is schema, seen by the app's connection too; made beside it (it has no handle to share).
  const side = new Database(dbPath);
  try {
    side.exec(`create trigger simulated_crash before update on outbox when old.status = 'sending'
      begin select raise(abort, 'simulated crash'); end`);
  } finally {
    side.close();
  }
}

async function stopCrash(database: OpenDatabase, dbPath: string): Promise<void> {
  if (database.db.engine === 'postgres') {
    await database.db.rows(sql.raw('drop trigger simulated_crash on outbox'));
    await database.db.rows(sql.raw('drop function simulated_crash()'));
    return;
  }
  const side = new Database(dbPath);
  try {
    side.exec('drop trigger simulated_crash');
  } finally {
    side.close();
  }
}
