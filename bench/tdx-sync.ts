// `npm run bench` (tdx-sync part): the twice-daily ITSM sync of 500 refresh tickets out for
// delivery against the TeamDynamix stand-in holding TeamDynamix's documented budgets (60 ticket
// reads and 60 task reads per 60 s per address, 429 with an RFC 1123 X-RateLimit-Reset past
// them). Time is simulated: the stand-in's rate windows and Otto's pacer share one virtual clock,
// so the ~9 minutes the budgets impose take a second or two; the figures are that simulated
// duration and the 429s met (goal 0). The stand-in runs in this process (its work is not what
// is measured here; bench/lookup.ts measures Otto's own throughput against it on a thread).
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import { TdxPacer } from '../src/itsm/pacer.js';
import { TdxSettings } from '../src/itsm/tdx-settings.js';
import { createTeamDynamixItsm } from '../src/itsm/teamdynamix.js';
import type { ServiceContext } from '../src/services/context.js';
import { syncItsmState } from '../src/services/refresh/completion/sync-itsm-state.js';
import { startTdxStandIn, tdxSettingsFor } from '../test/helpers/tdx-standin.js';
import { virtualClock } from '../test/helpers/virtual-clock.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure } from './figures.js';
import { seedInventory, seedSystems, seedTickets } from './seed.js';

const TICKETS = 500;
const minute = 60_000;

const clock = virtualClock('2026-11-16T19:00:00Z');
const tdx = await startTdxStandIn({ clock: clock.now, rateBudgets: true });
try {
  const database = await openDatabase(await benchDatabase('tdx-sync'));
  const now = new Date('2026-11-16T19:00:00Z');
  // Each refresh ticket's TeamDynamix ticket, a third of them with every task done or closed.
  const tdxIds = Array.from({ length: TICKETS }, (_, i) => {
    const done = i % 3 === 0;
    const closed = { StatusID: 304, StatusName: 'Closed', StatusClass: 3 };
    const ticket = tdx.addTicket({ Title: `Refresh ${i + 1}`, ...(i % 6 === 0 ? closed : {}) });
    ticket.Tasks.push({
      ID: 900_000 + i,
      TicketID: ticket.ID,
      Title: 'NIT delivery',
      Description: null,
      StartDate: null,
      EndDate: null,
      PercentComplete: done ? 100 : 0,
      CompletedDate: done ? now.toISOString() : null,
      IsActive: true,
      TaskType: 1,
      ResponsibleGroupID: 0,
    });
    return ticket.ID;
  });
  await database.db.transaction(async (tx) => {
    await seedInventory(tx, now);
    const serials = tdxIds.map((_, i) => `OLD${String(i + 1).padStart(6, '0')}`);
    const ids = await seedSystems(
      tx,
      serials.map((serial) => ({ serial })),
      now,
    );
    await seedTickets(
      tx,
      serials.map((serial, i) => ({
        existingSystemId: ids.get(serial)!,
        status: 'delivery_scheduled' as const,
        itsmTicketId: String(tdxIds[i]),
      })),
      'U0BENCHADM',
      now,
    );
  });
  const ctxClock = new ManualClock(now);
  const pacer = new TdxPacer(clock);
  const ctx: ServiceContext = {
    db: database.db,
    clock: ctxClock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createTeamDynamixItsm({
      ...tdx.connection(),
      // Installed: the delivery task complete, found by its title (the bench opened no tasks of its own).
      settings: TdxSettings.parse(tdxSettingsFor({ workflowTasks: { nit_delivery: 'NIT delivery' } })),
      pacer,
    }),
  };

  const startedAt = clock.now();
  const started = performance.now();
  const result = await syncItsmState(ctx, now);
  const realSeconds = (performance.now() - started) / 1000;
  const simulatedMs = clock.now() - startedAt;
  await database.close();

  if (result.read !== TICKETS || result.failed !== 0 || result.deferred !== 0) {
    throw new Error(`expected ${TICKETS} tickets read: ${JSON.stringify(result)}`);
  }
  // Twice a day, twelve hours apart: well under an hour is the need; ten minutes is what the budgets allow.
  figure('TeamDynamix sync of 500 tickets (simulated)', simulatedMs / minute, 'min', { below: 12 });
  figure('429s met by the TeamDynamix sync', tdx.rateLimited, 'times', { below: 1 });
  console.log(
    `ITSM sync of ${TICKETS} tickets against TeamDynamix's budgets (stand-in, simulated clock, ${tdx.calls.length} calls):`,
  );
  console.log(
    `  ${(simulatedMs / 1000).toFixed(0)} s simulated (${(simulatedMs / minute).toFixed(1)} min; the budgets allow no less than ${Math.ceil(TICKETS / 60) - 1} full minutes), ${realSeconds.toFixed(1)} s real`,
  );
  console.log(
    `  ${tdx.rateLimited} 429s met (goal 0); the pacer waited ${pacer.stats.waits} times, ${(pacer.stats.waitedMs / 1000).toFixed(0)} s in all; ${result.installed} installed, ${result.completed} completed`,
  );
} finally {
  await tdx.close();
  await dropBenchDatabases();
}
