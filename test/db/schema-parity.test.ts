import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { getTableName, is, SQL, type Table } from 'drizzle-orm';
import { PgDialect, PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { SQLiteSyncDialect, SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pg from '../../db/schema/pg.js';
import * as sqlite from '../../db/schema/tables.js';

// What each dialect stores a kind of column as (db/schema/kit.ts).
const sameType: Record<string, string> = {
  SQLiteInteger: 'integer',
  SQLiteText: 'text',
  SQLiteTimestamp: 'timestamp (3) with time zone',
  SQLiteBoolean: 'boolean',
  SQLiteTextJson: 'jsonb',
  SQLiteBlobBuffer: 'bytea',
};

const pgDialect = new PgDialect();
const sqliteDialect = new SQLiteSyncDialect();
const sqlText = (dialect: PgDialect | SQLiteSyncDialect, value: unknown) =>
  is(value, SQL) ? dialect.sqlToQuery(value).sql.replace(/"[a-z_]+"\./g, '') : value;

type Config = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

/** One table's shape in words both dialects share. */
function shape(
  config: Config,
  dialect: PgDialect | SQLiteSyncDialect,
  kind: (c: Config['columns'][number]) => string,
) {
  const names = (columns: { name: string }[]) => columns.map((c) => c.name).join(',');
  return {
    name: config.name,
    columns: config.columns.map((c) => ({
      name: c.name,
      type: kind(c),
      notNull: c.notNull,
      default: c.default instanceof Object ? sqlText(dialect, c.default) : c.default,
      primary: c.primary,
      unique: c.isUnique,
    })),
    primaryKeys: config.primaryKeys.map((k) => names(k.columns)),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        unique: i.config.unique,
        on: names(i.config.columns as { name: string }[]),
        where: i.config.where ? sqlText(dialect, i.config.where) : undefined,
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${names(ref.columns)} → ${getTableName(ref.foreignTable as Table)}(${names(ref.foreignColumns)}) on delete ${fk.onDelete ?? 'no action'}`;
      })
      .sort(),
  };
}

const sqliteKind = (c: Config['columns'][number]) => sameType[c.columnType] ?? `unmapped ${c.columnType}`;
const pgKind = (c: Config['columns'][number]) => c.getSQLType();

describe('the PostgreSQL schema', () => {
  it('has a twin of every SQLite table under the same name', () => {
    const sqliteTables = Object.entries(sqlite).filter(([, v]) => is(v, SQLiteTable));
    const pgTables = Object.entries(pg).filter(([, v]) => is(v, PgTable));
    expect(sqliteTables.length).toBeGreaterThan(30);
    expect(pgTables.map(([name]) => name).sort()).toEqual(sqliteTables.map(([name]) => name).sort());
  });

  it('has the same tables, columns, types, defaults, keys and indexes as the SQLite one', () => {
    for (const [name, table] of Object.entries(sqlite)) {
      if (!is(table, SQLiteTable)) continue;
      const twin = (pg as unknown as Record<string, PgTable>)[name];
      const a = shape(sqliteConfig(table), sqliteDialect, sqliteKind);
      const b = shape(pgConfig(twin as PgTable), pgDialect, pgKind);
      expect({ table: name, ...b }).toEqual({ table: name, ...a });
    }
  });
});

describe('the committed migrations', () => {
  it('match each schema: drizzle-kit finds nothing to generate for either database', () => {
    for (const config of ['drizzle.config.ts', 'drizzle.pg.config.ts']) {
      const out = execFileSync('npx', ['drizzle-kit', 'generate', '--config', config], { encoding: 'utf8' });
      expect(out).toContain('No schema changes, nothing to migrate');
    }
  });

  it('are applied in the journal order, one folder per database', () => {
    for (const folder of ['db/migrations/sqlite', 'db/migrations/pg']) {
      const journal = JSON.parse(readFileSync(`${folder}/meta/_journal.json`, 'utf8')) as {
        entries: { tag: string }[];
      };
      const files = readdirSync(folder).filter((f) => f.endsWith('.sql'));
      expect(journal.entries.map((e) => `${e.tag}.sql`)).toEqual(files.sort());
    }
  });
});
