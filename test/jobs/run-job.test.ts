import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.js';
import { ManualClock } from '../../src/clock.js';
import { createScheduler, type JobDefinition } from '../../src/jobs/index.js';
import { deferred, openTestDb, quietLogger, runsOf, seedSchedule, timeZone } from './support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(() => close());

const start = '2026-04-15T12:30:00Z';

describe('running a job', () => {
  it('records the run as running, then succeeded with its summary', async () => {
    const clock = new ManualClock(start);
    const hold = deferred();
    const job: JobDefinition = {
      name: 'digest',
      schedule: '0 8 * * 5',
      run: async () => {
        await hold.promise;
        clock.advance(2_000);
        return { sent: 3 };
      },
    };
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    const run = scheduler.runJob('digest', new Date('2026-04-10T12:00:00Z'));
    await new Promise((r) => setTimeout(r, 10));
    expect(await runsOf(db, 'digest')).toMatchObject([{ status: 'running', finishedAt: null }]);

    hold.resolve();
    expect(await run).toBe('succeeded');
    expect(await runsOf(db, 'digest')).toEqual([
      {
        id: expect.any(Number),
        job: 'digest',
        scheduledFor: new Date('2026-04-10T12:00:00Z'),
        startedAt: new Date(start),
        finishedAt: new Date('2026-04-15T12:30:02Z'),
        status: 'succeeded',
        summary: { sent: 3 },
        error: null,
        leaseUntil: null,
        onDemand: false,
      },
    ]);
  });

  it('stands a manual run for now when no tick is named, and stores no summary for a job that returns none', async () => {
    const clock = new ManualClock(start);
    const job: JobDefinition = { name: 'quiet', schedule: '0 * * * *', run: () => {} };
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.runJob('quiet')).toBe('succeeded');
    expect(await runsOf(db, 'quiet')).toMatchObject([
      { scheduledFor: new Date(start), status: 'succeeded', summary: null },
    ]);
  });

  it('never overlaps itself: a second run while the first is in progress is skipped and logged', async () => {
    const clock = new ManualClock(start);
    const hold = deferred();
    let started = 0;
    const job: JobDefinition = {
      name: 'slow',
      schedule: '0 * * * *',
      run: async () => {
        started++;
        await hold.promise;
      },
    };
    const logger = quietLogger();
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger });

    const first = scheduler.runJob('slow');
    const second = scheduler.runJob('slow');
    expect(await second).toBe('skipped');
    hold.resolve();
    expect(await first).toBe('succeeded');

    expect(started).toBe(1);
    expect(await runsOf(db, 'slow')).toHaveLength(1);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('slow is still running'));

    expect(await scheduler.runJob('slow')).toBe('succeeded');
    expect(await runsOf(db, 'slow')).toHaveLength(2);
  });

  it('does not let catch-up start a job that a manual run holds', async () => {
    const clock = new ManualClock(start);
    await seedSchedule(db, 'slow', '0 * * * *', '2026-04-01T00:00:00Z');
    const hold = deferred();
    const job: JobDefinition = { name: 'slow', schedule: '0 * * * *', run: () => hold.promise };
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    const manual = scheduler.runJob('slow');
    expect(await scheduler.catchUp()).toEqual([]);
    hold.resolve();
    await manual;
    expect(await runsOf(db, 'slow')).toHaveLength(1);
  });

  it('guards against a job that starts itself again from its own code', async () => {
    const clock = new ManualClock(start);
    const inner: Array<Promise<string>> = [];
    const scheduler = createScheduler({
      db,
      clock,
      timeZone,
      jobs: [{ name: 'eager', schedule: '0 * * * *', run: () => void inner.push(scheduler.runJob('eager')) }],
      logger: quietLogger(),
    });

    expect(await scheduler.runJob('eager')).toBe('succeeded');
    expect(await Promise.all(inner)).toEqual(['skipped']);
  });

  it('records a failure with its message and keeps the scheduler going', async () => {
    const clock = new ManualClock(start);
    for (const name of ['broken', 'throwsAtOnce', 'healthy']) {
      await seedSchedule(db, name, '0 * * * *', '2026-04-01T00:00:00Z');
    }
    const logger = quietLogger();
    const jobs: JobDefinition[] = [
      {
        name: 'broken',
        schedule: '0 * * * *',
        run: async () => {
          throw new Error('ITSM is down');
        },
      },
      {
        name: 'throwsAtOnce',
        schedule: '0 * * * *',
        run: () => {
          throw 'not an Error';
        },
      },
      { name: 'healthy', schedule: '0 * * * *', run: () => ({ ok: true }) },
    ];
    const scheduler = createScheduler({ db, clock, timeZone, jobs, logger });

    expect(await scheduler.catchUp()).toEqual(['broken', 'throwsAtOnce', 'healthy']);

    expect(await runsOf(db, 'broken')).toMatchObject([
      { status: 'failed', error: 'ITSM is down', finishedAt: new Date(start), summary: null },
    ]);
    expect(await runsOf(db, 'throwsAtOnce')).toMatchObject([{ status: 'failed', error: 'not an Error' }]);
    expect(await runsOf(db, 'healthy')).toMatchObject([{ status: 'succeeded', summary: { ok: true } }]);
    expect(logger.error).toHaveBeenCalledWith('job broken failed', expect.any(Error));

    expect(await scheduler.runJob('broken')).toBe('failed');
    expect(await runsOf(db, 'broken')).toHaveLength(2);
  });

  it('refuses an unknown job name', async () => {
    const scheduler = createScheduler({ db, clock: new ManualClock(start), timeZone, jobs: [] });
    await expect(scheduler.runJob('nope')).rejects.toThrow(/Unknown job 'nope'/);
    expect(() => scheduler.nextRun('nope')).toThrow(/Unknown job 'nope'/);
  });
});

