import type { ServiceContext } from '../services/context.js';
import { approverDigestJob } from './approver-digest.js';
import { housekeepingJob } from './housekeeping.js';
import { itsmSyncJob } from './itsm-sync.js';
import { refreshInvitationsJob } from './refresh-invitations.js';
import { refreshRemindersJob } from './refresh-reminders.js';
import { replacementLookupJob } from './replacement-lookup.js';
import type { JobDefinition } from './scheduler.js';

export { approverDigestJob } from './approver-digest.js';
export { housekeepingJob } from './housekeeping.js';
export { itsmSyncJob } from './itsm-sync.js';
export { refreshInvitationsJob } from './refresh-invitations.js';
export { refreshRemindersJob } from './refresh-reminders.js';
export { replacementLookupJob } from './replacement-lookup.js';
export * from './scheduler.js';

/** Every job the app schedules, in registration order (catch-up order, and order of ties). */
export function buildJobs(ctx: ServiceContext): JobDefinition[] {
  return [
    housekeepingJob(ctx.db),
    refreshInvitationsJob(ctx),
    refreshRemindersJob(ctx),
    approverDigestJob(ctx),
    itsmSyncJob(ctx),
    replacementLookupJob(ctx),
  ];
}
