import pg from 'pg';
import { dialectOf, type OpenDatabase, openDatabase } from '../../db/client.js';

/**
 * The database a test runs on. `npm test` uses SQLite in memory; with `TEST_DATABASE_URL`
 * set to a PostgreSQL server (`.ci/run` does so for its second pass) every test gets a fresh
 * database copied from the template `test/global-setup.ts` migrated once for the run.
 */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL ?? '';
export const onPostgres = testDatabaseUrl !== '' && dialectOf(testDatabaseUrl) === 'postgres';

/** The template database of this run (named by the global set-up). */
export const templateName = () => `otto_template_${process.env.OTTO_TEST_RUN ?? 'local'}`;

let created = 0;

/** A database a test names by URL, and drops when done with it. */
export interface ScratchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A migrated, empty database a test can open, close and open again (as across a restart, or
 * from another process) by its URL: the SQLite file `path` (`:memory:` when none is given), or
 * on PostgreSQL a fresh copy of the template, whatever `path` says.
 */
export async function scratchDatabase(path = ':memory:'): Promise<ScratchDatabase> {
  if (!onPostgres) return { url: path, drop: async () => {} };
  const name = `otto_t_${process.env.OTTO_TEST_RUN ?? 'local'}_${process.pid}_${++created}`;
  await admin(`create database ${name} template ${templateName()} strategy file_copy`);
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => admin(`drop database if exists ${name} with (force)`) };
}

/** A database with every migration applied and no rows. */
export async function openTestDatabase(): Promise<OpenDatabase> {
  if (!onPostgres) return openDatabase(':memory:');
  const scratch = await scratchDatabase();
  const database = await openDatabase(scratch.url, { poolSize: 4 });
  return {
    ...database,
    close: async () => {
      await database.close();
      await scratch.drop();
    },
  };
}

/** Runs one statement on the server's maintenance connection (databases are made and dropped there). */
export async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: testDatabaseUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
