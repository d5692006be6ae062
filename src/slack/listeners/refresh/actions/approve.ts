import { renderApprovalDecided } from '../../../../../blocks/refresh/messages/approval-request.js';
import type { ServiceContext } from '../../../../services/context.js';
import { approveTicket } from '../../../../services/refresh/approvals/approve.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import { answerTicketAction, onTicketButton, settleApprovalRequests } from './ticket-surface.js';

/** Approve, from the approver's DM, the Home or the ticket card: one click, checked on the server. */
export function approveFromButton(ctx: ServiceContext) {
  return onTicketButton(ctx, async ({ value, source, answering }) => {
    const { ticket, summary } = await approveTicket(ctx, {
      actor: answering.userId,
      ticketId: value.ticketId,
      seenStatus: value.status,
    });
    const replacement = renderApprovalDecided(summary, { approved: true, by: answering.userId });
    await answerTicketAction(answering, source, {
      ok: true,
      ticketId: ticket.id,
      note: `You approved refresh #${ticket.id}; ${describeTicketState({ ...ticket, decidedBy: null })}. The customer has been told.`,
      replacement,
    });
    await settleApprovalRequests(answering, ticket.id, replacement);
    return undefined;
  });
}
