import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../db/client.js';
import { refreshConfigs, refreshTickets, systems } from '../../db/schema/index.js';

const now = new Date('2026-11-16T15:00:00Z');

describe('openDatabase', () => {
  const open: OpenDatabase[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    for (const database of open.splice(0)) await database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const fresh = async (url: string) => {
    const database = await openDatabase(url);
    open.push(database);
    return database;
  };
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-db-'));
    dirs.push(dir);
    return join(dir, 'nested', 'otto.db');
  };

  it('creates the file with WAL, foreign keys and a busy timeout, from a path or a file: URL', async () => {
    const path = tempFile();
    for (const url of [path, pathToFileURL(path).href]) {
      const { sqlite } = await fresh(url);
      expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
    }
  });

  it('applies the migrations once: reopening keeps the data and changes nothing', async () => {
    const path = tempFile();
    const first = await fresh(path);
    first.db.insert(systems).values({ serial: 'SN1', updatedAt: now }).run();
    const tables = first.sqlite
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all();
    first.close();
    open.pop();
    const second = await fresh(path);
    expect(
      second.sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all(),
    ).toEqual(tables);
    expect(second.db.select().from(systems).all()).toHaveLength(1);
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(
      expect.arrayContaining([
        'refresh_tickets',
        'outbox',
        'email_log',
        'job_runs',
        'roles',
        'schedule_slots',
        'audits',
        'events',
      ]),
    );
  });

  it('enforces foreign keys', async () => {
    const { db } = await fresh(':memory:');
    expect(() =>
      db
        .insert(refreshTickets)
        .values({
          existingSystemId: 999,
          configId: 999,
          style: 'on_prem',
          status: 'pending_customer',
          createdBy: 'U0X',
          createdAt: now,
          updatedAt: now,
        })
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('allows one open ticket per system, and a new one once the old is closed', async () => {
    const { db } = await fresh(':memory:');
    const system = db.insert(systems).values({ serial: 'SN1', updatedAt: now }).returning().get().id;
    const config = db
      .insert(refreshConfigs)
      .values({ name: 'c', style: 'on_prem', createdAt: now, updatedAt: now })
      .returning()
      .get().id;
    const ticket = {
      existingSystemId: system,
      configId: config,
      style: 'on_prem' as const,
      createdBy: 'U0X',
      createdAt: now,
      updatedAt: now,
    };
    db.insert(refreshTickets)
      .values({ ...ticket, status: 'complete' })
      .run();
    db.insert(refreshTickets)
      .values({ ...ticket, status: 'pending_customer' })
      .run();
    expect(() =>
      db
        .insert(refreshTickets)
        .values({ ...ticket, status: 'pending_ordering' })
        .run(),
    ).toThrow(/UNIQUE/);
  });
});
