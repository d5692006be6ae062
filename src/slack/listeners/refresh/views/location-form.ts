import { addressFields, locationFieldAction } from '../../../../../blocks/refresh/modals/location-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import { fillLocation, LocationFormError } from '../../../../services/refresh/tickets/fill-location.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import { element, input, inputBlocksOf } from '../../../plumbing/modal-form.js';
import { readTicketForm, submitTicketForm } from './ticket-form.js';

const typed = (field: string) => input(field, locationFieldAction, element.textOrNone);
const LocationForm: Record<string, ReturnType<typeof typed>> = {
  building: typed('building'),
  room: typed('room'),
  ...Object.fromEntries(addressFields.map(([field]) => [field, typed(field)])),
};

/** The location form for `pending_location_info` tickets; bad fields are answered on the field. */
export function submitLocationForm(ctx: ServiceContext) {
  return submitTicketForm(ctx, {
    save: async (metadata, submission) => {
      const { building, room, ...address } = readTicketForm(LocationForm, submission);
      return await fillLocation(ctx, {
        actor: submission.userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
        building,
        room,
        shippingAddress: inputBlocksOf(submission.view).has('line1')
          ? Object.fromEntries(addressFields.map(([field]) => [field, address[field] ?? '']))
          : undefined,
      });
    },
    // Only the fields the form shows can carry an error.
    fieldErrors: (error, { view }) => {
      if (!(error instanceof LocationFormError)) return undefined;
      const shown = inputBlocksOf(view);
      return Object.fromEntries(Object.entries(error.fields).filter(([field]) => shown.has(field)));
    },
    outcome: (saved) => ({
      ticketId: saved.id,
      note: `Location saved for refresh #${saved.id}; ${describeTicketState(saved)}.`,
    }),
  });
}
