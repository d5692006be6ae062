import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { ManualClock } from '../../src/clock.js';
import { createScheduler, type JobDefinition } from '../../src/jobs/index.js';
import { openTestDb, quietLogger, timeZone } from './support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(() => close());

const clock = new ManualClock('2026-01-01T00:00:00Z');
const job = (name: string, schedule: string): JobDefinition => ({ name, schedule, run: () => {} });
const tick = (job: string, at: string) => ({ job, at: new Date(at) });

describe('dueBetween', () => {
  // Registration order matters for ties: both 'discovery' and 'itsmSync' tick at 07:00 and 13:00.
  const jobs = [
    job('digest', '0 8 * * 5'),
    job('discovery', '0 7,13 * * *'),
    job('slots', '0 1 * * *'),
    job('itsmSync', '0 7,13 * * *'),
  ];

  it('lists every tick of every job in time order, ties in registration order', () => {
    const scheduler = createScheduler({ db, clock, timeZone, jobs });
    // Thursday 00:00 to Saturday 00:00 in Detroit (EDT, UTC-4)
    expect(scheduler.dueBetween(new Date('2026-04-16T04:00:00Z'), new Date('2026-04-18T04:00:00Z'))).toEqual([
      tick('slots', '2026-04-16T05:00:00Z'),
      tick('discovery', '2026-04-16T11:00:00Z'),
      tick('itsmSync', '2026-04-16T11:00:00Z'),
      tick('discovery', '2026-04-16T17:00:00Z'),
      tick('itsmSync', '2026-04-16T17:00:00Z'),
      tick('slots', '2026-04-17T05:00:00Z'),
      tick('discovery', '2026-04-17T11:00:00Z'),
      tick('itsmSync', '2026-04-17T11:00:00Z'),
      tick('digest', '2026-04-17T12:00:00Z'),
      tick('discovery', '2026-04-17T17:00:00Z'),
      tick('itsmSync', '2026-04-17T17:00:00Z'),
    ]);
  });

  it('excludes a tick at the start of the range and includes one at its end', () => {
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job('slots', '0 1 * * *')] });
    expect(scheduler.dueBetween(new Date('2026-04-16T05:00:00Z'), new Date('2026-04-17T05:00:00Z'))).toEqual([
      tick('slots', '2026-04-17T05:00:00Z'),
    ]);
    expect(scheduler.dueBetween(new Date('2026-04-16T05:00:00Z'), new Date('2026-04-16T05:00:00Z'))).toEqual(
      [],
    );
  });

  it('keeps only the latest ticks of a job that ticks more often than the bound, and says so', () => {
    const logger = quietLogger();
    const scheduler = createScheduler({
      db,
      clock,
      timeZone,
      jobs: [job('minutely', '* * * * *'), job('slots', '0 1 * * *')],
      logger,
      maxTicksPerJob: 3,
    });
    expect(scheduler.dueBetween(new Date('2026-04-16T04:00:00Z'), new Date('2026-04-17T04:00:00Z'))).toEqual([
      tick('slots', '2026-04-16T05:00:00Z'),
      tick('minutely', '2026-04-17T03:58:00Z'),
      tick('minutely', '2026-04-17T03:59:00Z'),
      tick('minutely', '2026-04-17T04:00:00Z'),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('minutely: more than 3 ticks'));
  });

  it('stays bounded for a minutely job over months', () => {
    const scheduler = createScheduler({
      db,
      clock,
      timeZone,
      jobs: [job('minutely', '* * * * *')],
      logger: quietLogger(),
    });
    const due = scheduler.dueBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-07-01T00:00:00Z'));
    expect(due).toHaveLength(1000);
    expect(due.at(-1)).toEqual(tick('minutely', '2026-07-01T00:00:00Z'));
  });
});

describe('ticks in the scheduler time zone', () => {
  const invitations = job('invitations', '5 10 * * 1-5');

  it('keeps 10:05 local on business days across both DST changes', () => {
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [invitations] });
    // DST starts Sunday 2026-03-08 and ends Sunday 2026-11-01 in America/Detroit.
    expect(scheduler.nextRun('invitations', new Date('2026-03-07T00:00:00Z'))).toEqual(
      new Date('2026-03-09T14:05:00Z'),
    );
    expect(scheduler.nextRun('invitations', new Date('2026-10-31T00:00:00Z'))).toEqual(
      new Date('2026-11-02T15:05:00Z'),
    );
    expect(scheduler.dueBetween(new Date('2026-03-06T00:00:00Z'), new Date('2026-03-10T00:00:00Z'))).toEqual([
      tick('invitations', '2026-03-06T15:05:00Z'),
      tick('invitations', '2026-03-09T14:05:00Z'),
    ]);
  });

  it('reads now from the clock when no start is given', () => {
    const scheduler = createScheduler({
      db,
      clock: new ManualClock('2026-11-02T15:05:00Z'),
      timeZone,
      jobs: [invitations],
    });
    expect(scheduler.nextRun('invitations')).toEqual(new Date('2026-11-03T15:05:00Z'));
  });

  it('has no next run for a pattern that never matches again', () => {
    const scheduler = createScheduler({ db, clock, timeZone, jobs: [job('gone', '0 0 0 1 1 * 2020')] });
    expect(scheduler.nextRun('gone')).toBeUndefined();
  });
});
