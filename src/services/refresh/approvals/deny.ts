import { z } from 'zod';
import { denialReasonLimit } from '../../../domain/refresh/forms.js';
import type { ServiceContext } from '../../context.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';
import { loadTicketDetails } from '../tickets/ticket-details.js';
import { requireSeenStatus } from '../tickets/ticket-state.js';
import { approvalSummary } from './approval-summary.js';
import { DecisionInput, type DecisionResult, parseDecision } from './approve.js';
import { requireApproverOf } from './approvers.js';

export const DenyInput = DecisionInput.extend({
  reason: z
    .string()
    .trim()
    .min(1, { error: 'Say why, so the customer knows what to change.' })
    .max(denialReasonLimit, { error: `Use at most ${denialReasonLimit} characters.` }),
});
export type DenyInput = z.input<typeof DenyInput>;

/**
 * An approver denies a ticket with a reason: it goes back to the customer (SPEC §2.1), who is
 * told why by DM and e-mail and sees the reason in the wizard.
 */
export async function denyTicket(ctx: ServiceContext, input: DenyInput): Promise<DecisionResult> {
  const { actor, ticketId, seenStatus, reason } = parseDecision(DenyInput, input);
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction(async (tx) => {
    const ticket = await loadTicket(tx, ticketId);
    await requireApproverOf(tx, actor, ticket, 'deny');
    requireSeenStatus(ticket, seenStatus);
    const { ticket: next, effects } = await applyTransition(
      tx,
      ticket,
      { type: 'deny', reason },
      { actor, now, set: { decidedBy: actor, decidedAt: now, denialReason: reason, remindersSent: 0 } },
    );
    // The approver's message shows the summary: read once for it and the customer's notice.
    const details = await loadTicketDetails(tx, next);
    await enqueueTicketEffects(tx, ctx, next, effects, now, details);
    return { ticket: next, summary: approvalSummary(details) };
  });
  ctx.noticesWritten();
  return saved;
}
