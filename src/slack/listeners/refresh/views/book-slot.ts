import { z } from 'zod';
import {
  bookingOutcomeModal,
  bookSlotBlock,
  bookSlotModal,
} from '../../../../../blocks/refresh/modals/book-slot.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { bookSlot } from '../../../../services/refresh/booking/book-slot.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { publishHome } from '../../../plumbing/publish-home.js';
import { bookSlotMetadata } from '../../../values/refresh.js';
import type { ViewArgs } from '../../register.js';

const SlotId = z.coerce.number().int().positive();

/**
 * The booking modal's submission. The service runs before the ack because the answer is the next
 * view: the booking, the next free times when the slot was just taken, or why nothing was booked.
 */
export async function submitBooking(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const log = logger.error.bind(logger);
  const metadata = bookSlotMetadata.parse(view.private_metadata);
  const picked = SlotId.safeParse(
    view.state.values[bookSlotBlock]?.[ids.bookSlotChoice]?.selected_option?.value,
  );
  if (!metadata) {
    await ack({
      response_action: 'update',
      view: bookingOutcomeModal({
        heading: 'This form is out of date',
        body: 'Nothing was booked. Press “Pick a time” in Otto’s message again.',
      }),
    });
    return;
  }
  if (!picked.success) {
    await ack({ response_action: 'errors', errors: { [bookSlotBlock]: 'Pick one of the times.' } });
    return;
  }
  try {
    const result = bookSlot(ctx, { actor: body.user.id, ticketId: metadata.ticketId, slotId: picked.data });
    if (!result.booked) {
      await ack({
        response_action: 'update',
        view: bookSlotModal({ ...result.choices, gone: result.gone }, view.private_metadata),
      });
      return;
    }
    const where = result.unitLocation ? ` at ${result.unitLocation}` : '';
    await ack({
      response_action: 'update',
      view: bookingOutcomeModal({
        ticketId: metadata.ticketId,
        heading: `${result.moved ? 'Moved to' : 'Booked'}: ${result.when}${where}`,
        body: 'Otto sent you a confirmation by DM and e-mail, with a calendar invitation.',
      }),
    });
    // The Home shows the booked time and its Change time button from now on.
    await publishHome(ctx, client, body.user.id, log);
  } catch (error) {
    if (error instanceof ServiceError && error.kind === 'invalid') {
      await ack({ response_action: 'errors', errors: { [bookSlotBlock]: error.message } });
      return;
    }
    await ack({
      response_action: 'update',
      view: bookingOutcomeModal({
        ticketId: metadata.ticketId,
        heading: 'Nothing was booked',
        body: explainError(error, log),
      }),
    });
  }
}
