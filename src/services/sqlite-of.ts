import type Database from 'better-sqlite3';
import type { Db } from '../../db/client.js';

/**
 * The better-sqlite3 connection under a drizzle handle, for the few bulk statements where
 * drizzle's per-call work shows. Statements run on it join the transaction drizzle has open.
 */
export function sqliteOf(db: Db): Database.Database {
  return (db as Db & { $client: Database.Database }).$client;
}
