import type { ServiceContext } from '../services/context.js';
import { appointmentRemindersJob } from './appointment-reminders.js';
import { approverDigestJob } from './approver-digest.js';
import { housekeepingJob } from './housekeeping.js';
import { itsmSyncJob } from './itsm-sync.js';
import { refreshInvitationsJob } from './refresh-invitations.js';
import { refreshRemindersJob } from './refresh-reminders.js';
import { replacementLookupJob } from './replacement-lookup.js';
import type { JobDefinition } from './scheduler.js';
import { slotDiscoveryJob } from './slot-discovery.js';
import { slotGenerationJob } from './slot-generation.js';

export { appointmentRemindersJob } from './appointment-reminders.js';
export { approverDigestJob } from './approver-digest.js';
export { housekeepingJob } from './housekeeping.js';
export { itsmSyncJob } from './itsm-sync.js';
export { refreshInvitationsJob } from './refresh-invitations.js';
export { refreshRemindersJob } from './refresh-reminders.js';
export { replacementLookupJob } from './replacement-lookup.js';
export * from './scheduler.js';
export { slotDiscoveryJob } from './slot-discovery.js';
export { slotGenerationJob } from './slot-generation.js';

/** Every job the app schedules, in registration order (catch-up order, and order of ties). */
export function buildJobs(ctx: ServiceContext): JobDefinition[] {
  return [
    housekeepingJob(ctx.db),
    refreshInvitationsJob(ctx),
    refreshRemindersJob(ctx),
    approverDigestJob(ctx),
    itsmSyncJob(ctx),
    replacementLookupJob(ctx),
    slotGenerationJob(ctx),
    slotDiscoveryJob(ctx),
    appointmentRemindersJob(ctx),
  ];
}
