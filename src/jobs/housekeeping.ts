import { and, desc, eq, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobRuns } from '../../db/schema/index.js';
import { aliasOf } from '../../db/sql.js';
import { forgetOldReceipts } from '../services/slack-receipts.js';
import { forgetExpiredWebLinks } from '../services/web/forget-expired-links.js';
import type { JobDefinition } from './scheduler.js';

export const jobRunRetentionDays = 90;

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Nightly at 03:30: forgets job runs started more than 90 days ago, the receipts of Slack
 * deliveries older than a day, and the e-mails' web links that have expired. The newest run of each job stays, since catch-up reads it to tell
 * whether the job's last tick was missed.
 */
export function housekeepingJob(db: Db): JobDefinition {
  return {
    name: 'housekeeping',
    schedule: '30 3 * * *',
    async run({ now }) {
      return {
        deletedRuns: await deleteOldJobRuns(db, now),
        deletedReceipts: await forgetOldReceipts(db, now),
        deletedWebLinks: await forgetExpiredWebLinks(db, now),
      };
    },
  };
}

export async function deleteOldJobRuns(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - jobRunRetentionDays * dayMs);
  const newest = aliasOf(jobRuns, 'newest');
  const newestOfSameJob = db
    .select({ id: newest.id })
    .from(newest)
    .where(eq(newest.job, jobRuns.job))
    .orderBy(desc(newest.scheduledFor), desc(newest.id))
    .limit(1);
  const deleted = await db
    .delete(jobRuns)
    .where(and(lt(jobRuns.startedAt, cutoff), ne(jobRuns.id, newestOfSameJob)))
    .returning({ id: jobRuns.id });
  return deleted.length;
}
