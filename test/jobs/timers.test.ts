import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import { systemClock } from '../../src/clock.js';
import { createScheduler, type JobDefinition } from '../../src/jobs/index.js';
import { deferred, openTestDb, quietLogger, runsOf, timeZone } from './support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(() => close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('croner timers', () => {
  it('run the job on its ticks, and stop waits for the run in progress', async () => {
    const started = deferred();
    let starts = 0;
    let finished = 0;
    const job: JobDefinition = {
      name: 'everySecond',
      schedule: '* * * * * *',
      run: async () => {
        starts++;
        started.resolve();
        await sleep(300);
        finished++;
        return { starts };
      },
    };
    const scheduler = createScheduler({
      db,
      clock: systemClock,
      timeZone,
      jobs: [job],
      logger: quietLogger(),
    });

    await scheduler.start();
    await started.promise;
    await scheduler.stop();

    expect(finished).toBe(starts);
    const runs = await runsOf(db, 'everySecond');
    expect(runs.length).toBeGreaterThanOrEqual(1);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    // Each run stands for a whole-second tick, never the same one twice.
    expect(runs.every((r) => r.scheduledFor.getMilliseconds() === 0)).toBe(true);
    expect(new Set(runs.map((r) => r.scheduledFor.getTime())).size).toBe(runs.length);

    await sleep(1_200);
    expect(await runsOf(db, 'everySecond')).toHaveLength(runs.length);
  });

  it('start twice arms one timer per job, and stop without a run in progress returns at once', async () => {
    const scheduler = createScheduler({
      db,
      clock: systemClock,
      timeZone,
      jobs: [{ name: 'hourly', schedule: '0 * * * *', run: () => {} }],
      logger: quietLogger(),
    });
    await scheduler.start();
    await scheduler.start();
    await scheduler.stop();
    await scheduler.stop();
  });
});
