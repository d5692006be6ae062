import { type Column, getTableColumns, getTableName, is, SQL, type Table } from 'drizzle-orm';
import type { Db } from './client.js';

/**
 * Rows per statement. SQLite takes them as a list of values, 500 rows well inside its limit on
 * bound parameters; PostgreSQL takes one array per column (`unnest`), so its statement is the
 * same short text however many rows it carries, parsed and planned in no time, where a list of
 * thousands of values costs it some 100 µs a row to plan.
 */
const chunkRows = { sqlite: 500, postgres: 5000 } as const;

type ColumnKey<T extends Table> = keyof T['$inferInsert'] & string;

export interface InsertRowsOptions<T extends Table> {
  /**
   * Rows a unique index refuses are skipped (`on conflict … do nothing`): those meeting these
   * columns, or with `true` those meeting any unique index (a partial one included).
   */
  readonly onConflictDoNothing?: readonly ColumnKey<T>[] | true;
  /** Gives back, for each row inserted (not skipped), these columns' values in this order. */
  readonly returning?: readonly ColumnKey<T>[];
}

/**
 * Inserts many rows in few statements, each statement's text written once per shape and its
 * values encoded by the columns' own encoders (a Date, a flag, JSON) for whichever database is
 * open. It does what `db.insert(table).values(rows)` does without drizzle's per-value query
 * building, which costs several times the insert itself at thousands of rows. A column every
 * row leaves out is left to the database; one some rows leave out takes its constant default
 * or null there. Gives how many rows were inserted and, with `returning`, those columns' values
 * for each, as an array (in the order the database gives them, in the driver's form).
 */
export async function insertRows<T extends Table>(
  db: Db,
  table: T,
  rows: readonly T['$inferInsert'][],
  options: InsertRowsOptions<T> = {},
): Promise<{ count: number; returned: unknown[][] }> {
  let count = 0;
  const returned: unknown[][] = [];
  if (rows.length === 0) return { count, returned };
  const all = getTableColumns(table) as Record<string, Column>;
  const keys = Object.keys(all).filter((key) => rows.some((row) => field(row, key) !== undefined));
  const columns = keys.map((key) => all[key] as Column);
  const text = cached(
    `insert ${db.engine} ${getTableName(table)} ${keys} ${optionsShape(options)}`,
    (rowCount) => insertText(db, table, columns, rowCount, options),
  );
  for (const chunk of chunks(db, rows)) {
    const result = await db.raw(text(chunk.length), parameters(db, chunk, keys, columns, encodeInsert));
    count += result.count;
    returned.push(...result.rows);
  }
  return { count, returned };
}

export interface UpdateRowsOptions<T extends Table> {
  /** The column that finds each row (its id). */
  readonly key: ColumnKey<T>;
  /** Rows where any of these columns is no longer null are left as they are (a guarded update). */
  readonly whileNull?: readonly ColumnKey<T>[];
}

/**
 * Gives many rows each their own values in few statements (`update … from` a list of rows),
 * where the query builder would need a statement per row. Every row names the key and the same
 * columns to set. Gives how many rows changed.
 */
export async function updateRows<T extends Table>(
  db: Db,
  table: T,
  rows: readonly Partial<T['$inferInsert']>[],
  options: UpdateRowsOptions<T>,
): Promise<number> {
  if (rows.length === 0) return 0;
  const all = getTableColumns(table) as Record<string, Column>;
  const keys = [options.key, ...Object.keys(rows[0]!).filter((key) => key !== options.key)];
  const columns = keys.map((key) => {
    const column = all[key];
    if (column === undefined) throw new Error(`updateRows: ${getTableName(table)} has no column ${key}`);
    return column;
  });
  const guards = (options.whileNull ?? []).map((key) => (all[key] as Column).name);
  const text = cached(`update ${db.engine} ${getTableName(table)} ${keys} ${guards}`, (rowCount) =>
    updateText(db, table, columns, rowCount, guards),
  );
  let changed = 0;
  for (const chunk of chunks(db, rows)) {
    changed += (await db.raw(text(chunk.length), parameters(db, chunk, keys, columns, encodeUpdate))).count;
  }
  return changed;
}

const field = (row: object, key: string) => (row as Record<string, unknown>)[key];

