import { ticketNoticeModal } from '../../../../blocks/messages/ticket-card.js';
import { changeRequestAction, changeRequestBlock } from '../../../../blocks/modals/change-request.js';
import { staleFormView } from '../../../../blocks/modals/stale-form.js';
import type { ServiceContext } from '../../../services/context.js';
import { ServiceError } from '../../../services/errors.js';
import { fileChangeRequest } from '../../../services/tickets/file-change-request.js';
import { explainError } from '../../answers.js';
import { parseValue } from '../../ids.js';
import { answerTicketAction, TicketFormMetadata } from '../actions/ticket-surface.js';
import type { ViewArgs } from '../register.js';

/** The change-request form: recorded on the ticket and sent to the ITSM through the outbox. */
export async function submitChangeRequest(
  ctx: ServiceContext,
  { ack, body, view, client, logger }: ViewArgs,
) {
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const metadata = parseValue(TicketFormMetadata, view.private_metadata);
  if (!metadata) {
    await ack({ response_action: 'update', view: staleFormView() });
    return;
  }
  const answering = { ctx, client, userId, log };
  const request = view.state.values[changeRequestBlock]?.[changeRequestAction]?.value ?? '';
  try {
    fileChangeRequest(ctx, {
      actor: userId,
      ticketId: metadata.ticketId,
      seenStatus: metadata.status,
      request,
    });
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: { [changeRequestBlock]: error.message } });
      return;
    }
    const note = explainError(error, log);
    await ack({ response_action: 'update', view: ticketNoticeModal('Nothing was changed', note) });
    await answerTicketAction(answering, metadata.source, { ok: false, note, ticketId: metadata.ticketId });
    return;
  }
  await ack();
  await answerTicketAction(answering, metadata.source, {
    ok: true,
    ticketId: metadata.ticketId,
    note: `Change request filed for refresh #${metadata.ticketId}: it is recorded on the ticket and sent to the ITSM.`,
  });
}
