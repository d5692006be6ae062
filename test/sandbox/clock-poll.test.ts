// Under clock control the scheduler follows the clock by polling: a tick runs once, whether the
// clock was moved through runDue or just passed it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { type Clock, ManualClock, OffsetClock } from '../../src/clock.js';
import { createScheduler, type JobDefinition, type Scheduler } from '../../src/jobs/index.js';
import { openTestDb, quietLogger, runsOf, timeZone } from '../jobs/support.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let db: Db;
let close: () => Promise<void>;
let scheduler: Scheduler | undefined;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(async () => {
  await scheduler?.stop();
  scheduler = undefined;
  await close();
});

function hourly(seen: Date[]): JobDefinition {
  return { name: 'hourly', schedule: '0 * * * *', run: ({ now }) => void seen.push(now) };
}

async function polling(clock: Clock, jobs: JobDefinition[]) {
  scheduler = createScheduler({ db, clock, timeZone, jobs, logger: quietLogger(), pollMs: 5 });
  await scheduler.start();
  return scheduler;
}

describe('the clock-following scheduler', () => {
  it('runs a tick the clock passes once, on the next poll', async () => {
    const clock = new ManualClock('2026-11-19T14:30:00Z');
    const seen: Date[] = [];
    await polling(clock, [hourly(seen)]);
    await sleep(30);
    expect(seen).toEqual([]);

    clock.set(new Date('2026-11-19T15:00:00Z'));
    await sleep(30);
    expect((await runsOf(db, 'hourly')).map((r) => r.scheduledFor.toISOString())).toEqual([
      '2026-11-19T15:00:00.000Z',
    ]);
    await sleep(30);
    expect(await runsOf(db, 'hourly')).toHaveLength(1);
  });

  it('does not run again what runDue ran when it moved the clock', async () => {
    const clock = new ManualClock('2026-11-19T14:30:00Z');
    const seen: Date[] = [];
    const s = await polling(clock, [hourly(seen)]);
    const ran = await s.runDue(new Date('2026-11-19T17:30:00Z'), (tick) => clock.set(tick.at));
    clock.set(new Date('2026-11-19T17:30:00Z'));
    expect(ran.map((r) => [r.at.toISOString(), r.outcome])).toEqual([
      ['2026-11-19T15:00:00.000Z', 'succeeded'],
      ['2026-11-19T16:00:00.000Z', 'succeeded'],
      ['2026-11-19T17:00:00.000Z', 'succeeded'],
    ]);
    // Each run saw its own tick as the time.
    expect(seen.map((d) => d.toISOString())).toEqual(ran.map((r) => r.at.toISOString()));
    await sleep(50);
    expect(await runsOf(db, 'hourly')).toHaveLength(3);
  });

  it('picks up, in a move, the ticks a poll has not reached yet', async () => {
    const clock = new ManualClock('2026-11-19T14:30:00Z');
    const seen: Date[] = [];
    scheduler = createScheduler({
      db,
      clock,
      timeZone,
      jobs: [hourly(seen)],
      logger: quietLogger(),
      pollMs: 60_000,
    });
    await scheduler.start();
    clock.set(new Date('2026-11-19T15:30:00Z')); // passed 15:00; the next poll is a minute away
    const ran = await scheduler.runDue(new Date('2026-11-19T16:30:00Z'));
    expect(ran.map((r) => r.at.toISOString())).toEqual([
      '2026-11-19T15:00:00.000Z',
      '2026-11-19T16:00:00.000Z',
    ]);
  });

  it('stops polling when stopped', async () => {
    const clock = new ManualClock('2026-11-19T14:30:00Z');
    const seen: Date[] = [];
    const s = await polling(clock, [hourly(seen)]);
    await s.stop();
    clock.set(new Date('2026-11-19T15:30:00Z'));
    await sleep(30);
    expect(seen).toEqual([]);
  });
});

describe('OffsetClock', () => {
  it('follows its base clock plus an offset that only grows', () => {
    const base = new ManualClock('2026-11-19T14:00:00Z');
    const clock = new OffsetClock(base);
    expect(clock.now().toISOString()).toBe('2026-11-19T14:00:00.000Z');
    clock.set(new Date('2026-11-20T14:00:00Z'));
    base.advance(60_000);
    expect(clock.now().toISOString()).toBe('2026-11-20T14:01:00.000Z');
    expect(() => clock.set(new Date('2026-11-20T14:00:00Z'))).toThrow('time only moves forward');
    expect(clock.now().toISOString()).toBe('2026-11-20T14:01:00.000Z');
  });
});
