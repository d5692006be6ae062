// `npm run bench -- desk-home`: the agent's App Home (SPEC §5, issue 16: under 50 ms) for an agent
// with 10,000 open cases in their groups, some assigned to them and some deferred, among 20,000
// cases of other groups and requesters: getHome (the service, every module's sections) plus
// renderHome (the blocks), each run timed; median and p99 printed.
import { performance } from 'node:perf_hooks';
import { renderHome } from '../blocks/shared/home.js';
import { insertRows } from '../db/bulk.js';
import { openDatabase } from '../db/client.js';
import { deskCaseMessages, deskCases, deskGroupMembers, deskGroups } from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { createBusinessCalendar, defaultCalendarSettings } from '../src/domain/calendar/index.js';
import type { CaseStatus } from '../src/domain/desk/enums.js';
import { createBuiltinItsm } from '../src/itsm/builtin.js';
import type { ServiceContext } from '../src/services/context.js';
import { getHome } from '../src/services/home/get-home.js';
import { benchDatabase, dropBenchDatabases, engineName } from './database.js';
import { figure } from './figures.js';

const MINE = Number(process.env.BENCH_DESK_CASES ?? 10_000);
const OTHERS = 20_000;
const RUNS = 101;
const AGENT = 'U0BENCHAGT';

const database = await openDatabase(await benchDatabase('desk-home'));
try {
  const now = new Date('2026-11-16T19:00:00Z');
  const clock = new ManualClock(now);
  const ctx: ServiceContext = {
    db: database.db,
    clock,
    noticesWritten: () => {},
    links: { openApp: 'https://example.slack.com/', publicUrl: 'http://localhost:3000' },
    calendar: createBusinessCalendar(defaultCalendarSettings),
    itsm: createBuiltinItsm(database.db, clock, 'America/Detroit'),
  };
  const db = database.db;
  const group = async (name: string, isTriage = false) =>
    (
      await db
        .insert(deskGroups)
        .values({
          name,
          slackChannelId: null,
          mainSlackUserId: null,
          isTriage,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
    )[0]!.id;
  await group('Care desk team', true);
  const mine = [await group('IT'), await group('AV')];
  const others = [await group('Facilities'), await group('Websites'), await group('Database vendors')];
  await db.insert(deskGroupMembers).values(mine.map((groupId) => ({ groupId, slackUserId: AGENT })));

  // The agent's 10,000: one in five assigned to them, one in 25 deferred, the rest their groups'
  // unassigned, in the statuses an open case has; then 20,000 of other groups, a tenth closed.
  const statuses: CaseStatus[] = ['pending', 'open', 'assessing', 'waiting_customer', 'open', 'scheduled'];
  const caseRow = (i: number, groupId: number, assignee: string | null, status: CaseStatus) => {
    const opened = new Date(now.getTime() - (i + 1) * 60_000);
    return {
      source: 'slack' as const,
      reporterSlackUserId: `UR${String(i % 5000).padStart(7, '0')}`,
      reporterName: `Requester ${i % 5000}`,
      reporterEmail: `r${i % 5000}@example.edu`,
      contactSlackUserId: `UR${String(i % 5000).padStart(7, '0')}`,
      contactName: `Requester ${i % 5000}`,
      contactEmail: `r${i % 5000}@example.edu`,
      impact: (['high', 'medium', 'low'] as const)[i % 3]!,
      subject: `Case number ${i}: the projector in room ${i % 400} shows a blue screen`,
      description: 'Since this morning the projector shows nothing but a blue screen.',
      groupId,
      assigneeSlackUserId: assignee,
      status,
      statusChangedAt: opened,
      dueAt: status === 'deferred' ? new Date(now.getTime() + (i % 30) * 86_400_000) : null,
      openedAt: opened,
      updatedAt: opened,
    };
  };
  const rows = [
    ...Array.from({ length: MINE }, (_, i) =>
      caseRow(
        i,
        mine[i % 2]!,
        i % 5 === 0 || i % 25 === 1 ? AGENT : null,
        i % 25 === 1 ? 'deferred' : statuses[i % statuses.length]!,
      ),
    ),
    ...Array.from({ length: OTHERS }, (_, i) =>
      caseRow(
        MINE + i,
        others[i % 3]!,
        i % 4 === 0 ? `UA${String(i % 50).padStart(7, '0')}` : null,
        i % 10 === 0 ? 'closed' : statuses[i % statuses.length]!,
      ),
    ),
  ];
  await insertRows(db, deskCases, rows);
  // A conversation on every case the agent has.
  await insertRows(
    db,
    deskCaseMessages,
    Array.from({ length: MINE }, (_, i) => ({
      caseId: i + 1,
      side: 'requester' as const,
      internal: false,
      authorSlackUserId: rows[i]!.reporterSlackUserId,
      authorName: rows[i]!.reporterName,
      text: 'Any news? The rehearsal is at 3 pm.',
      relayedAs: [],
      at: now,
    })),
  );

  const times: number[] = [];
  let blocks = 0;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const home = renderHome(await getHome(ctx, AGENT));
    times.push(performance.now() - started);
    blocks = home.blocks.length;
  }
  times.shift(); // the first run prepares the statements
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
  console.log(
    `agent Home, ${MINE.toLocaleString('en')} open cases in their groups (${engineName}): median ${at(50).toFixed(2)} ms, p99 ${at(99).toFixed(2)} ms, ${blocks} blocks (goal: under 50 ms)`,
  );
  figure(`desk: agent Home, ${MINE.toLocaleString('en')} open cases, median`, at(50), 'ms', { below: 50 });
  figure(`desk: agent Home, ${MINE.toLocaleString('en')} open cases, p99`, at(99), 'ms');
  if (at(50) >= 50) process.exitCode = 1;
} finally {
  await database.close();
  await dropBenchDatabases();
}
