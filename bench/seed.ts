import type Database from 'better-sqlite3';

/**
 * What the benchmarks that write raw SQL share: unit 1 (LSA), system group 1, model 1 (a Windows
 * Latitude) and refresh config 1 (on-prem, proposing model 1). Run inside the caller's transaction.
 */
export function seedInventory(sqlite: Database.Database, now: number): void {
  sqlite.prepare("insert into units (name, created_at) values ('LSA', ?)").run(now);
  sqlite.prepare("insert into system_groups (name) values ('Refresh')").run();
  sqlite
    .prepare("insert into models (manufacturer, name, platform) values ('Dell', 'Latitude 7450', 'windows')")
    .run();
  sqlite
    .prepare(
      "insert into refresh_configs (name, unit_id, style, proposed_model_id, created_at, updated_at) values ('LSA', 1, 'on_prem', 1, ?, ?)",
    )
    .run(now, now);
}
