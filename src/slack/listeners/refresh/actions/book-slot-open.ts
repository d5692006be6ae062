import type { App } from '@slack/bolt';
import { bookSlotModal } from '../../../../../blocks/refresh/modals/book-slot.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getBookingChoices } from '../../../../services/refresh/booking/book-slot.js';
import { ids } from '../../../ids.js';
import { bookSlotMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onAction, onView } from '../../register.js';
import { submitBooking } from '../views/book-slot.js';
import { onTicketButton } from './ticket-surface.js';

/** "Pick a time": the customer (or delegate) gets the free times; anyone else, or a stale button, is told why not. */
export function openBookingFromButton(ctx: ServiceContext) {
  return onTicketButton(ctx, async ({ value, answering, triggerId }) => {
    const choices = await getBookingChoices(ctx, { actor: answering.userId, ticketId: value.ticketId });
    await answering.client.views.open({
      trigger_id: triggerId,
      view: bookSlotModal(choices, bookSlotMetadata.encode({ ticketId: value.ticketId })),
    });
    return undefined;
  });
}

export function registerBookSlot(app: App, ctx: ServiceContext, known: KnownIds): void {
  onAction(app, known, ids.bookSlotOpen, openBookingFromButton(ctx));
  onView(app, known, ids.bookSlot, submitBooking(ctx), { receiptInTransaction: true });
}
