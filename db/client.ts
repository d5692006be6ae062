import type { SQL } from 'drizzle-orm';
import type { SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { type Dialect, useDialect } from './schema/index.js';

export type { Dialect };

/**
 * The database as the services see it: drizzle's query builder, awaited, on SQLite or
 * PostgreSQL alike. It is typed with the SQLite builder (the tables' types are the SQLite
 * ones; db/schema/pg.ts gives their twins the same types). What differs between the two
 * drivers is left out: raw statements go through `rows()`, and the one `transaction()`
 * below is atomic on both.
 */
export type Db = Omit<
  SqliteRemoteDatabase,
  'transaction' | 'all' | 'get' | 'run' | 'values' | 'batch' | '$client'
> & {
  /** Which database this is, for the few statements the two write differently. */
  readonly engine: Dialect;
  /**
   * Runs `work` atomically: everything it wrote is kept when it resolves and nothing when it
   * throws. Inside, `tx` is the database; a nested call is a savepoint. Nothing slow (Slack,
   * SMTP, ITSM) belongs inside.
   */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /** The rows of a raw statement, as objects keyed by column name. */
  rows<T>(query: SQL): Promise<T[]>;
  /**
   * A statement written for the open database (`?` placeholders on SQLite, `$1`… on PostgreSQL)
   * with values already in the driver's form: its rows as arrays, and how many rows it wrote or
   * gave. For db/bulk.ts, where drizzle's query building would cost more than the statement.
   */
  raw(text: string, params: readonly unknown[]): Promise<RawResult>;
};

export interface RawResult {
  readonly rows: unknown[][];
  readonly count: number;
}

/** The handle a transaction's work receives: the database itself. */
export type Tx = Db;

export interface OpenDatabase {
  /** The database; `db.engine` says which kind it is. */
  readonly db: Db;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Most connections one process holds to PostgreSQL (default 10). */
  readonly poolSize?: number;
}

/** `postgres://` and `postgresql://` URLs are PostgreSQL; anything else is a SQLite path or `file:` URL. */
export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

/**
 * Opens the database `url` names and applies its pending migrations. One process talks to one
 * dialect: the first database opened points the table bindings at it, and opening the other
 * kind afterwards is refused.
 */
export async function openDatabase(url: string, options: DatabaseOptions = {}): Promise<OpenDatabase> {
  const dialect = dialectOf(url);
  claimDialect(dialect);
  if (dialect === 'postgres') {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(url, options);
  }
  const { openSqlite } = await import('./sqlite.js');
  return openSqlite(url);
}

let claimed: Dialect | undefined;
function claimDialect(dialect: Dialect): void {
  if (claimed !== undefined && claimed !== dialect) {
    throw new Error(`this process already uses ${claimed}; it cannot also open a ${dialect} database`);
  }
  claimed = dialect;
  useDialect(dialect);
}
