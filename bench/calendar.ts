// `npm run bench` (calendar part): the iCalendar feed of 20 teams' schedule slots, 7 days back
// and 35 ahead at 8 slots a business day, built from the database as the feed route serves it.
// Target: the all-teams feed under 100 ms.
import { performance } from 'node:perf_hooks';
import { count } from 'drizzle-orm';
import { insertRows } from '../db/bulk.js';
import { openDatabase } from '../db/client.js';
import { scheduleSlots, supportTeams } from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import { feedSlug, feedToken, getCalendarFeed } from '../src/services/scheduling/calendar-feed.js';
import { benchDatabase, dropBenchDatabases } from './database.js';
import { figure, sqliteGoal } from './figures.js';

const TEAMS = 20;
const SLOTS_PER_DAY = 8;
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const secret = 'bench-calendar-secret-0123456789';

const { db, close } = await openDatabase(await benchDatabase('calendar'));
const clock = new ManualClock('2026-11-16T15:00:00Z');
const now = clock.now().getTime();
const firstDay = Date.parse('2026-11-09T13:00:00Z');
await db.transaction(async (tx) => {
  for (let t = 0; t < TEAMS; t += 1) {
    const [team] = await tx
      .insert(supportTeams)
      .values({ name: `Team ${t + 1}`, createdAt: clock.now() })
      .returning({ id: supportTeams.id });
    const teamId = team!.id;
    const rows = [];
    for (let d = 0; d < 42; d += 1) {
      const day = firstDay + d * DAY;
      if ([0, 6].includes(new Date(day).getUTCDay())) continue;
      for (let s = 0; s < SLOTS_PER_DAY; s += 1) {
        const startsAt = new Date(day + s * HOUR);
        rows.push({
          supportTeamId: teamId,
          startsAt,
          endsAt: new Date(startsAt.getTime() + HOUR),
          capacity: 3,
          booked: (d + s) % 4,
          ...(s === 7 && d % 5 === 0 ? { deletedAt: clock.now(), deletedBy: 'U0BENCH' } : {}),
        });
      }
    }
    await insertRows(tx, scheduleSlots, rows);
  }
});

const ctx = {
  db,
  clock,
  links: { openApp: 'https://example.slack.com', publicUrl: 'https://otto.example.edu' },
  calendar: createBusinessCalendar(defaultCalendarSettings),
};

async function measure(feed: string, runs = 20) {
  const token = feedToken(secret, feed);
  let size = 0;
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    const text = await getCalendarFeed(ctx, { feed, token, secret });
    times.push(performance.now() - start);
    if (!text) throw new Error(`feed ${feed} refused`);
    size = text.length;
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(runs / 2)] ?? 0, worst: times[runs - 1] ?? 0, size };
}

const [slots] = await db.select({ n: count() }).from(scheduleSlots);
const slotCount = slots?.n ?? 0;
const all = await measure('all');
const one = await measure(feedSlug('Team 1'));
console.log(
  `calendar feed: ${TEAMS} teams, ${slotCount} slots (now ${new Date(now).toISOString()}, 7 days back, 35 ahead)`,
);
console.log(
  `  all teams: median ${all.median.toFixed(1)} ms, worst ${all.worst.toFixed(1)} ms, ${(all.size / 1024).toFixed(0)} KiB (target < 100 ms)`,
);
console.log(`  one team:  median ${one.median.toFixed(1)} ms, worst ${one.worst.toFixed(1)} ms`);
figure('calendar feed, 20 teams', all.median, 'ms', sqliteGoal({ below: 100 }));
await close();
await dropBenchDatabases();
if (all.median >= 100) process.exitCode = 1;
