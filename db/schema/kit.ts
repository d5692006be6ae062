import { type BuildColumns, getTableName, type Table } from 'drizzle-orm';
import {
  boolean as pgBoolean,
  customType as pgCustomType,
  index as pgIndex,
  integer as pgInteger,
  jsonb as pgJsonb,
  primaryKey as pgPrimaryKey,
  pgTable,
  text as pgText,
  timestamp as pgTimestamp,
  uniqueIndex as pgUniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  type AnySQLiteColumn,
  blob,
  index,
  integer,
  primaryKey,
  type SQLiteColumnBuilderBase,
  type SQLiteTableExtraConfigValue,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/**
 * One table definition, two dialects. A schema file describes its table once with the
 * column kit below; `table()` builds the SQLite table at once (its types are the ones the
 * services are written against) and remembers how to build the PostgreSQL twin, which
 * `pgTables()` builds on first use. Storage per dialect:
 *
 * | kind      | SQLite                      | PostgreSQL                 |
 * |-----------|-----------------------------|----------------------------|
 * | `id`      | integer autoincrement       | integer identity           |
 * | `instant` | integer, epoch milliseconds | timestamptz(3)             |
 * | `flag`    | integer 0/1                 | boolean                    |
 * | `json`    | text holding JSON           | jsonb                      |
 * | `bytes`   | blob                        | bytea                      |
 * | `integer`, `text` | the same on both    |                            |
 */
const sqliteColumns = {
  /** The table's own numeric key, given by the database. */
  id: () => integer('id').primaryKey({ autoIncrement: true }),
  integer: (name: string) => integer(name),
  text: text,
  /** An instant, read back as a Date. Writers pass the app clock's time; nothing defaults to the wall clock. */
  instant: (name: string) => integer(name, { mode: 'timestamp_ms' }),
  flag: (name: string) => integer(name, { mode: 'boolean' }),
  json: <T>(name: string) => text(name, { mode: 'json' }).$type<T>(),
  /** Bytes kept whole (a case's attachments), read back as a Buffer. */
  bytes: (name: string) => blob(name, { mode: 'buffer' }),
};

const pgBytea = pgCustomType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export type ColumnKit = typeof sqliteColumns;

const sqliteExtras = { index, uniqueIndex, primaryKey };
export type ExtrasKit = typeof sqliteExtras;

interface Definition {
  readonly sqlite: Table;
  readonly pg: () => Table;
}

const definitions: Definition[] = [];
const twins = new Map<Table, Table>();

/** The PostgreSQL column a SQLite column stands for: the same key on the twin table. */
function pgColumnOf(column: AnySQLiteColumn): unknown {
  const twin = twins.get(column.table);
  if (twin === undefined) throw new Error(`${getTableName(column.table)} has no PostgreSQL twin`);
  const key = Object.entries(column.table).find(([, value]) => value === column)?.[0];
  if (key === undefined) throw new Error(`${column.name} is not a column of ${getTableName(column.table)}`);
  return (twin as unknown as Record<string, unknown>)[key];
}

/** A PostgreSQL builder whose `references()` points at the twin of the SQLite column it is given. */
function withTwinReferences<B extends object>(builder: B): B {
  const own = builder as unknown as {
    references: (ref: () => AnySQLiteColumn, actions?: unknown) => unknown;
  };
  const references = own.references.bind(builder);
  own.references = (ref, actions) => references(() => pgColumnOf(ref()) as AnySQLiteColumn, actions);
  return builder;
}

// The PostgreSQL kit returns pg-core builders under the SQLite kit's types: the services are
// typed once, and the parity test checks what the two dialects build column by column.
const pgColumns = {
  id: () => pgInteger('id').primaryKey().generatedByDefaultAsIdentity(),
  integer: (name: string) => withTwinReferences(pgInteger(name)),
  text: (name: string, config?: { enum?: readonly [string, ...string[]] }) =>
    withTwinReferences(
      config?.enum ? pgText(name, { enum: config.enum as [string, ...string[]] }) : pgText(name),
    ),
  instant: (name: string) => pgTimestamp(name, { withTimezone: true, precision: 3, mode: 'date' }),
  flag: (name: string) => pgBoolean(name),
  json: (name: string) => pgJsonb(name),
  bytes: (name: string) => pgBytea(name),
} as unknown as ColumnKit;

const pgExtras = {
  index: pgIndex,
  uniqueIndex: pgUniqueIndex,
  primaryKey: pgPrimaryKey,
} as unknown as ExtrasKit;

/** Declares a table for both dialects; returns the SQLite table. */
export function table<TName extends string, TColumns extends Record<string, SQLiteColumnBuilderBase>>(
  name: TName,
  columns: (c: ColumnKit) => TColumns,
  extras?: (t: BuildColumns<TName, TColumns, 'sqlite'>, k: ExtrasKit) => SQLiteTableExtraConfigValue[],
) {
  const sqlite = sqliteTable(name, columns(sqliteColumns), extras && ((t) => extras(t, sqliteExtras)));
  definitions.push({
    sqlite,
    pg: () =>
      pgTable(
        name,
        columns(pgColumns) as never,
        extras && ((t: never) => extras(t, pgExtras) as never),
      ) as unknown as Table,
  });
  return sqlite;
}

/** The PostgreSQL twin of every declared table, built once, keyed by its SQLite table. */
export function pgTwins(): ReadonlyMap<Table, Table> {
  if (twins.size < definitions.length) {
    for (const definition of definitions) {
      if (!twins.has(definition.sqlite)) twins.set(definition.sqlite, definition.pg());
    }
  }
  return twins;
}
