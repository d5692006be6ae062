import type { Db } from '../../db/client.js';
import { housekeepingJob } from './housekeeping.js';
import type { JobDefinition } from './scheduler.js';

export { housekeepingJob } from './housekeeping.js';
export * from './scheduler.js';

/** Every job the app schedules, in registration order (catch-up order, and order of ties). */
export function buildJobs(deps: { db: Db }): JobDefinition[] {
  return [housekeepingJob(deps.db)];
}
