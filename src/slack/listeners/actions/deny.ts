import { denyModal } from '../../../../blocks/modals/deny.js';
import { getApprovalRequest } from '../../../services/approvals/get-approval-request.js';
import type { ServiceContext } from '../../../services/context.js';
import { encodeValue } from '../../ids.js';
import type { ActionArgs } from '../register.js';
import {
  answerTicketAction,
  buttonValue,
  openForm,
  refusal,
  sourceOf,
  staleButtonNote,
  type TicketFormMetadata,
} from './ticket-surface.js';

/** Deny opens the reason form; a non-approver or a stale button is answered instead, nothing opens. */
export async function denyFromButton(ctx: ServiceContext, { ack, body, client, logger }: ActionArgs) {
  await ack();
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const answering = { ctx, client, userId, log };
  const source = sourceOf(body);
  const value = buttonValue(body);
  if (!value || !source) {
    await answerTicketAction(answering, source, { ok: false, note: staleButtonNote });
    return;
  }
  try {
    const summary = getApprovalRequest(ctx, {
      actor: userId,
      ticketId: value.ticketId,
      seenStatus: value.status,
    });
    const metadata: TicketFormMetadata = { ticketId: value.ticketId, status: value.status, source };
    await openForm(client, body.trigger_id, source, denyModal(summary, encodeValue(metadata)));
  } catch (error) {
    await answerTicketAction(answering, source, refusal(error, log, value.ticketId));
  }
}
