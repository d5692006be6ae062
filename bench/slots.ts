// `npm run bench` (slots part): nightly generation for 200 support teams, each with a Monday–Friday
// rule of 30-minute slots from 09:00 to 15:30, 35 days ahead on a file database: about 61,000 slots
// in one transaction. Then the same run again, which must create nothing.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../db/client.js';
import { scheduleSlotPreferences, supportTeams } from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import { createBuiltinItsm } from '../src/itsm/builtin.js';
import type { ServiceContext } from '../src/services/context.js';
import { generateSlots } from '../src/services/scheduling/generate-slots.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';

const teamCount = 200;
const runs = 5;
const target = 250;
// The app builds its business calendar once at start-up; its holiday tables are made on first use.
const calendar = createBusinessCalendar(defaultCalendarSettings);

async function seeded(run: number) {
  const database = await openDatabase(await benchDatabase(`slots-${run}`));
  const now = new Date('2026-11-01T05:00:00Z');
  await database.db.transaction(async (tx) => {
    for (let i = 1; i <= teamCount; i++) {
      const [team] = await tx
        .insert(supportTeams)
        .values({ name: `Team ${i}`, timeZone: 'America/Detroit', createdAt: now })
        .returning({ id: supportTeams.id });
      await tx.insert(scheduleSlotPreferences).values({
        supportTeamId: team!.id,
        weekdays: [1, 2, 3, 4, 5],
        startTime: '09:00',
        endTime: '15:30',
        slotMinutes: 30,
        capacity: 2,
        effectiveFrom: '2026-01-01',
        updatedBy: 'bench',
        updatedAt: now,
      });
    }
  });
  const clock = new ManualClock('2026-11-01T06:00:00Z');
  const ctx: ServiceContext = {
    db: database.db,
    clock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar,
    itsm: createBuiltinItsm(database.db, clock, 'America/Detroit'),
  };
  return { database, ctx, now: clock.now() };
}

try {
  const times: number[] = [];
  let created = 0;
  let again = 0;
  // Run 0 warms up (holiday tables, time zone data, the JIT) and is not counted.
  for (let run = 0; run <= runs; run++) {
    const { database, ctx, now } = await seeded(run);
    const started = performance.now();
    created = (await generateSlots(ctx, now)).created;
    if (run > 0) times.push(performance.now() - started);
    again = (await generateSlots(ctx, now)).created;
    await database.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  figure('slot generation, 200 teams × 35 days', median, 'ms', sqliteGoal({ below: target }));
  console.log(
    `slot generation: ${teamCount} teams × 35 days, ${created} slots: median ${median.toFixed(0)} ms over ${runs} runs (target < ${target} ms)${median < target ? '' : ' SLOW'}; second run created ${again}`,
  );
  if (again !== 0) process.exitCode = 1;
} finally {
  await dropBenchDatabases();
}
