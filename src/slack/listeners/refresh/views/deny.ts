import { renderApprovalDecided } from '../../../../../blocks/refresh/messages/approval-request.js';
import { denyReasonAction, denyReasonBlock } from '../../../../../blocks/refresh/modals/deny.js';
import type { ServiceContext } from '../../../../services/context.js';
import { denyTicket } from '../../../../services/refresh/approvals/deny.js';
import { element, input } from '../../../plumbing/modal-form.js';
import { settleApprovalRequests } from '../actions/ticket-surface.js';
import { invalidOn, readTicketForm, submitTicketForm } from './ticket-form.js';

const DenyForm = { reason: input(denyReasonBlock, denyReasonAction, element.text) };

/** The deny form: a missing reason is answered on the field; a refusal replaces the form. */
export function submitDenial(ctx: ServiceContext) {
  return submitTicketForm(ctx, {
    save: async (metadata, submission) => {
      const { userId } = submission;
      const { ticket, summary } = await denyTicket(ctx, {
        actor: userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
        reason: readTicketForm(DenyForm, submission).reason,
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
