import {
  changeRequestAction,
  changeRequestBlock,
} from '../../../../../blocks/refresh/modals/change-request.js';
import type { ServiceContext } from '../../../../services/context.js';
import { fileChangeRequest } from '../../../../services/refresh/tickets/file-change-request.js';
import type { ViewArgs } from '../../register.js';
import { invalidOn, submitTicketForm } from './ticket-form.js';

/** The change-request form: recorded on the ticket and sent to the ITSM through the outbox. */
export function submitChangeRequest(ctx: ServiceContext, args: ViewArgs) {
  return submitTicketForm(ctx, args, {
    save: (metadata, { userId }) =>
      fileChangeRequest(ctx, {
        actor: userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
        request: args.view.state.values[changeRequestBlock]?.[changeRequestAction]?.value ?? '',
      }),
    fieldErrors: invalidOn(changeRequestBlock),
    outcome: (_result, metadata) => ({
      ticketId: metadata.ticketId,
      note: `Change request filed for refresh #${metadata.ticketId}: it is recorded on the ticket and sent to the ITSM.`,
    }),
  });
}
