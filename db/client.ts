import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.js';

export type Db = BetterSQLite3Database<typeof schema>;
/** The handle a `db.transaction(tx => …)` callback receives; services accept either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface OpenDatabase {
  readonly db: Db;
  readonly sqlite: Database.Database;
  close(): void;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** `DATABASE_URL` is a path or a `file:` URL; `:memory:` gives a private in-memory database. */
export function databasePath(url: string): string {
  if (url === ':memory:') return url;
  return url.startsWith('file:') ? fileURLToPath(new URL(url)) : url;
}

/** Opens the database, sets the pragmas every connection needs and applies pending migrations. */
export function openDatabase(url: string): OpenDatabase {
  const path = databasePath(url);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 64 MB of page cache: bulk work (a 5,000-ticket batch) stays in memory instead of re-reading pages.
  sqlite.pragma('cache_size = -65536');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite, close: () => sqlite.close() };
}
