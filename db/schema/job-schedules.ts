import { table } from './kit.js';

/**
 * When the scheduler first took on each job: a job missed before its first run still
 * catches up, and nothing before this instant counts as missed.
 */
export const jobSchedules = table('job_schedules', (c) => ({
  job: c.text('job').primaryKey(),
  pattern: c.text('pattern').notNull(),
  registeredAt: c.instant('registered_at').notNull(),
}));
