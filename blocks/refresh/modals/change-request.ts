import type { ModalView } from '@slack/types';
import { computerLabel } from '../../../src/domain/naming.js';
import { changeRequestLimit } from '../../../src/domain/refresh/forms.js';
import type { TicketDetails } from '../../../src/services/refresh/tickets/ticket-details.js';
import { ids } from '../../../src/slack/ids.js';
import { md, mrkdwn, plain, statusLabel } from '../../shared/text.js';

export const changeRequestBlock = 'change_request';
export const changeRequestAction = 'request';

/** From pending_ordering on, approvers ask for changes through the ITSM (seed 000, Approvers). */
export function changeRequestModal(details: TicketDetails, privateMetadata: string): ModalView {
  const { ticket } = details;
  return {
    type: 'modal',
    callback_id: ids.ticketChangeRequestForm,
    title: plain('Change request'),
    submit: plain('File request'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`*Refresh #${ticket.id}* · ${computerLabel(details.system)} · ${statusLabel(ticket.status)}\nThe ticket is past the point where it can be edited; your request is recorded on it and sent to the ITSM.`,
        ),
      },
      {
        type: 'input',
        block_id: changeRequestBlock,
        label: plain('What should change?'),
        element: {
          type: 'plain_text_input',
          action_id: changeRequestAction,
          multiline: true,
          min_length: 1,
          max_length: changeRequestLimit,
          placeholder: plain('e.g. Add a second 27" monitor; the customer moved to a dual-screen desk.'),
        },
      },
    ],
  };
}
