import { ticketNoticeModal } from '../../../../blocks/messages/ticket-card.js';
import { addressFields, locationFieldAction } from '../../../../blocks/modals/location-form.js';
import { staleFormView } from '../../../../blocks/modals/stale-form.js';
import type { ServiceContext } from '../../../services/context.js';
import { ServiceError } from '../../../services/errors.js';
import { fillLocation, LocationFormError } from '../../../services/tickets/fill-location.js';
import { describeTicketState } from '../../../services/tickets/ticket-state.js';
import { explainError } from '../../answers.js';
import { parseValue } from '../../ids.js';
import { answerTicketAction, TicketFormMetadata } from '../actions/ticket-surface.js';
import type { ViewArgs } from '../register.js';

/** The location form for `pending_location_info` tickets; bad fields are answered on the field. */
export async function submitLocationForm(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const metadata = parseValue(TicketFormMetadata, view.private_metadata);
  if (!metadata) {
    await ack({ response_action: 'update', view: staleFormView() });
    return;
  }
  const answering = { ctx, client, userId, log };
  const typed = (field: string) => view.state.values[field]?.[locationFieldAction]?.value ?? undefined;
  const present = new Set(view.blocks.flatMap((b) => (b.type === 'input' && b.block_id ? [b.block_id] : [])));
  const shippingAddress = present.has('line1')
    ? Object.fromEntries(addressFields.map(([field]) => [field, typed(field) ?? '']))
    : undefined;
  let saved: ReturnType<typeof fillLocation>;
  try {
    saved = fillLocation(ctx, {
      actor: userId,
      ticketId: metadata.ticketId,
      seenStatus: metadata.status,
      building: typed('building'),
      room: typed('room'),
      shippingAddress,
    });
  } catch (error) {
    if (error instanceof LocationFormError) {
      const errors = Object.fromEntries(Object.entries(error.fields).filter(([field]) => present.has(field)));
      if (Object.keys(errors).length > 0) {
        await ack({ response_action: 'errors', errors });
        return;
      }
    }
    const note = explainError(error, log);
    await ack({ response_action: 'update', view: ticketNoticeModal('Nothing was changed', note) });
    if (!(error instanceof ServiceError && error.kind === 'invalid')) {
      await answerTicketAction(answering, metadata.source, { ok: false, note, ticketId: metadata.ticketId });
    }
    return;
  }
  await ack();
  await answerTicketAction(answering, metadata.source, {
    ok: true,
    ticketId: saved.id,
    note: `Location saved for refresh #${saved.id}; ${describeTicketState(saved)}.`,
  });
}
