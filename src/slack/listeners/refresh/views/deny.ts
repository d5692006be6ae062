import { renderApprovalDecided } from '../../../../../blocks/refresh/messages/approval-request.js';
import { denyReasonAction, denyReasonBlock } from '../../../../../blocks/refresh/modals/deny.js';
import type { ServiceContext } from '../../../../services/context.js';
import { denyTicket } from '../../../../services/refresh/approvals/deny.js';
import type { ViewArgs } from '../../register.js';
import { settleApprovalRequests } from '../actions/ticket-surface.js';
import { invalidOn, submitTicketForm } from './ticket-form.js';

/** The deny form: a missing reason is answered on the field; a refusal replaces the form. */
export function submitDenial(ctx: ServiceContext, args: ViewArgs) {
  return submitTicketForm(ctx, args, {
    save: (metadata, { userId }) => {
      const { ticket, summary } = denyTicket(ctx, {
        actor: userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
        reason: args.view.state.values[denyReasonBlock]?.[denyReasonAction]?.value ?? '',
      });
      return {
        ticket,
        decided: renderApprovalDecided(summary, { approved: false, by: userId, reason: ticket.denialReason }),
      };
    },
    fieldErrors: invalidOn(denyReasonBlock),
    outcome: ({ ticket, decided }) => ({
      ticketId: ticket.id,
      note: `You denied refresh #${ticket.id}; it is back with the customer, who has been told why.`,
      replacement: decided,
    }),
    after: ({ ticket, decided }, answering) => settleApprovalRequests(answering, ticket.id, decided),
  });
}
