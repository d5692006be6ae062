// `npm run bench` (ordering part): bulk assignment of 5,000 `existing replacement` lines,
// every line checked and then applied (tickets to pending_itsm_existence, replacements added to
// the inventory, audit rows), on a file database. ITSM calls are not part of it: the lookup is
// queued later.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../src/itsm/builtin.js';
import type { ServiceContext } from '../src/services/context.js';
import { assignReplacements, checkAssignment } from '../src/services/refresh/ordering/assign-replacements.js';
import { seedInventory } from './seed.js';

const ADMIN = 'U0BENCHADM';
const lineCount = 5000;
const dir = mkdtempSync(join(tmpdir(), 'otto-bench-ordering-'));

/** 5,000 systems with a pending_ordering ticket each, written straight through SQLite. */
function seeded(run: number) {
  const database = openDatabase(join(dir, `ordering-${run}.db`));
  const { sqlite } = database;
  const now = Date.parse('2026-11-09T15:00:00Z');
  sqlite.transaction(() => {
    seedInventory(sqlite, now);
    sqlite
      .prepare(
        "insert into roles (slack_user_id, role, scope, granted_by, granted_at) values (?, 'admin', '', 'bench', ?)",
      )
      .run(ADMIN, now);
    const system = sqlite.prepare(
      "insert into systems (serial, model_id, platform, unit_id, group_id, status, updated_at) values (?, 1, 'windows', 1, 1, 'active', ?)",
    );
    const ticket = sqlite.prepare(
      "insert into refresh_tickets (existing_system_id, config_id, style, status, proposed_model_id, group_id, created_by, created_at, updated_at) values (?, 1, 'on_prem', 'pending_ordering', 1, 1, 'U0BENCHADM', ?, ?)",
    );
    for (let i = 1; i <= lineCount; i++) {
      const id = Number(system.run(`OLD${String(i).padStart(6, '0')}`, now).lastInsertRowid);
      ticket.run(id, now, now);
    }
  })();
  const ctxClock = new ManualClock('2026-11-16T19:00:00Z');
  const ctx: ServiceContext = {
    db: database.db,
    clock: ctxClock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(database.db, ctxClock),
  };
  return { ctx, database };
}

const lines = Array.from(
  { length: lineCount },
  (_, i) => `OLD${String(i + 1).padStart(6, '0')} NEW${String(i + 1).padStart(6, '0')}`,
).join('\n');
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

try {
  const checks: number[] = [];
  const totals: number[] = [];
  let assigned = 0;
  for (let run = 1; run <= 5; run++) {
    const { ctx, database } = seeded(run);
    let started = performance.now();
    const check = checkAssignment(ctx, { actor: ADMIN, lines });
    checks.push(performance.now() - started);
    if (check.problems.length > 0) throw new Error(`bench paste has problems: ${check.problems[0]?.reason}`);
    started = performance.now();
    const outcome = await assignReplacements(ctx, { actor: ADMIN, lines });
    totals.push(performance.now() - started);
    if (!outcome.ok) throw new Error('bench assignment refused');
    assigned = outcome.assigned.length;
    database.close();
  }
  console.log('Bulk assignment of 5,000 lines (target < 0.5 s, ITSM calls not included):');
  console.log(`  check only (the modal's answer), median of 5   ${fmt(median(checks))}`);
  console.log(
    `  check + apply, median of 5                     ${fmt(median(totals))}   (${assigned} tickets)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
