import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { DatabaseOptions, Db, OpenDatabase } from './client.js';
import { inScope, openScope } from './scope.js';

const migrationsFolder = fileURLToPath(new URL('./migrations/pg', import.meta.url));

// count(*) and other bigints arrive as strings by default; Otto's counts fit a number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Any number that is Otto's own: the key of the transaction-level lock migrations take. */
const migrationLock = 0x0770_0001;

/**
 * Applies the migrations in db/migrations/pg that the database has not seen, in one
 * transaction under a transaction-level advisory lock, so replicas starting together apply
 * each once (and the lock cannot outlive the transaction behind a connection pooler). The
 * bookkeeping table is drizzle's own, so drizzle-kit reads it too.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const migrations = readMigrationFiles({ migrationsFolder });
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [migrationLock]);
    await client.query('create schema if not exists drizzle');
    await client.query(
      'create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)',
    );
    const last = await client.query<{ created_at: number }>(
      'select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1',
    );
    const appliedUpTo = last.rows[0]?.created_at ?? 0;
    for (const migration of migrations) {
      if (migration.folderMillis <= appliedUpTo) continue;
      for (const statement of migration.sql) {
        if (statement.trim() !== '') await client.query(statement);
      }
      await client.query('insert into drizzle.__drizzle_migrations (hash, created_at) values ($1, $2)', [
        migration.hash,
        migration.folderMillis,
      ]);
    }
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

/** What runs a statement: the pool (a connection of its choosing) or a transaction's connection. */
type Queryable = pg.Pool | pg.PoolClient;

let savepoints = 0;

/**
 * Refuses a statement sent to the pool by work running inside a transaction: it would run on
 * another connection, outside the transaction (not rolled back with it, blind to its writes,
 * and waiting on its locks). Such work must use the `tx` it was given.
 */
function refuseOutsideTransaction(pool: pg.Pool): void {
  if (openScope()?.owner === pool) {
    throw new Error("a statement inside a transaction was sent to the pool: use the transaction's tx");
  }
}

/**
 * The services' `Db` over `client`: the pool, or inside a transaction its one connection, so
 * that every statement of the transaction (drizzle's and raw ones) runs on that connection.
 */
function asDb(pool: pg.Pool, client: Queryable): Db {
  const handle = drizzle(client);
  const inTransaction = client !== pool;
  const db = Object.assign(handle, {
    engine: 'postgres' as const,
    rows: async <T>(query: SQL) => (await handle.execute(query)).rows as T[],
    raw: async (text: string, params: readonly unknown[]) => {
      const result = await client.query<unknown[]>({ text, values: params as unknown[], rowMode: 'array' });
      return { rows: result.rows, count: result.rowCount ?? 0 };
    },
    transaction: async <T>(work: (tx: Db) => Promise<T>): Promise<T> => {
      if (inTransaction) return savepoint(client, () => work(db));
      refuseOutsideTransaction(pool);
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query('begin');
        return await inScope(
          pool,
          () => work(asDb(pool, connection)),
          async (failed) => {
            if (!failed) return void (await connection.query('commit'));
            await connection.query('rollback').catch((rollbackError: Error) => {
              broken = rollbackError;
            });
          },
        );
      } finally {
        // A connection that could not roll back is not handed to anyone else.
        connection.release(broken);
      }
    },
  }) as unknown as Db;
  return db;
}

/** A nested transaction: a savepoint on the transaction's connection. */
async function savepoint<T>(client: Queryable, work: () => Promise<T>): Promise<T> {
  const name = `otto_${++savepoints}`;
  await client.query(`savepoint ${name}`);
  try {
    const result = await work();
    await client.query(`release savepoint ${name}`);
    return result;
  } catch (error) {
    await client.query(`rollback to savepoint ${name}`);
    throw error;
  }
}

/**
 * PostgreSQL through node-postgres with a pool of connections. Each transaction runs on one
 * connection of the pool at PostgreSQL's default isolation (read committed); the services'
 * guarded updates (`update … where status = …`) hold there because an update re-reads the row
 * it waited for.
 */
export async function openPostgres(url: string, options: DatabaseOptions): Promise<OpenDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  const query = pool.query.bind(pool);
  pool.query = ((...args: Parameters<typeof query>) => {
    refuseOutsideTransaction(pool);
    return query(...args);
  }) as typeof pool.query;
  // An idle connection the server drops (a restart, a failover) is logged by its error, not thrown.
  pool.on('error', (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  await migrate(pool);
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= pool.end();
    return closing;
  };
  return { db: asDb(pool, pool), close };
}
