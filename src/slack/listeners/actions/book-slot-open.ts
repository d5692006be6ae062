import type { App } from '@slack/bolt';
import { bookSlotModal } from '../../../../blocks/modals/book-slot.js';
import type { ServiceContext } from '../../../services/context.js';
import { getBookingChoices } from '../../../services/scheduling/book-slot.js';
import { encodeValue, ids } from '../../ids.js';
import type { KnownIds } from '../index.js';
import { type ActionArgs, onAction, onView } from '../register.js';
import { submitBooking } from '../views/book-slot.js';
import { answerTicketAction, buttonValue, refusal, sourceOf, staleButtonNote } from './ticket-surface.js';

/** A booking modal's private_metadata. */
export interface BookSlotMetadata {
  ticketId: number;
}

/** "Pick a time": the customer (or delegate) gets the free times; anyone else, or a stale button, is told why not. */
export async function openBookingFromButton(ctx: ServiceContext, { ack, body, client, logger }: ActionArgs) {
  await ack();
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const source = sourceOf(body);
  const value = buttonValue(body);
  if (!value) {
    await answerTicketAction({ ctx, client, userId, log }, source, { ok: false, note: staleButtonNote });
    return;
  }
  try {
    const choices = getBookingChoices(ctx, { actor: userId, ticketId: value.ticketId });
    const metadata: BookSlotMetadata = { ticketId: value.ticketId };
    await client.views.open({
      trigger_id: body.trigger_id,
      view: bookSlotModal(choices, encodeValue(metadata)),
    });
  } catch (error) {
    await answerTicketAction({ ctx, client, userId, log }, source, refusal(error, log, value.ticketId));
  }
}

export function registerBookSlot(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.bookSlotOpen, (args) => openBookingFromButton(ctx, args));
  onView(app, known, ids.bookSlot, (args) => submitBooking(ctx, args));
}
