import { renderApprovalDecided } from '../../../../blocks/messages/approval-request.js';
import { approveTicket } from '../../../services/approvals/approve.js';
import type { ServiceContext } from '../../../services/context.js';
import { describeTicketState } from '../../../services/tickets/ticket-state.js';
import type { ActionArgs } from '../register.js';
import {
  answerTicketAction,
  buttonValue,
  type Outcome,
  refusal,
  settleApprovalRequests,
  sourceOf,
  staleButtonNote,
} from './ticket-surface.js';

/** Approve, from the approver's DM, the Home or the ticket card: one click, checked on the server. */
export async function approveFromButton(ctx: ServiceContext, { ack, body, client, logger }: ActionArgs) {
  await ack();
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const source = sourceOf(body);
  const value = buttonValue(body);
  let outcome: Outcome;
  if (!value) {
    outcome = { ok: false, note: staleButtonNote };
  } else {
    try {
      const { ticket, summary } = approveTicket(ctx, {
        actor: userId,
        ticketId: value.ticketId,
        seenStatus: value.status,
      });
      outcome = {
        ok: true,
        ticketId: ticket.id,
        note: `You approved refresh #${ticket.id}; ${describeTicketState({ ...ticket, decidedBy: null })}. The customer has been told.`,
        replacement: renderApprovalDecided(summary, { approved: true, by: userId }),
      };
    } catch (error) {
      outcome = refusal(error, log, value.ticketId);
    }
  }
  await answerTicketAction({ ctx, client, userId, log }, source, outcome);
  if (outcome.ok && outcome.ticketId !== undefined && outcome.replacement) {
    await settleApprovalRequests({ ctx, client, userId, log }, outcome.ticketId, outcome.replacement);
  }
}
