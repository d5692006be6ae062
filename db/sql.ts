import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { alias as pgAlias } from 'drizzle-orm/pg-core';
import { type SQLiteTable, alias as sqliteAlias } from 'drizzle-orm/sqlite-core';
import { currentDialect } from './schema/index.js';

/**
 * The few SQL expressions SQLite and PostgreSQL spell differently, written once here; the
 * services use these and never a dialect's own function. Everything else (lower, coalesce,
 * ||, like … escape '\', case, window functions) is the same on both.
 */
const onPostgres = () => currentDialect() === 'postgres';

/** The larger of two values (SQLite's scalar max, PostgreSQL's greatest). */
export function greatest(a: SQLWrapper | number, b: SQLWrapper | number): SQL<number> {
  return onPostgres() ? sql<number>`greatest(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
}

/** The smaller of two values. */
export function least(a: SQLWrapper | number, b: SQLWrapper | number): SQL<number> {
  return onPostgres() ? sql<number>`least(${a}, ${b})` : sql<number>`min(${a}, ${b})`;
}

/** True when `needle` occurs in `haystack` (both already lower-cased by the caller when wanted). */
export function contains(haystack: SQLWrapper, needle: SQLWrapper | string): SQL<boolean> {
  return onPostgres()
    ? sql<boolean>`strpos(${haystack}, ${needle}) > 0`
    : sql<boolean>`instr(${haystack}, ${needle}) > 0`;
}

/** A top-level field of a JSON column as text (SQL null when absent or JSON null). */
export function jsonText(column: SQLWrapper, key: string): SQL<string | null> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`unusable JSON key ${key}`);
  return onPostgres()
    ? sql<string | null>`(${column} ->> ${sql.raw(`'${key}'`)})`
    : sql<string | null>`cast(json_extract(${column}, ${sql.raw(`'$.${key}'`)}) as text)`;
}

/** True when a top-level field of a JSON column is JSON `false`. */
export function jsonIsFalse(column: SQLWrapper, key: string): SQL<boolean> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`unusable JSON key ${key}`);
  return onPostgres()
    ? sql<boolean>`((${column} -> ${sql.raw(`'${key}'`)}) = 'false'::jsonb)`
    : sql<boolean>`(json_type(${column}, ${sql.raw(`'$.${key}'`)}) = 'false')`;
}

/**
 * The elements of a JSON array of strings (bound as one value) as rows `j.value`, in order of
 * `j.key`; use it in `from`. Lets one statement take a whole list of serials.
 */
export function jsonArrayRows(json: SQLWrapper | string): SQL {
  return onPostgres()
    ? sql`jsonb_array_elements_text(cast(${json} as jsonb)) with ordinality as j(value, key)`
    : sql`json_each(${json}) as j`;
}

/** A second name for a table within one statement (a self-join). */
export function aliasOf<T extends SQLiteTable>(table: T, name: string): T {
  return (onPostgres() ? pgAlias(table as never, name) : sqliteAlias(table, name)) as T;
}
