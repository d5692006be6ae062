// Where a benchmark's data lives. `npm run bench` runs each benchmark on SQLite and, when it has a
// PostgreSQL server to use, again on PostgreSQL: bench/run.ts sets BENCH_DATABASE to say which.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { dialectOf } from '../db/client.js';

/** The PostgreSQL server to make benchmark databases on, when this run is on PostgreSQL. */
const server = process.env.BENCH_DATABASE ?? '';
export const benchOnPostgres = server !== '' && dialectOf(server) === 'postgres';
export const engineName = benchOnPostgres ? 'PostgreSQL' : 'SQLite';

/** SQLite's folder, made with the first database; PostgreSQL's databases made so far. */
let dir: string | undefined;
const made: string[] = [];

/**
 * A new, empty database for one run of a benchmark, by URL: a SQLite file, or a PostgreSQL
 * database made for it on the bench server (the app migrates it when it opens it).
 */
export async function benchDatabase(name: string): Promise<string> {
  if (!benchOnPostgres) {
    dir ??= mkdtempSync(join(tmpdir(), 'otto-bench-'));
    return join(dir, `${name}.db`);
  }
  const database = `otto_bench_${process.pid}_${made.length + 1}`;
  await onServer(`create database ${database}`);
  made.push(database);
  const url = new URL(server);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Removes every database this process made (SQLite's folder, or PostgreSQL's databases). */
export async function dropBenchDatabases(): Promise<void> {
  if (!benchOnPostgres) {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
    return;
  }
  for (const database of made.splice(0)) await onServer(`drop database if exists ${database} with (force)`);
}

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
