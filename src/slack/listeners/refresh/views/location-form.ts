import { addressFields, locationFieldAction } from '../../../../../blocks/refresh/modals/location-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import { fillLocation, LocationFormError } from '../../../../services/refresh/tickets/fill-location.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import type { ViewArgs } from '../../register.js';
import { submitTicketForm } from './ticket-form.js';

/** The location form for `pending_location_info` tickets; bad fields are answered on the field. */
export function submitLocationForm(ctx: ServiceContext, args: ViewArgs) {
  const { view } = args;
  const typed = (field: string) => view.state.values[field]?.[locationFieldAction]?.value ?? undefined;
  const present = new Set(view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
  return submitTicketForm(ctx, args, {
    save: (metadata, { userId }) =>
      fillLocation(ctx, {
        actor: userId,
        ticketId: metadata.ticketId,
        seenStatus: metadata.status,
        building: typed('building'),
        room: typed('room'),
        shippingAddress: present.has('line1')
          ? Object.fromEntries(addressFields.map(([field]) => [field, typed(field) ?? '']))
          : undefined,
      }),
    fieldErrors: (error) =>
      error instanceof LocationFormError
        ? Object.fromEntries(Object.entries(error.fields).filter(([field]) => present.has(field)))
        : undefined,
    outcome: (saved) => ({
      ticketId: saved.id,
      note: `Location saved for refresh #${saved.id}; ${describeTicketState(saved)}.`,
    }),
  });
}
