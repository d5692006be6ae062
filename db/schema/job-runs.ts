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
    summary: c.json<Record<string, unknown>>('summary'),
    error: c.text('error'),
  }),
  (t, k) => [k.index('job_runs_job_idx').on(t.job, t.scheduledFor)],
);
