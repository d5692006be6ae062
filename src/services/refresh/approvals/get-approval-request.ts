import { allows } from '../../../domain/refresh/index.js';
import type { ServiceContext } from '../../context.js';
import { conflict } from '../../errors.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { loadTicketDetails } from '../tickets/ticket-details.js';
import { describeTicketState, requireSeenStatus } from '../tickets/ticket-state.js';
import { type ApprovalSummary, approvalSummary } from './approval-summary.js';
import { DecisionInput, parseDecision } from './approve.js';
import { requireApproverOf } from './approvers.js';

/**
 * What the deny form shows, checked before it opens: only an approver of the ticket's config,
 * and only while the ticket still awaits a decision, gets the form.
 */
export async function getApprovalRequest(
  ctx: ServiceContext,
  input: DecisionInput,
): Promise<ApprovalSummary> {
  const { actor, ticketId, seenStatus } = parseDecision(DecisionInput, input);
  const ticket = await loadTicket(ctx.db, ticketId);
  await requireApproverOf(ctx.db, actor, ticket, 'deny');
  requireSeenStatus(ticket, seenStatus);
  if (!allows(ticket, 'deny')) {
    throw conflict(
      `Refresh #${ticket.id} awaits no decision: ${describeTicketState(ticket)}. Nothing was changed.`,
    );
  }
  return approvalSummary(await loadTicketDetails(ctx.db, ticket));
}
