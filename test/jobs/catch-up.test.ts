import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { ManualClock } from '../../src/clock.js';
import { createScheduler, interruptedRunError, type JobContext } from '../../src/jobs/index.js';
import { openTestDb, quietLogger, runsOf, seedRun, seedSchedule, timeZone } from './support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(() => close());

function recordingJob(name: string, schedule: string) {
  const calls: JobContext[] = [];
  return { calls, job: { name, schedule, run: (ctx: JobContext) => void calls.push(ctx) } };
}

describe('catch-up after downtime', () => {
  it('runs an hourly job missed for 3 days once, for the latest missed tick', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    await seedSchedule(db, 'hourly', '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'hourly', '2026-04-12T12:00:00Z');
    const { calls, job } = recordingJob('hourly', '0 * * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual(['hourly']);

    const runs = await runsOf(db, 'hourly');
    expect(runs).toHaveLength(2);
    expect(runs[1]).toMatchObject({
      scheduledFor: new Date('2026-04-15T12:00:00Z'),
      startedAt: new Date('2026-04-15T12:30:00Z'),
      status: 'succeeded',
    });
    expect(calls).toEqual([
      { now: new Date('2026-04-15T12:30:00Z'), scheduledFor: new Date('2026-04-15T12:00:00Z') },
    ]);
    expect(await scheduler.catchUp()).toEqual([]);
    expect(await runsOf(db, 'hourly')).toHaveLength(2);
  });

  it('does not run a job whose latest tick already ran', async () => {
    const clock = new ManualClock('2026-04-15T12:59:59Z');
    await seedSchedule(db, 'hourly', '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'hourly', '2026-04-15T12:00:00Z');
    const { calls, job } = recordingJob('hourly', '0 * * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual([]);
    expect(calls).toEqual([]);
    expect(await runsOf(db, 'hourly')).toHaveLength(1);
  });

  it('counts a tick that falls exactly on now as missed', async () => {
    const clock = new ManualClock('2026-04-15T13:00:00Z');
    await seedSchedule(db, 'hourly', '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'hourly', '2026-04-15T12:00:00Z');
    const { job } = recordingJob('hourly', '0 * * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual(['hourly']);
    expect((await runsOf(db, 'hourly'))[1]?.scheduledFor).toEqual(new Date('2026-04-15T13:00:00Z'));
  });

  it('catches up a job that never ran but was registered before its missed tick', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    await seedSchedule(db, 'daily', '0 9 * * *', '2026-04-14T12:00:00Z');
    const { job } = recordingJob('daily', '0 9 * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual(['daily']);
    // 09:00 EDT on 14 April
    expect((await runsOf(db, 'daily')).map((r) => r.scheduledFor)).toEqual([
      new Date('2026-04-14T13:00:00Z'),
    ]);
  });

  it('does not run a newly registered job for ticks before its registration', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    const { calls, job } = recordingJob('daily', '0 9 * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual([]);
    expect(calls).toEqual([]);

    clock.set('2026-04-16T13:00:00Z');
    expect(await scheduler.catchUp()).toEqual(['daily']);
    expect((await runsOf(db, 'daily')).map((r) => r.scheduledFor)).toEqual([
      new Date('2026-04-16T13:00:00Z'),
    ]);
  });

  it('keeps the first registration time when the app starts again', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    const { job } = recordingJob('daily', '0 9 * * *');
    await createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() }).catchUp();

    clock.set('2026-04-20T12:30:00Z');
    const restarted = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });
    expect(await restarted.catchUp()).toEqual(['daily']);
    expect((await runsOf(db, 'daily')).map((r) => r.scheduledFor)).toEqual([
      new Date('2026-04-19T13:00:00Z'),
    ]);
  });

  it('finds the latest missed tick of a minutely job down for months without walking every minute', async () => {
    const clock = new ManualClock('2026-09-01T10:17:42.250Z');
    await seedSchedule(db, 'minutely', '* * * * *', '2025-01-01T00:00:00Z');
    await seedRun(db, 'minutely', '2026-01-01T00:00:00Z');
    const { job } = recordingJob('minutely', '* * * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    const started = performance.now();
    expect(await scheduler.catchUp()).toEqual(['minutely']);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await runsOf(db, 'minutely')).map((r) => r.scheduledFor)).toEqual([
      new Date('2026-01-01T00:00:00Z'),
      new Date('2026-09-01T10:17:00Z'),
    ]);
  });

  it('counts a failed run as covering its tick', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    await seedSchedule(db, 'hourly', '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'hourly', '2026-04-15T12:00:00Z', 'failed');
    const { job } = recordingJob('hourly', '0 * * * *');
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual([]);
  });

  it('runs every missed job in registration order and reports the ones it ran', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    const order: string[] = [];
    const jobs = ['first', 'second', 'upToDate'].map((name) => ({
      name,
      schedule: '0 * * * *',
      run: () => void order.push(name),
    }));
    for (const { name } of jobs) await seedSchedule(db, name, '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'upToDate', '2026-04-15T12:00:00Z');
    const scheduler = createScheduler({ db, clock, timeZone, jobs, logger: quietLogger() });

    expect(await scheduler.catchUp()).toEqual(['first', 'second']);
    expect(order).toEqual(['first', 'second']);
  });

  it('on start, takes over the tick of a run the previous process left running, and runs it again', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    await seedSchedule(db, 'hourly', '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'hourly', '2026-04-15T11:00:00Z');
    await seedRun(db, 'hourly', '2026-04-15T12:00:00Z', 'running', '2026-04-15T12:00:01Z');
    const { calls, job } = recordingJob('hourly', '0 * * * *');
    const logger = quietLogger();
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job], logger });

    await scheduler.start();
    await scheduler.stop();

    expect(calls.map((c) => c.scheduledFor)).toEqual([new Date('2026-04-15T12:00:00Z')]);
    expect(
      (await runsOf(db, 'hourly')).map((r) => [r.scheduledFor.toISOString(), r.status, r.error]),
    ).toEqual([
      ['2026-04-15T11:00:00.000Z', 'succeeded', null],
      ['2026-04-15T12:00:00.000Z', 'succeeded', null],
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('took over the run for 2026-04-15T12:00:00.000Z'),
    );
  });

  it('closes an older run its process left running, once its claim has run out', async () => {
    const clock = new ManualClock('2026-04-15T12:30:00Z');
    await seedSchedule(db, 'hourly', '0 * * * *', '2026-04-01T00:00:00Z');
    await seedRun(db, 'hourly', '2026-04-15T11:00:00Z', 'running', '2026-04-15T11:00:01Z');
    await seedRun(db, 'hourly', '2026-04-15T12:00:00Z');
    const scheduler = createScheduler({
      db,
      clock,
      timeZone,
      jobs: [recordingJob('hourly', '0 * * * *').job],
      logger: quietLogger(),
    });

    await scheduler.start();
    await scheduler.stop();

    expect((await runsOf(db, 'hourly')).map((r) => [r.status, r.error])).toEqual([
      ['failed', interruptedRunError],
      ['succeeded', null],
    ]);
  });
});
