import type { ServiceContext } from '../../services/context.js';
import { escalateStalePendingCases } from '../../services/desk/cases/escalate-pending.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Every five minutes: desk cases pending for DESK_PENDING_ESCALATION_HOURS business hours are
 * escalated to triage, each once (SPEC §4.2). Outside business hours no pending time accrues, so
 * the runs there find nothing; the first run of the morning finds what fell due at the opening.
 */
export function pendingEscalationJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'desk-pending-escalation',
    schedule: '*/5 * * * *',
    async run({ now }) {
      return { ...(await escalateStalePendingCases(ctx, now)) };
    },
  };
}
