import { type Column, getTableColumns, getTableName, is, SQL, type Table } from 'drizzle-orm';
import type { Db } from './client.js';

/** Rows per statement: well inside both databases' limits on bound parameters at Otto's widths. */
const chunkRows = 500;

export interface InsertRowsOptions<T extends Table> {
  /**
   * Rows a unique index refuses are skipped (`on conflict … do nothing`): those meeting these
   * columns, or with `true` those meeting any unique index (a partial one included).
   */
  readonly onConflictDoNothing?: readonly (keyof T['$inferInsert'] & string)[] | true;
  /** Gives back, for each row inserted (not skipped), these columns' values in this order. */
  readonly returning?: readonly (keyof T['$inferInsert'] & string)[];
}

/**
 * Inserts many rows with one multi-row statement per 500, each statement's text written once per
 * shape and its values encoded by the columns' own encoders (a Date, a flag, JSON) for whichever
 * database is open. It does what `db.insert(table).values(rows)` does without drizzle's per-value
 * query building, which costs several times the insert itself at thousands of rows. Every row
 * names the same columns; a column a row leaves out takes its constant default or null. Gives how
 * many rows were inserted and, with `returning`, those columns' values for each, as an array (in
 * the order the database gives them; instants come back in the driver's form).
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
  const keys = Object.keys(all).filter((key) =>
    rows.some((row) => (row as Record<string, unknown>)[key] !== undefined),
  );
  const columns = keys.map((key) => all[key] as Column);
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const params: unknown[] = [];
    for (const row of chunk) {
      for (let i = 0; i < keys.length; i++)
        params.push(encode(columns[i] as Column, (row as Record<string, unknown>)[keys[i] as string]));
    }
    const text = statementText(db, table, keys, columns, chunk.length, options);
    const result = await db.raw(text, params);
    count += result.count;
    for (const row of result.rows) returned.push(row);
  }
  return { count, returned };
}

function encode(column: Column, value: unknown): unknown {
  if (value === undefined) {
    if (column.defaultFn !== undefined) value = column.defaultFn();
    else if (is(column.default, SQL))
      throw new Error(`insertRows: give ${column.name} a value (its default is SQL)`);
    else value = column.default ?? null;
  }
  return value === null ? null : column.mapToDriverValue(value);
}

const texts = new Map<string, string>();

function statementText<T extends Table>(
  db: Db,
  table: T,
  keys: readonly string[],
  columns: readonly Column[],
  rowCount: number,
  options: InsertRowsOptions<T>,
): string {
  const name = getTableName(table);
  const conflict = options.onConflictDoNothing;
  const shape = `${db.engine} ${name} ${keys.join(',')} ${rowCount} ${conflict === true ? '*' : (conflict?.join(',') ?? '')} ${options.returning?.join(',') ?? ''}`;
  let text = texts.get(shape);
  if (text !== undefined) return text;
  const all = getTableColumns(table) as Record<string, Column>;
  const quoted = (key: string) => `"${(all[key] as Column).name}"`;
  let n = 0;
  const placeholder = db.engine === 'postgres' ? () => `$${++n}` : () => '?';
  const tuple = () => `(${columns.map(placeholder).join(', ')})`;
  const values = Array.from({ length: rowCount }, tuple).join(', ');
  text = `insert into "${name}" (${keys.map(quoted).join(', ')}) values ${values}`;
  if (conflict === true) text += ' on conflict do nothing';
  else if (conflict !== undefined) text += ` on conflict (${conflict.map(quoted).join(', ')}) do nothing`;
  if (options.returning !== undefined) text += ` returning ${options.returning.map(quoted).join(', ')}`;
  remember(shape, text);
  return text;
}

/** Statement texts by shape; a runaway number of shapes starts the cache over. */
function remember(shape: string, text: string): void {
  if (texts.size >= 500) texts.clear();
  texts.set(shape, text);
}

export interface UpdateRowsOptions<T extends Table> {
  /** The column that finds each row (its id). */
  readonly key: keyof T['$inferInsert'] & string;
  /** Rows where any of these columns is no longer null are left as they are (a guarded update). */
  readonly whileNull?: readonly (keyof T['$inferInsert'] & string)[];
}

/**
 * Gives many rows each their own values, one statement per 500 (`update … from (values …)`),
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
  let changed = 0;
  for (let start = 0; start < rows.length; start += chunkRows) {
    const chunk = rows.slice(start, start + chunkRows);
    const params: unknown[] = [];
    for (const row of chunk) {
      for (let i = 0; i < keys.length; i++) {
        const value = (row as Record<string, unknown>)[keys[i]!];
        params.push(
          value === null || value === undefined ? null : (columns[i] as Column).mapToDriverValue(value),
        );
      }
    }
    changed += (await db.raw(updateText(db, table, keys, columns, chunk.length, options), params)).count;
  }
  return changed;
}

function updateText<T extends Table>(
  db: Db,
  table: T,
  keys: readonly string[],
  columns: readonly Column[],
  rowCount: number,
  options: UpdateRowsOptions<T>,
): string {
  const name = getTableName(table);
  const shape = `update ${db.engine} ${name} ${keys.join(',')} ${rowCount} ${options.whileNull?.join(',') ?? ''}`;
  let text = texts.get(shape);
  if (text !== undefined) return text;
  const all = getTableColumns(table) as Record<string, Column>;
  // A list of values names its columns column1, column2… on both databases; PostgreSQL needs
  // the types of the values it cannot infer there.
  let n = 0;
  const placeholder =
    db.engine === 'postgres' ? (column: Column) => `cast($${++n} as ${column.getSQLType()})` : () => '?';
  const values = Array.from({ length: rowCount }, () => `(${columns.map(placeholder).join(', ')})`).join(
    ', ',
  );
  const sets = columns.slice(1).map((column, i) => `"${column.name}" = v.column${i + 2}`);
  const guards = (options.whileNull ?? []).map(
    (key) => ` and "${name}"."${(all[key] as Column).name}" is null`,
  );
  text = `update "${name}" set ${sets.join(', ')} from (values ${values}) as v where "${name}"."${(columns[0] as Column).name}" = v.column1${guards.join('')}`;
  remember(shape, text);
  return text;
}
