import type { ServiceContext } from '../../services/context.js';
import { sendDueInvitations } from '../../services/refresh/timers/index.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Daily at 10:05, the SPEC §2.2 invitation time: sends the invitations now due. Due times are
 * 10:05 on business days, so a run on a weekend or holiday finds none.
 */
export function refreshInvitationsJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'refresh-invitations',
    schedule: '5 10 * * *',
    run: async ({ now }) => ({ ...(await sendDueInvitations(ctx, now)) }),
  };
}
