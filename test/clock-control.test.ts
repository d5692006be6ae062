// Clock control through HTTP, as scripts and the sandbox page use it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jobRuns } from '../db/schema/index.js';
import { ManualClock } from '../src/clock.js';
import { demoPeople, seedDemoData } from '../src/sandbox/demo-data.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { scratchDatabase } from './helpers/database.js';
import { type SlackStandIn, startSlackStandIn } from './helpers/slack.js';

// Thu 19 Nov, 09:00 in Detroit (EST).
const thursday0900 = '2026-11-19T14:00:00.000Z';

let app: TestApp | undefined;
let standIn: SlackStandIn | undefined;
afterEach(async () => {
  await app?.stop();
  await standIn?.close();
  app = undefined;
  standIn = undefined;
});

async function start(
  options: { clockControl?: boolean; at?: string; demo?: boolean; databaseUrl?: string } = {},
) {
  const { clockControl = true, at = thursday0900, demo = false, databaseUrl } = options;
  standIn ??= await startSlackStandIn();
  for (const person of demoPeople) standIn.addUser(person);
  app = await startTestApp({
    standIn,
    clock: new ManualClock(at),
    env: clockControl ? { OTTO_CLOCK_CONTROL: '1' } : {},
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  if (demo) await seedDemoData(app.otto.ctx, app.clock.now());
  return app;
}

interface Answer {
  now: string;
  error: string;
  ran: Array<{ job: string; at: string; outcome: string }>;
}

const url = () => `${app!.baseUrl}/sandbox/clock`;
const getClock = async () => {
  const res = await fetch(url());
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};
const post = async (body: unknown) => {
  const res = await fetch(url(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
};
const now = () => app!.clock.now().toISOString();

describe('GET /sandbox/clock', () => {
  it("tells the app's time, its zone and every job's next run", async () => {
    await start();
    const { status, body } = await getClock();
    expect(status).toBe(200);
    expect(body.now).toBe(thursday0900);
    expect(body.timeZone).toBe('America/Detroit');
    expect(body.jobs).toContainEqual({ name: 'approver-digest', nextRun: '2026-11-20T13:00:00.000Z' });
    expect(body.jobs).toContainEqual({ name: 'refresh-invitations', nextRun: '2026-11-19T15:05:00.000Z' });
    expect((body.jobs as unknown[]).length).toBe(app!.otto.scheduler.jobNames.length);
  });

  it('answers 404 where clock control is off, and the clock stays put', async () => {
    await start({ clockControl: false });
    expect((await fetch(url())).status).toBe(404);
    const res = await fetch(url(), { method: 'POST', body: JSON.stringify({ advance: 'PT1H' }) });
    expect(res.status).toBe(404);
    expect(now()).toBe(thursday0900);
  });
});

describe('POST /sandbox/clock', () => {
  it('sets the time, and refuses an earlier one without changing anything', async () => {
    await start();
    const set = await post({ set: '2026-11-19T09:20:00-05:00' });
    expect(set.status).toBe(200);
    expect(set.body.now).toBe('2026-11-19T14:20:00.000Z');
    // The desk's escalation runs every 5 minutes too (test/slack/desk/triage.test.ts).
    expect(set.body.ran.map((r) => r.job).filter((job) => job !== 'desk-pending-escalation')).toEqual([
      'replacement-lookup',
      'replacement-lookup',
      'replacement-lookup',
      'replacement-lookup',
      // Held appointments are checked hourly at :20.
      'held-appointments',
    ]);

    const runs = (await app!.otto.ctx.db.select().from(jobRuns)).length;
    const earlier = await post({ set: thursday0900 });
    expect(earlier.status).toBe(409);
    expect(earlier.body.error).toBe(
      "time only moves forward: Thu 19 Nov, 09:00 is before the app's time, Thu 19 Nov, 09:20",
    );
    expect(now()).toBe('2026-11-19T14:20:00.000Z');
    expect(await app!.otto.ctx.db.select().from(jobRuns)).toHaveLength(runs);
  });

  it('advances by an ISO 8601 duration, in wall-clock days across a DST change', async () => {
    // Sat 31 Oct, 12:00 EDT; the clocks fall back on Sunday.
    await start({ at: '2026-10-31T16:00:00.000Z' });
    expect((await post({ advance: 'PT3H' })).body.now).toBe('2026-10-31T19:00:00.000Z');
    expect((await post({ advance: 'P2D' })).body.now).toBe('2026-11-02T20:00:00.000Z'); // 15:00 EST
  });

  it('advances by business days to the same wall-clock time', async () => {
    // Friday 09:00 → Monday 09:00; then past Thanksgiving (Thu 26 Nov).
    await start({ at: '2026-11-20T14:00:00.000Z' });
    expect((await post({ advanceBusinessDays: 1 })).body.now).toBe('2026-11-23T14:00:00.000Z');
    expect((await post({ advanceBusinessDays: 3 })).body.now).toBe('2026-11-27T14:00:00.000Z');
  });

  it("goes to a job's next run and runs it there", async () => {
    await start();
    const { status, body } = await post({ toNextRunOf: 'approver-digest' });
    expect(status).toBe(200);
    expect(body.now).toBe('2026-11-20T13:00:00.000Z'); // Friday 08:00
    expect(
      body.ran.filter((r) => r.job !== 'replacement-lookup' && r.job !== 'desk-pending-escalation').at(-1),
    ).toEqual({
      job: 'approver-digest',
      at: '2026-11-20T13:00:00.000Z',
      outcome: 'succeeded',
    });
  });

  it('answers a bad body with one readable line and changes nothing', async () => {
    await start();
    const oneOf =
      'the body must be a JSON object with exactly one of "set", "advance", "advanceBusinessDays" or "toNextRunOf"';
    const cases: Array<[unknown, number, string]> = [
      ['{not json', 400, `the body is not JSON; ${oneOf}`],
      [{}, 400, oneOf],
      [[], 400, oneOf],
      [{ advance: 'PT1H', set: thursday0900 }, 400, oneOf],
      [{ travel: 'PT1H' }, 400, oneOf],
      [
        { set: 'next friday' },
        400,
        '"set" must be an ISO 8601 date-time with a zone, e.g. 2026-11-20T15:30:00Z',
      ],
      [{ advance: '3 hours' }, 400, '"advance" must be a positive ISO 8601 duration, e.g. PT3H or P2D'],
      [{ advance: 'PT0S' }, 400, '"advance" must be a positive ISO 8601 duration, e.g. PT3H or P2D'],
      [{ advanceBusinessDays: 0 }, 400, '"advanceBusinessDays" must be a whole number from 1 to 60'],
      [{ advanceBusinessDays: 61 }, 400, '"advanceBusinessDays" must be a whole number from 1 to 60'],
      [{ advanceBusinessDays: 1.5 }, 400, '"advanceBusinessDays" must be a whole number from 1 to 60'],
      [{ advance: 'P400D' }, 400, 'the clock moves at most 366 days at a time'],
      [
        { toNextRunOf: 'coffee' },
        400,
        `there is no job "coffee"; the jobs are ${app!.otto.scheduler.jobNames.join(', ')}`,
      ],
      [{ set: 'x'.repeat(17 * 1024) }, 413, 'the body must be at most 16 KiB'],
    ];
    for (const [body, status, error] of cases) {
      const answer = await post(body);
      expect({ body, status: answer.status, error: answer.body.error }).toEqual({ body, status, error });
    }
    expect(now()).toBe(thursday0900);
    expect(await app!.otto.ctx.db.select().from(jobRuns)).toEqual([]);
  });

  it('runs every job that falls due on the way, in order, each at its own time, then delivers their notices', async () => {
    await start({ demo: true });
    const { scheduler, dispatcher, ctx } = app!.otto;
    await dispatcher.runOnce(); // the seeded requests and invitation
    const dana = standIn!.dmChannelId('U0DEMODELG');
    const pat = standIn!.dmChannelId('U0DEMOAPPR');
    const patBefore = standIn!.messages(pat).length;
    // Dana has the demo desk's acknowledgement of the case she opened for Quinn, no invitation yet.
    const invitations = () => standIn!.messages(dana).filter((m) => m.text.includes('is due for a refresh'));
    expect(invitations()).toEqual([]);

    // Thursday 09:00 to Friday 10:30.
    const expected = scheduler.dueBetween(new Date(thursday0900), new Date('2026-11-20T15:30:00.000Z'));
    const { status, body } = await post({ set: '2026-11-20T15:30:00.000Z' });
    expect(status).toBe(200);
    expect(body.now).toBe('2026-11-20T15:30:00.000Z');
    expect(body.ran).toEqual(
      expected.map((t) => ({ job: t.job, at: t.at.toISOString(), outcome: 'succeeded' })),
    );
    const friday = body.ran
      .filter((r) => r.job !== 'replacement-lookup' && r.job !== 'desk-pending-escalation')
      .filter((r) => r.at >= '2026-11-20T05:00:00.000Z')
      .map((r) => r.job);
    expect(friday).toEqual([
      'slot-generation',
      'housekeeping',
      'itsm-sync',
      'slot-discovery',
      'held-appointments',
      'approver-digest',
      'held-appointments',
      'held-appointments',
      'appointment-reminders',
      'refresh-invitations',
      'refresh-reminders',
      'held-appointments',
    ]);

    // Each run saw the clock at its own tick.
    const runs = await ctx.db.select().from(jobRuns);
    expect(runs).toHaveLength(expected.length);
    for (const run of runs) expect(run.startedAt).toEqual(run.scheduledFor);

    // The digest reached Pat, and Quinn's invitation (due Friday 10:05) reached Dana, before the answer.
    expect(
      standIn!
        .messages(pat)
        .slice(patBefore)
        .map((m) => m.text),
    ).toEqual(['Your refresh tickets this week: 2 awaiting your approval, 10 open in all.']);
    expect(standIn!.messages(dana).map((m) => m.text)).toContain(
      'Quinn VIP’s computer ENG-QUINN-DT (DEMO0003) is due for a refresh. Press Start to tell Otto what you need.',
    );
  });

  it('does not go back past the jobs already run when the app restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otto-clock-'));
    const database = await scratchDatabase(join(dir, 'otto.db'));
    try {
      await start({ databaseUrl: database.url });
      await post({ set: '2026-11-20T15:30:00.000Z' });
      await app!.stop();
      // The clock it is given after the restart is Thursday again.
      await start({ databaseUrl: database.url });
      expect(now()).toBe('2026-11-20T15:30:00.000Z'); // the last replacement-lookup tick
      expect((await getClock()).body.now).toBe('2026-11-20T15:30:00.000Z');
    } finally {
      await app?.stop();
      app = undefined;
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs concurrent moves one after the other', async () => {
    await start();
    const [a, b] = await Promise.all([post({ advance: 'PT1H' }), post({ advance: 'PT1H' })]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.now, b.body.now].sort()).toEqual(['2026-11-19T15:00:00.000Z', '2026-11-19T16:00:00.000Z']);
    const ticks = [...a.body.ran, ...b.body.ran].map((r) => `${r.job} ${r.at}`);
    expect(new Set(ticks).size).toBe(ticks.length);
    expect(now()).toBe('2026-11-19T16:00:00.000Z');
  });
});
