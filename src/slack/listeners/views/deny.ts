import { renderApprovalDecided } from '../../../../blocks/messages/approval-request.js';
import { ticketNoticeModal } from '../../../../blocks/messages/ticket-card.js';
import { denyReasonAction, denyReasonBlock } from '../../../../blocks/modals/deny.js';
import { staleFormView } from '../../../../blocks/modals/stale-form.js';
import { denyTicket } from '../../../services/approvals/deny.js';
import type { ServiceContext } from '../../../services/context.js';
import { ServiceError } from '../../../services/errors.js';
import { explainError } from '../../answers.js';
import { parseValue } from '../../ids.js';
import { answerTicketAction, settleApprovalRequests, TicketFormMetadata } from '../actions/ticket-surface.js';
import type { ViewArgs } from '../register.js';

/** The deny form: a missing reason is answered on the field; a refusal replaces the form. */
export async function submitDenial(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const metadata = parseValue(TicketFormMetadata, view.private_metadata);
  if (!metadata) {
    await ack({ response_action: 'update', view: staleFormView() });
    return;
  }
  const reason = view.state.values[denyReasonBlock]?.[denyReasonAction]?.value ?? '';
  let result: ReturnType<typeof denyTicket>;
  try {
    result = denyTicket(ctx, {
      actor: userId,
      ticketId: metadata.ticketId,
      seenStatus: metadata.status,
      reason,
    });
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: { [denyReasonBlock]: error.message } });
      return;
    }
    const note = explainError(error, log);
    await ack({ response_action: 'update', view: ticketNoticeModal('Nothing was changed', note) });
    await answerTicketAction({ ctx, client, userId, log }, metadata.source, {
      ok: false,
      note,
      ticketId: metadata.ticketId,
    });
    return;
  }
  await ack();
  const { ticket, summary } = result;
  const answering = { ctx, client, userId, log };
  const decided = renderApprovalDecided(summary, {
    approved: false,
    by: userId,
    reason: ticket.denialReason,
  });
  await answerTicketAction(answering, metadata.source, {
    ok: true,
    ticketId: ticket.id,
    note: `You denied refresh #${ticket.id}; it is back with the customer, who has been told why.`,
    replacement: decided,
  });
  await settleApprovalRequests(answering, ticket.id, decided);
}
