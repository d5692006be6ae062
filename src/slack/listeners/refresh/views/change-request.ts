import {
  changeRequestAction,
  changeRequestBlock,
} from '../../../../../blocks/refresh/modals/change-request.js';
import type { ServiceContext } from '../../../../services/context.js';
import { fileChangeRequest } from '../../../../services/refresh/tickets/file-change-request.js';
import { element, input } from '../../../plumbing/modal-form.js';
import { invalidOn, readTicketForm, submitTicketForm } from './ticket-form.js';

const ChangeRequestForm = { request: input(changeRequestBlock, changeRequestAction, element.text) };

/** The change-request form: recorded on the ticket and sent to the ITSM through the outbox. */
export function submitChangeRequest(ctx: ServiceContext) {
  return submitTicketForm(ctx, {
    save: async (metadata, submission) =>
      await fileChangeRequest(ctx, {
        actor: submission.userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
        request: readTicketForm(ChangeRequestForm, submission).request,
      }),
    fieldErrors: invalidOn(changeRequestBlock),
    outcome: (_result, metadata) => ({
      ticketId: metadata.ticketId,
      note: `Change request filed for refresh #${metadata.ticketId}: it is recorded on the ticket and sent to the ITSM.`,
    }),
  });
}
