import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../db/client.js';
import { audits, people, systems } from '../db/schema/index.js';
import { systemClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import type { InventoryKind } from '../src/domain/refresh/inventory/index.js';
import { createBuiltinItsm } from '../src/itsm/builtin.js';
import { cliActor, importInventory } from '../src/services/refresh/inventory/import-inventory.js';
import { testPeople } from './helpers/app.js';
import { type ScratchDatabase, scratchDatabase } from './helpers/database.js';
import { type SlackStandIn, startSlackStandIn } from './helpers/slack.js';
import { files, importOrder } from './services/refresh/inventory/support.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let database: ScratchDatabase;
let dbPath: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otto-cli-'));
  database = await scratchDatabase(join(dir, 'otto.db'));
  dbPath = database.url;
});
afterEach(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the CLI as `npm run otto` does, with only the environment given (no Slack credentials). */
function otto(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', HOME: dir, DATABASE_URL: dbPath, LOG_LEVEL: 'error', ...env },
      },
      (error, stdout, stderr) => {
        const code = error ? Number((error as { code?: unknown }).code ?? 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function readDb<T>(read: (db: Db) => Promise<T>): Promise<T> {
  const database = await openDatabase(dbPath);
  try {
    return await read(database.db);
  } finally {
    await database.close();
  }
}

async function importKinds(kinds: InventoryKind[], env?: Record<string, string>): Promise<Run[]> {
  const runs: Run[] = [];
  for (const kind of kinds) runs.push(await otto(['import', kind, file(`${kind}.csv`, files[kind])], env));
  return runs;
}

/** What a test needs in the database beforehand, imported in-process (spawning costs seconds). */
async function seed(kinds: InventoryKind[]): Promise<void> {
  const database = await openDatabase(dbPath);
  try {
    const ctx = {
      db: database.db,
      clock: systemClock,
      noticesWritten: () => {},
      links: { openApp: 'https://slack.com/', publicUrl: 'http://localhost' },
      calendar: createBusinessCalendar(defaultCalendarSettings),
      itsm: createBuiltinItsm(database.db, systemClock, 'America/Detroit'),
    };
    for (const kind of kinds) {
      const outcome = await importInventory(ctx, { actor: cliActor, kind, csv: files[kind] });
      if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors));
    }
  } finally {
    await database.close();
  }
}

describe('npm run otto', () => {
  it('lists its commands and the columns of each kind', async () => {
    const run = await otto(['help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('import <kind> <file.csv>');
    expect(run.stdout).toContain('help');
    expect(run.stdout).toMatch(/systems +serial\*,name,model,platform,user_email/);
  });

  it('imports every kind, and changes nothing when the same files come again', async () => {
    const first = await importKinds(importOrder);
    expect(first.map((r) => [r.code, r.stdout.trim()])).toEqual([
      [0, 'Imported 3 models: 3 added, 0 updated, 0 unchanged.'],
      [0, 'Imported 3 peripherals: 3 added, 0 updated, 0 unchanged.'],
      [0, 'Imported 2 software titles: 2 added, 0 updated, 0 unchanged.'],
      [0, 'Imported 2 support teams: 2 added, 0 updated, 0 unchanged.'],
      [0, 'Imported 2 units: 2 added, 0 updated, 0 unchanged.'],
      [0, 'Imported 4 systems: 4 added, 0 updated, 0 unchanged; 3 people added; 2 groups added.'],
    ]);
    const audited = await readDb(async (db) => db.select().from(audits));
    expect(audited.every((a) => a.actor === 'cli')).toBe(true);

    const second = await importKinds(['systems']);
    expect(second[0]).toMatchObject({
      code: 0,
      stdout: 'Imported 4 systems: 0 added, 0 updated, 4 unchanged.\n',
    });
    expect(await readDb(async (db) => db.select().from(audits))).toHaveLength(audited.length);
  }, 120_000);

  it('prints each bad line, exits 1 and writes nothing', async () => {
    await seed(['models', 'support_teams']);
    const csv = [
      'serial,model,support_team',
      'SN1,Dell Latitude 7450,North Campus NIT',
      'SN2,Dell Latitude 7450,South NIT',
      'SN1,Dell Latitude 7450,North Campus NIT',
    ].join('\n');
    const run = await otto(['import', 'systems', file('bad.csv', csv)]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `${join(dir, 'bad.csv')}: 2 lines need fixing; nothing was imported.\n` +
        'line 3: support_team: “South NIT” is not a known support team\n' +
        'line 4: serial “SN1” is already on line 2\n',
    );
    expect(await readDb(async (db) => db.select().from(systems))).toEqual([]);
  }, 30_000);

  it('explains a wrong command, kind or file', async () => {
    expect(await otto(['export'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Otto has no “export” command.'),
    });
    expect(await otto(['import', 'printers', 'x.csv'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('“printers” is not a kind Otto imports.'),
    });
    expect(await otto(['import', 'systems', join(dir, 'missing.csv')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Cannot read'),
    });
  }, 30_000);

  describe('with Slack credentials', () => {
    let standIn: SlackStandIn;
    beforeEach(async () => {
      standIn = await startSlackStandIn();
      for (const user of testPeople) standIn.addUser(user);
    });
    afterEach(() => standIn.close());

    it('matches the people of a systems file to Slack accounts by e-mail', async () => {
      const env = {
        SLACK_BOT_TOKEN: standIn.botToken,
        SLACK_SIGNING_SECRET: 'test-signing-secret-0123456789abcdef',
        SLACK_API_URL: standIn.apiUrl,
      };
      await seed(['models', 'peripherals', 'support_teams', 'units']);
      const [run] = await importKinds(['systems'], env);
      expect(run?.code).toBe(0);
      expect(run?.stdout).toContain(
        'Slack accounts: 2 of 3 people found by e-mail (1 not in Slack; asked again in a week)',
      );
      expect(standIn.callsTo('users.lookupByEmail').map((c) => c.args.email)).toEqual([
        'casey@example.edu',
        'dana@example.edu',
        'nobody@example.edu',
      ]);
      const matched = await readDb(async (db) =>
        db.select({ email: people.email, slack: people.slackUserId }).from(people),
      );
      expect(matched).toEqual([
        { email: 'casey@example.edu', slack: 'U0CUSTOMR' },
        { email: 'dana@example.edu', slack: 'U0DELEGAT' },
        { email: 'nobody@example.edu', slack: null },
      ]);
    }, 60_000);
  });
});
