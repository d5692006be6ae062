import type { ServiceContext } from '../../services/context.js';
import { escalateStalePendingCases } from '../../services/desk/cases/escalate-pending.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Every five minutes of the working day (05:00–18:55, Monday to Friday): desk cases pending for
 * DESK_PENDING_ESCALATION_HOURS business hours are escalated to triage, each once (SPEC §4.2).
 * Pending time accrues only inside business hours, so a case falls due at 18:00 at the latest and
 * nothing falls due at night or at the weekend; a holiday's runs find nothing. A run missed while
 * Otto was down runs on start and escalates what fell due meanwhile.
 */
export function pendingEscalationJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'desk-pending-escalation',
    schedule: '*/5 5-18 * * 1-5',
    async run({ now }) {
      return { ...(await escalateStalePendingCases(ctx, now)) };
    },
  };
}
