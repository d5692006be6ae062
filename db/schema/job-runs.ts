import { sql } from 'drizzle-orm';
import { jobRunStatuses } from '../../src/domain/enums.js';
import { table } from './kit.js';

export const jobRuns = table(
  'job_runs',
  (c) => ({
    id: c.id(),
    job: c.text('job').notNull(),
    // The schedule tick this run stands for; catch-up compares it with the pattern.
    scheduledFor: c.instant('scheduled_for').notNull(),
    startedAt: c.instant('started_at').notNull(),
    finishedAt: c.instant('finished_at'),
    status: c.text('status', { enum: jobRunStatuses }).notNull(),
    // A running run's claim: the replica running it pushes this forward while it works; once it
    // has passed, the replica is taken to have died and another may run the tick again.
    leaseUntil: c.instant('lease_until'),
    // Run on demand (an admin's "run now", a wake), not for a tick of the schedule.
    onDemand: c.flag('on_demand').notNull().default(false),
    summary: c.json<Record<string, unknown>>('summary'),
    error: c.text('error'),
  }),
  // One run per tick, whichever replica inserts it first: the claim that makes a tick run once.
  (t, k) => [
    k.uniqueIndex('job_runs_job_tick_uq').on(t.job, t.scheduledFor).where(sql`not ${t.onDemand}`),
    k.index('job_runs_job_idx').on(t.job, t.scheduledFor),
  ],
);
