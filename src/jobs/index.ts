import type { ServiceContext } from '../services/context.js';
import { pendingEscalationJob } from './desk/pending-escalation.js';
import { housekeepingJob } from './housekeeping.js';
import { appointmentRemindersJob } from './refresh/appointment-reminders.js';
import { approverDigestJob } from './refresh/approver-digest.js';
import { heldAppointmentsJob } from './refresh/held-appointments.js';
import { itsmSyncJob } from './refresh/itsm-sync.js';
import { refreshInvitationsJob } from './refresh/refresh-invitations.js';
import { refreshRemindersJob } from './refresh/refresh-reminders.js';
import { replacementLookupJob } from './refresh/replacement-lookup.js';
import { slotDiscoveryJob } from './refresh/slot-discovery.js';
import type { JobDefinition } from './scheduler.js';
import { slotGenerationJob } from './scheduling/slot-generation.js';

export { pendingEscalationJob } from './desk/pending-escalation.js';
export { housekeepingJob } from './housekeeping.js';
export { appointmentRemindersJob } from './refresh/appointment-reminders.js';
export { approverDigestJob } from './refresh/approver-digest.js';
export { heldAppointmentsJob } from './refresh/held-appointments.js';
export { itsmSyncJob } from './refresh/itsm-sync.js';
export { refreshInvitationsJob } from './refresh/refresh-invitations.js';
export { refreshRemindersJob } from './refresh/refresh-reminders.js';
export { replacementLookupJob } from './refresh/replacement-lookup.js';
export { slotDiscoveryJob } from './refresh/slot-discovery.js';
export * from './scheduler.js';
export { slotGenerationJob } from './scheduling/slot-generation.js';

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
    heldAppointmentsJob(ctx),
    pendingEscalationJob(ctx),
  ];
}
