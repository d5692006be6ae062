import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { jobRunStatuses } from '../../src/domain/enums.js';
import { instant } from './columns.js';

export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    // The schedule tick this run stands for; catch-up compares it with the pattern.
    scheduledFor: instant('scheduled_for').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at'),
    status: text('status', { enum: jobRunStatuses }).notNull(),
    summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error'),
  },
  (t) => [index('job_runs_job_idx').on(t.job, t.scheduledFor)],
);
