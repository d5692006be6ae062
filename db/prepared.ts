import type { Db } from './client.js';

/**
 * Builds a set of prepared statements once per database handle and hands the same set back on
 * every later call: drizzle's query builder recompiles SQL on every call, which costs ten
 * times a prepared point lookup on the hot path. A PostgreSQL transaction is a handle of its
 * own (its statements must run on its connection), so it gets its own set.
 */
export function preparedFor<T>(build: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<Db, T>();
  return (db) => {
    let statements = cache.get(db);
    if (statements === undefined) {
      statements = build(db);
      cache.set(db, statements);
    }
    return statements;
  };
}

/** What a query builder gives when prepared: SQLite's takes no name, PostgreSQL's needs one. */
interface Preparable<P> {
  prepare(): P;
}

/**
 * Prepares `query` under `name` (PostgreSQL prepares it by that name on each connection that
 * runs it; SQLite ignores the name). Run it with `await statement.execute({ …placeholders })`.
 */
export function prepared<P>(query: Preparable<P>, name: string): P {
  return (query as unknown as { prepare(name: string): P }).prepare(name);
}
