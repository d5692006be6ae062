import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '../../db/client.js';
import { jobRuns } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { createScheduler, interruptedRunError, type JobDefinition } from '../../src/jobs/index.js';
import { deferred, openTestDb, quietLogger, runsOf, seedSchedule, timeZone } from './support.js';

let db: Db;
let close: () => Promise<void>;
beforeEach(async () => {
  ({ db, close } = await openTestDb());
});
afterEach(() => close());

const now = '2026-04-15T12:30:00Z';

/** Three schedulers over one database, as three replicas would run. */
function replicas(job: (replica: number) => JobDefinition, clock = new ManualClock(now), leaseMs?: number) {
  return [0, 1, 2].map((replica) => {
    const logger = quietLogger();
    return {
      logger,
      scheduler: createScheduler({
        db,
        clock,
        timeZone,
        jobs: [job(replica)],
        logger,
        ...(leaseMs ? { leaseMs } : {}),
      }),
    };
  });
}

describe('jobs on several replicas', () => {
  it('run a tick once though every replica ticks together', async () => {
    await seedSchedule(db, 'invitations', '*/5 * * * *', '2026-04-15T12:26:00Z');
    const ranOn: number[] = [];
    const three = replicas((replica) => ({
      name: 'invitations',
      schedule: '*/5 * * * *',
      run: async () => {
        ranOn.push(replica);
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    }));

    const ran = await Promise.all(three.map(({ scheduler }) => scheduler.catchUp()));

    expect(ranOn).toHaveLength(1);
    expect(ran.flat()).toEqual(['invitations']);
    expect((await runsOf(db, 'invitations')).map((r) => [r.scheduledFor.toISOString(), r.status])).toEqual([
      ['2026-04-15T12:30:00.000Z', 'succeeded'],
    ]);
  });

  it('leave a run alone while its replica holds its claim: no second run, and it is not closed', async () => {
    await seedSchedule(db, 'digest', '0 * * * *', '2026-04-15T10:00:00Z');
    await db.insert(jobRuns).values({
      job: 'digest',
      scheduledFor: new Date('2026-04-15T12:00:00Z'),
      startedAt: new Date('2026-04-15T12:00:01Z'),
      status: 'running',
      leaseUntil: new Date('2026-04-15T12:30:40Z'),
    });
    let runs = 0;
    const [replica] = replicas(() => ({
      name: 'digest',
      schedule: '0 * * * *',
      run: () => void runs++,
    }));

    await replica!.scheduler.start();
    await replica!.scheduler.stop();

    expect(runs).toBe(0);
    expect((await runsOf(db, 'digest')).map((r) => r.status)).toEqual(['running']);
  });

  it('take over the tick of a replica that stopped renewing its claim; the old run cannot record over it', async () => {
    await seedSchedule(db, 'digest', '0 * * * *', '2026-04-15T10:00:00Z');
    const clock = new ManualClock(now);
    const hold = deferred();
    const ranOn: number[] = [];
    const [first, second] = replicas(
      (replica) => ({
        name: 'digest',
        schedule: '0 * * * *',
        run: async () => {
          ranOn.push(replica);
          if (replica === 0) await hold.promise;
          return { replica };
        },
      }),
      clock,
    );

    const stalled = first!.scheduler.runJob('digest', new Date('2026-04-15T12:00:00Z'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The first replica's claim (one minute) runs out without a renewal: as if it had died.
    clock.advance(90_000);
    expect(await second!.scheduler.catchUp()).toEqual(['digest']);
    hold.resolve();
    expect(await stalled).toBe('succeeded');

    expect(ranOn).toEqual([0, 1]);
    expect((await runsOf(db, 'digest')).map((r) => [r.status, r.summary])).toEqual([
      ['succeeded', { replica: 1 }],
    ]);
    expect(second!.logger.warn).toHaveBeenCalledWith(expect.stringContaining('took over the run'));
    expect(first!.logger.warn).toHaveBeenCalledWith(expect.stringContaining('its run was taken over'));
  });

  it('run on demand on any replica: a woken job claims no tick', async () => {
    let runs = 0;
    const three = replicas(() => ({ name: 'lookup', schedule: '*/5 * * * *', run: () => void runs++ }));
    const outcomes = await Promise.all(three.map(({ scheduler }) => scheduler.runJob('lookup')));
    expect(outcomes).toEqual(['succeeded', 'succeeded', 'succeeded']);
    expect(runs).toBe(3);
    expect((await runsOf(db, 'lookup')).map((r) => r.onDemand)).toEqual([true, true, true]);
  });

  it('take over, while running, the tick of a replica that died mid-run once its claim runs out; older abandoned runs are closed', async () => {
    await seedSchedule(db, 'digest', '0 * * * *', '2026-04-15T10:00:00Z');
    // The dead replica's runs: the current tick's, and one for a tick a later run has covered since.
    await db.insert(jobRuns).values([
      {
        job: 'digest',
        scheduledFor: new Date('2026-04-15T11:00:00Z'),
        startedAt: new Date('2026-04-15T11:00:01Z'),
        status: 'succeeded',
        finishedAt: new Date('2026-04-15T11:00:02Z'),
      },
      {
        job: 'digest',
        scheduledFor: new Date('2026-04-15T12:00:00Z'),
        startedAt: new Date('2026-04-15T12:00:01Z'),
        status: 'running',
        leaseUntil: new Date('2026-04-15T12:30:01Z'),
      },
      {
        job: 'digest',
        scheduledFor: new Date('2026-04-15T10:00:00Z'),
        startedAt: new Date('2026-04-15T10:00:01Z'),
        status: 'running',
        leaseUntil: new Date('2026-04-15T12:30:01Z'),
      },
    ]);
    const clock = new ManualClock(now);
    const ranOn: number[] = [];
    const [first, second] = replicas(
      (replica) => ({
        name: 'digest',
        schedule: '0 * * * *',
        run: () => {
          ranOn.push(replica);
          return { replica };
        },
      }),
      clock,
      300,
    );
    await first!.scheduler.start();
    await second!.scheduler.start();
    try {
      // Started while the claims still held: neither runs the tick, nor closes a run.
      expect(ranOn).toEqual([]);
      expect((await runsOf(db, 'digest')).map((r) => r.status)).toEqual(['succeeded', 'running', 'running']);

      clock.advance(2_000);
      await vi.waitFor(() => expect(ranOn).toHaveLength(1), { timeout: 2_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await first!.scheduler.stop();
      await second!.scheduler.stop();
    }

    expect(ranOn).toHaveLength(1);
    const runs = await runsOf(db, 'digest');
    expect(runs.map((r) => [r.scheduledFor.toISOString(), r.status, r.error, r.summary])).toEqual([
      ['2026-04-15T11:00:00.000Z', 'succeeded', null, null],
      ['2026-04-15T12:00:00.000Z', 'succeeded', null, { replica: ranOn[0] }],
      ['2026-04-15T10:00:00.000Z', 'failed', interruptedRunError, null],
    ]);
    const taker = ranOn[0] === 0 ? first! : second!;
    expect(taker.logger.warn).toHaveBeenCalledWith(expect.stringContaining('took over the run'));
  });
});
