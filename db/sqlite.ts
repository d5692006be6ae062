import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type { SQL } from 'drizzle-orm';
import { drizzle as drizzleMigrator } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { drizzle } from 'drizzle-orm/sqlite-proxy';
import { checkpointer } from './checkpointer.js';
import type { Db, OpenDatabase } from './client.js';
import { inScope, openScope } from './scope.js';
import { Turn } from './turn.js';

const migrationsFolder = fileURLToPath(new URL('./migrations/sqlite', import.meta.url));

/** `DATABASE_URL` is a path or a `file:` URL; `:memory:` gives a private in-memory database. */
export function databasePath(url: string): string {
  if (url === ':memory:') return url;
  return url.startsWith('file:') ? fileURLToPath(new URL(url)) : url;
}

// better-sqlite3 binds numbers, strings, bigints, buffers and null; drizzle maps typed columns
// itself, and this maps what raw statements pass (an instant, a flag) the way the columns store it.
function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/**
 * SQLite through better-sqlite3, one connection, driven through drizzle's async (proxy)
 * driver. better-sqlite3 is synchronous, so a statement never waits; a transaction spans
 * awaits, though, so it holds the connection's turn from `BEGIN IMMEDIATE` to `COMMIT` or
 * `ROLLBACK`, and every statement from outside it waits for the turn: nothing outside a
 * transaction can land in it or see it half done.
 */
export function openSqlite(url: string): OpenDatabase {
  const path = databasePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const connection = new Database(path);
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma('busy_timeout = 5000');
  // 64 MB of page cache: bulk work (a 5,000-ticket batch) stays in memory instead of re-reading pages.
  connection.pragma('cache_size = -65536');
  migrate(drizzleMigrator(connection), { migrationsFolder });
  // A file's WAL is checkpointed by a thread of its own (db/checkpointer.ts), not inside a commit.
  const file = path === ':memory:' ? undefined : path;
  if (file !== undefined) {
    connection.pragma('wal_autocheckpoint = 0');
    void checkpointer.watch(file);
  }

  const statements = new Map<string, Database.Statement>();
  const statement = (sql: string) => {
    let prepared = statements.get(sql);
    if (prepared === undefined) {
      // Statements are kept by their text; a runaway number of distinct texts starts the cache over.
      if (statements.size >= 2000) statements.clear();
      prepared = connection.prepare(sql);
      statements.set(sql, prepared);
    }
    return prepared;
  };
  const execute = (sql: string, params: unknown[], method: 'run' | 'all' | 'values' | 'get') => {
    const prepared = statement(sql);
    const values = params.map(bindable);
    if (method === 'run' || !prepared.reader) return { rows: [], changes: prepared.run(values).changes };
    prepared.raw(true);
    return { rows: method === 'get' ? prepared.get(values) : prepared.all(values) };
  };

  const turn = new Turn();
  const inside = () => openScope()?.owner === connection;
  const withTurn = async <T>(run: () => T): Promise<T> => {
    if (inside() || turn.free) return run();
    const release = await turn.take();
    try {
      return run();
    } finally {
      release();
    }
  };

  const base = drizzle((sql, params, method) => withTurn(() => execute(sql, params, method)) as never);
  const dialect = new SQLiteAsyncDialect();
  let savepoints = 0;

  const db = Object.assign(base, {
    engine: 'sqlite' as const,
    rows: <T>(query: SQL) =>
      withTurn(() => {
        const { sql, params } = dialect.sqlToQuery(query);
        const prepared = statement(sql);
        const values = params.map(bindable);
        if (!prepared.reader) {
          prepared.run(values);
          return [] as T[];
        }
        return prepared.raw(false).all(values) as T[];
      }),
    raw: (text: string, params: readonly unknown[]) =>
      withTurn(() => {
        const prepared = statement(text);
        if (!prepared.reader) return { rows: [], count: prepared.run(params as unknown[]).changes };
        const rows = prepared.raw(true).all(params as unknown[]) as unknown[][];
        return { rows, count: rows.length };
      }),
    transaction: async <T>(work: (tx: Db) => Promise<T>): Promise<T> => {
      if (inside()) {
        const name = `otto_${++savepoints}`;
        connection.exec(`savepoint ${name}`);
        try {
          const result = await work(db);
          connection.exec(`release ${name}`);
          return result;
        } catch (error) {
          connection.exec(`rollback to ${name}`);
          connection.exec(`release ${name}`);
          throw error;
        }
      }
      const release = await turn.take();
      try {
        connection.exec('begin immediate');
        return await inScope(
          connection,
          () => work(db),
          (failed) => {
            if (!failed) connection.exec('commit');
            else if (connection.inTransaction) connection.exec('rollback');
          },
        );
      } finally {
        release();
      }
    },
  }) as unknown as Db;

  return {
    db,
    close: async () => {
      if (file !== undefined) await checkpointer.unwatch(file);
      const release = await turn.take();
      try {
        connection.close();
      } finally {
        release();
      }
    },
  };
}