function* chunks<R>(db: Db, rows: readonly R[]): Generator<readonly R[]> {
  const size = chunkRows[db.engine];
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}

/** The values to bind: row after row on SQLite, one array per column on PostgreSQL. */
function parameters(
  db: Db,
  rows: readonly object[],
  keys: readonly string[],
  columns: readonly Column[],
  encode: (column: Column, value: unknown) => unknown,
): unknown[] {
  if (db.engine === 'postgres') {
    return columns.map((column, i) => rows.map((row) => encode(column, field(row, keys[i]!))));
  }
  const params: unknown[] = [];
  for (const row of rows) {
    for (let i = 0; i < keys.length; i++) params.push(encode(columns[i]!, field(row, keys[i]!)));
  }
  return params;
}

function encodeInsert(column: Column, value: unknown): unknown {
  if (value === undefined) {
    if (column.defaultFn !== undefined) value = column.defaultFn();
    else if (is(column.default, SQL))
      throw new Error(`insertRows: give ${column.name} a value (its default is SQL)`);
    else value = column.default ?? null;
  }
  return encodeUpdate(column, value);
}

function encodeUpdate(column: Column, value: unknown): unknown {
  return value === null || value === undefined ? null : column.mapToDriverValue(value);
}

const quoted = (column: Column) => `"${column.name}"`;

/**
 * The rows a statement takes, as a `from` source whose columns are column1, column2…: a list of
 * values on SQLite (which names its columns so), arrays unnested on PostgreSQL (typed by the
 * columns, which a list of bare parameters would not be).
 */
function source(db: Db, columns: readonly Column[], rowCount: number): string {
  if (db.engine === 'postgres') {
    const arrays = columns.map((column, i) => `cast($${i + 1} as ${column.getSQLType()}[])`);
    const names = columns.map((_, i) => `column${i + 1}`);
    return `unnest(${arrays.join(', ')}) as v(${names.join(', ')})`;
  }
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `(values ${Array.from({ length: rowCount }, () => row).join(', ')}) as v`;
}

function insertText<T extends Table>(
  db: Db,
  table: T,
  columns: readonly Column[],
  rowCount: number,
  options: InsertRowsOptions<T>,
): string {
  const all = getTableColumns(table) as Record<string, Column>;
  const named = (keys: readonly string[]) => keys.map((key) => quoted(all[key] as Column)).join(', ');
  const values = columns.map((_, i) => `v.column${i + 1}`).join(', ');
  // `where true` tells SQLite's parser that `on conflict` belongs to the insert, not to a join.
  let text = `insert into "${getTableName(table)}" (${columns.map(quoted).join(', ')}) select ${values} from ${source(db, columns, rowCount)} where true`;
  const conflict = options.onConflictDoNothing;
  if (conflict === true) text += ' on conflict do nothing';
  else if (conflict !== undefined) text += ` on conflict (${named(conflict)}) do nothing`;
  if (options.returning !== undefined) text += ` returning ${named(options.returning)}`;
  return text;
}

function updateText<T extends Table>(
  db: Db,
  table: T,
  columns: readonly Column[],
  rowCount: number,
  guards: readonly string[],
): string {
  const name = getTableName(table);
  const sets = columns.slice(1).map((column, i) => `${quoted(column)} = v.column${i + 2}`);
  const unless = guards.map((guard) => ` and "${name}"."${guard}" is null`).join('');
  return `update "${name}" set ${sets.join(', ')} from ${source(db, columns, rowCount)} where "${name}".${quoted(columns[0]!)} = v.column1${unless}`;
}

function optionsShape<T extends Table>(options: InsertRowsOptions<T>): string {
  const conflict = options.onConflictDoNothing;
  return `${conflict === true ? '*' : (conflict ?? '')} ${options.returning ?? ''}`;
}

/** Statement texts by shape and row count; a runaway number of shapes starts the cache over. */
const texts = new Map<string, string>();

function cached(shape: string, write: (rowCount: number) => string): (rowCount: number) => string {
  return (rowCount) => {
    const key = `${shape} ${rowCount}`;
    let text = texts.get(key);
    if (text === undefined) {
      if (texts.size >= 500) texts.clear();
      text = write(rowCount);
      texts.set(key, text);
    }
    return text;
  };
}
