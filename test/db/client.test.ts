import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../db/client.js';
import { refreshConfigs, refreshTickets, systems } from '../../db/schema/index.js';
import { onPostgres, openTestDatabase } from '../helpers/database.js';

const now = new Date('2026-11-16T15:00:00Z');

// One process talks to one dialect: a run on PostgreSQL cannot open SQLite files.
describe.skipIf(onPostgres)('openDatabase on a SQLite file', () => {
  const open: OpenDatabase[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const database of open.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const fresh = async (url: string) => {
    const database = await openDatabase(url);
    open.push(database);
    return database;
  };
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-db-'));
    dirs.push(dir);
    return join(dir, 'nested', 'otto.db');
  };
  const pragma = async (database: OpenDatabase, name: string) =>
    Object.values((await database.db.rows<Record<string, unknown>>(sql.raw(`pragma ${name}`)))[0] ?? {})[0];
  const tableNames = async (database: OpenDatabase) =>
    (
      await database.db.rows<{ name: string }>(
        sql`select name from sqlite_master where type = 'table' order by name`,
      )
    ).map((t) => t.name);

  it('creates the file with WAL, foreign keys and a busy timeout, from a path or a file: URL', async () => {
    const path = tempFile();
    for (const url of [path, pathToFileURL(path).href]) {
      const database = await fresh(url);
      expect(await pragma(database, 'foreign_keys')).toBe(1);
      expect(await pragma(database, 'busy_timeout')).toBe(5000);
    }
    // WAL is a property of the file: another connection on it sees it too.
    const other = new Database(path, { readonly: true });
    try {
      expect(other.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      other.close();
    }
  });

  it('applies the migrations once: reopening keeps the data and changes nothing', async () => {
    const path = tempFile();
    const first = await fresh(path);
    await first.db.insert(systems).values({ serial: 'SN1', updatedAt: now });
    const tables = await tableNames(first);
    await first.close();
    open.pop();
    const second = await fresh(path);
    expect(await tableNames(second)).toEqual(tables);
    expect(await second.db.select().from(systems)).toHaveLength(1);
    expect(tables).toEqual(
      expect.arrayContaining([
        'refresh_tickets',
        'outbox',
        'email_log',
        'job_runs',
        'roles',
        'schedule_slots',
        'audits',
        'events',
      ]),
    );
  });

  it('checkpoints the WAL on a thread of its own: the WAL stays small, and closing loses nothing', async () => {
    const path = tempFile();
    const database = await fresh(path);
    // No commit checkpoints by itself any more.
    expect(await pragma(database, 'wal_autocheckpoint')).toBe(0);
    const rows = 3000;
    const walSizes: number[] = [];
    for (let i = 0; i < rows; i++) {
      await database.db.insert(systems).values({ serial: `SN${i}`, updatedAt: now });
      // Time for the checkpointing thread to run, as a server has between requests.
      if (i % 500 === 499) {
        await new Promise((resolve) => setTimeout(resolve, 450));
        walSizes.push(statSync(`${path}-wal`).size);
      }
    }
    // Each commit appends a few 4 KB pages: unchecked, every 500 commits would add megabytes.
    // Checkpointed, the WAL is written back and reused from its start, so it stops growing.
    expect(walSizes.at(-1)! - walSizes[0]!).toBeLessThan(1024 * 1024);
    await database.close();
    open.pop();
    const reopened = await fresh(path);
    expect(await reopened.db.$count(systems)).toBe(rows);
  });
});

describe(`the migrated schema on ${onPostgres ? 'PostgreSQL' : 'SQLite'}`, () => {
  let database: OpenDatabase | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  /** Why `query` failed, as the database said it (drizzle wraps the driver's error as its cause). */
  const failure = async (query: PromiseLike<unknown>): Promise<string> => {
    try {
      await query;
    } catch (error) {
      return String((error as { cause?: unknown }).cause ?? error);
    }
    throw new Error('the statement went through');
  };

  it('enforces foreign keys', async () => {
    database = await openTestDatabase();
    const { db } = database;
    expect(
      await failure(
        db.insert(refreshTickets).values({
          existingSystemId: 999,
          configId: 999,
          style: 'on_prem',
          status: 'pending_customer',
          createdBy: 'U0X',
          createdAt: now,
          updatedAt: now,
        }),
      ),
    ).toMatch(/FOREIGN KEY|foreign key/);
  });

  it('allows one open ticket per system, and a new one once the old is closed', async () => {
    database = await openTestDatabase();
    const { db } = database;
    const system = (await db.insert(systems).values({ serial: 'SN1', updatedAt: now }).returning())[0]!.id;
    const config = (
      await db
        .insert(refreshConfigs)
        .values({ name: 'c', style: 'on_prem', createdAt: now, updatedAt: now })
        .returning()
    )[0]!.id;
    const ticket = {
      existingSystemId: system,
      configId: config,
      style: 'on_prem' as const,
      createdBy: 'U0X',
      createdAt: now,
      updatedAt: now,
    };
    await db.insert(refreshTickets).values({ ...ticket, status: 'complete' });
    await db.insert(refreshTickets).values({ ...ticket, status: 'pending_customer' });
    expect(
      await failure(db.insert(refreshTickets).values({ ...ticket, status: 'pending_ordering' })),
    ).toMatch(/UNIQUE|unique constraint/);
  });
});
