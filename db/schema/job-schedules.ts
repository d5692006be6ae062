import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { instant } from './columns.js';

/**
 * When the scheduler first took on each job: a job missed before its first run still
 * catches up, and nothing before this instant counts as missed.
 */
export const jobSchedules = sqliteTable('job_schedules', {
  job: text('job').primaryKey(),
  pattern: text('pattern').notNull(),
  registeredAt: instant('registered_at').notNull(),
});