describe('waking a job', () => {
  it('runs it after the caller’s synchronous work (a transaction’s commit), and once more after a run in progress however often it is woken', async () => {
    const clock = new ManualClock(start);
    const holds = [deferred(), deferred()];
    let started = 0;
    const job: JobDefinition = {
      name: 'lookup',
      schedule: '*/5 * * * *',
      run: async () => {
        await holds[started++]?.promise;
      },
    };
    const logger = quietLogger();
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger });

    await db.transaction(async () => {
      scheduler.wake('lookup');
      expect(started).toBe(0);
    });
    await vi.waitFor(() => expect(started).toBe(1));
    // Woken three times during the run: its work may have been read before theirs.
    for (let i = 0; i < 3; i++) scheduler.wake('lookup');
    holds[0]?.resolve();
    await vi.waitFor(() => expect(started).toBe(2));
    holds[1]?.resolve();
    await vi.waitFor(async () =>
      expect((await runsOf(db, 'lookup')).map((r) => r.status)).toEqual(['succeeded', 'succeeded']),
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(2);
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('wakes nothing once stopped', async () => {
    const clock = new ManualClock(start);
    let started = 0;
    const job: JobDefinition = { name: 'lookup', schedule: '*/5 * * * *', run: () => void started++ };
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });
    await scheduler.stop();
    scheduler.wake('lookup');
    await new Promise((r) => setTimeout(r, 10));
    expect(started).toBe(0);
    expect(await runsOf(db, 'lookup')).toEqual([]);
  });
});

describe('creating a scheduler', () => {
  const clock = new ManualClock(start);
  const job = (name: string, schedule = '0 * * * *'): JobDefinition => ({ name, schedule, run: () => {} });

  it('rejects a job defined twice', () => {
    expect(() => createScheduler({ db, clock, timeZone, jobs: [job('a'), job('a')] })).toThrow(
      /'a' is defined twice/,
    );
  });

  it('rejects a bad pattern, naming the job', () => {
    expect(() => createScheduler({ db, clock, timeZone, jobs: [job('a', '61 * * * *')] })).toThrow(
      /Job 'a' has a bad schedule '61 \* \* \* \*'/,
    );
  });

  it('rejects an unknown time zone', () => {
    expect(() => createScheduler({ db, clock, timeZone: 'Mars/Olympus_Mons', jobs: [job('a')] })).toThrow(
      /Unknown time zone 'Mars\/Olympus_Mons'/,
    );
  });
});

describe('the log of job runs', () => {
  it('writes one info line per run with its counts, and runs with nothing to do only at debug', async () => {
    const clock = new ManualClock('2026-11-19T14:58:00Z');
    let waiting = 1247;
    const lookup: JobDefinition = {
      name: 'replacement-lookup',
      schedule: '*/5 * * * *',
      // The first run finds every ticket; the later ones find nothing left to look up.
      run: () => {
        const looked = waiting;
        waiting = 0;
        return { looked, found: looked, advanced: looked, notFound: 0, failed: [] };
      },
    };
    const logger = { ...quietLogger(), debug: vi.fn() };
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [lookup], logger });

    // One clock move of a day: 288 runs, one of which had work.
    const ran = await scheduler.runDue(new Date('2026-11-20T14:58:00Z'), (tick) => clock.set(tick.at));
    expect(ran).toHaveLength(288);
    expect(logger.info.mock.calls).toEqual([
      [
        'job replacement-lookup succeeded for 2026-11-19T15:00:00.000Z: looked 1247, found 1247, advanced 1247, not found 0, failed 0',
      ],
    ]);
    expect(logger.debug).toHaveBeenCalledTimes(287);
    expect(logger.debug.mock.calls[0]).toEqual([
      'job replacement-lookup succeeded for 2026-11-19T15:05:00.000Z: looked 0, found 0, advanced 0, not found 0, failed 0',
    ]);
  });
});
