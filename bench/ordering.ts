// `npm run bench` (ordering part): bulk assignment of 5,000 `existing replacement` lines,
// every line checked and then applied (tickets to pending_itsm_existence, replacements added to
// the inventory, audit rows), on a file database. ITSM calls are not part of it: the lookup is
// queued later.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.js';
import { roles } from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../src/itsm/builtin.js';
import type { ServiceContext } from '../src/services/context.js';
import { assignReplacements, checkAssignment } from '../src/services/refresh/ordering/assign-replacements.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';
import { seedInventory, seedSystems, seedTickets } from './seed.js';

const ADMIN = 'U0BENCHADM';
const lineCount = 5000;

/** 5,000 systems with a pending_ordering ticket each, written in bulk: the set-up is not measured. */
async function seeded(run: number) {
  const database = await openDatabase(await benchDatabase(`ordering-${run}`));
  const now = new Date('2026-11-09T15:00:00Z');
  await database.db.transaction(async (tx) => {
    await seedInventory(tx, now);
    await tx
      .insert(roles)
      .values({ slackUserId: ADMIN, role: 'admin', scope: '', grantedBy: 'bench', grantedAt: now });
    const serials = Array.from({ length: lineCount }, (_, i) => `OLD${String(i + 1).padStart(6, '0')}`);
    const systemIds = await seedSystems(
      tx,
      serials.map((serial) => ({ serial })),
      now,
    );
    await seedTickets(
      tx,
      [...systemIds.values()].map((existingSystemId) => ({
        existingSystemId,
        status: 'pending_ordering' as const,
      })),
      ADMIN,
      now,
    );
  });
  const ctxClock = new ManualClock('2026-11-16T19:00:00Z');
  const ctx: ServiceContext = {
    db: database.db,
    clock: ctxClock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(database.db, ctxClock, 'America/Detroit'),
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
    const { ctx, database } = await seeded(run);
    let started = performance.now();
    const check = await checkAssignment(ctx, { actor: ADMIN, lines });
    checks.push(performance.now() - started);
    if (check.problems.length > 0) throw new Error(`bench paste has problems: ${check.problems[0]?.reason}`);
    started = performance.now();
    const outcome = await assignReplacements(ctx, { actor: ADMIN, lines });
    totals.push(performance.now() - started);
    if (!outcome.ok) throw new Error('bench assignment refused');
    assigned = outcome.assigned.length;
    await database.close();
  }
  figure('bulk assignment, 5,000 lines', median(totals), 'ms', sqliteGoal({ below: 500 }));
  console.log('Bulk assignment of 5,000 lines (target < 0.5 s, ITSM calls not included):');
  console.log(`  check only (the modal's answer), median of 5   ${fmt(median(checks))}`);
  console.log(
    `  check + apply, median of 5                     ${fmt(median(totals))}   (${assigned} tickets)`,
  );
} finally {
  await dropBenchDatabases();
}
