import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { computerLabel } from '../../../src/domain/naming.js';
import { locationLimits } from '../../../src/domain/refresh/forms.js';
import { addressLimits } from '../../../src/domain/refresh/wizard/address.js';
import type { TicketDetails } from '../../../src/services/refresh/tickets/ticket-details.js';
import { ids } from '../../../src/slack/ids.js';
import { fitInput, md, mrkdwn, plain } from '../../shared/text.js';

/** Every input's action_id; its block_id is the field name. */
export const locationFieldAction = 'value';

export const addressFields = [
  ['recipient', 'Recipient'],
  ['line1', 'Street address'],
  ['line2', 'Apartment, suite (optional)'],
  ['city', 'City'],
  ['region', 'State or region'],
  ['postalCode', 'ZIP or postal code'],
  ['country', 'Country'],
] as const;

function textInput(
  field: string,
  label: string,
  max: number,
  initial?: string | null,
  optional = false,
): InputBlock {
  return {
    type: 'input',
    block_id: field,
    label: plain(label),
    optional,
    element: {
      type: 'plain_text_input',
      action_id: locationFieldAction,
      max_length: max,
      ...(initial ? { initial_value: fitInput(initial, max) } : {}),
    },
  };
}

/**
 * The location form staff fill for `pending_location_info` tickets, by style: building and
 * room on campus, a shipping address for remote tickets, a confirmation for unit locations.
 */
export function locationFormModal(
  details: TicketDetails,
  existing: { building: string | null; room: string | null },
  privateMetadata: string,
): ModalView {
  const { ticket } = details;
  const customer = details.user?.name ?? details.user?.email ?? 'the customer';
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      text: mrkdwn(
        md`*Refresh #${ticket.id}* · ${computerLabel(details.system)} · ${customer}\n${customer} did not finish the wizard in time. Saving the location sends the ticket on to ordering.`,
      ),
    },
  ];
  if (ticket.style === 'remote_customer') {
    const a = ticket.shippingAddress;
    const initial: Record<string, string | undefined> = {
      recipient: a?.recipient ?? customer,
      line1: a?.line1,
      line2: a?.line2,
      city: a?.city,
      region: a?.region,
      postalCode: a?.postalCode,
      country: a?.country ?? 'US',
    };
    for (const [field, label] of addressFields) {
      blocks.push(textInput(field, label, addressLimits[field], initial[field], field === 'line2'));
    }
  } else if (ticket.style === 'unit_specified_location') {
    blocks.push({
      type: 'section',
      text: mrkdwn(
        md`The customer comes to *${details.config.unitSpecifiedLocation ?? 'the unit’s location'}* at their slot time; nothing else is needed.`,
      ),
    });
  } else {
    blocks.push(
      textInput('building', 'Building', locationLimits.building, ticket.building ?? existing.building),
      textInput('room', 'Room', locationLimits.room, ticket.room ?? existing.room),
    );
  }
  return {
    type: 'modal',
    callback_id: ids.ticketLocationForm,
    title: plain('Location'),
    submit: plain(ticket.style === 'unit_specified_location' ? 'Confirm' : 'Save location'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks,
  };
}
