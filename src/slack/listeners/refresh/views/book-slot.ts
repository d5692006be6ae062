import {
  bookingOutcomeModal,
  bookSlotBlock,
  bookSlotModal,
} from '../../../../../blocks/refresh/modals/book-slot.js';
import { forActor, md } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { type BookSlotResult, bookSlot } from '../../../../services/refresh/booking/book-slot.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { element, input, readForm, required } from '../../../plumbing/modal-form.js';
import { republishHomeSoon } from '../../../plumbing/publish-home.js';
import {
  fieldErrors,
  handleSubmission,
  replaceModal,
  type ViewAnswer,
} from '../../../plumbing/submission.js';
import { bookSlotMetadata } from '../../../values/refresh.js';

const BookSlotForm = {
  slotId: input(bookSlotBlock, ids.bookSlotChoice, required(element.choiceId, 'Pick one of the times.')),
};

/**
 * The booking modal's submission. The service runs before the answer because the answer is the
 * next view: the booking, the next free times when the slot was just taken, or why nothing was
 * booked. After a booking the Home shows the booked time and its Change time button.
 */
export function submitBooking(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, log, receipt }) => {
      const metadata = bookSlotMetadata.parse(view.private_metadata);
      if (!metadata) {
        return {
          answer: replaceModal(
            bookingOutcomeModal({
              heading: 'This form is out of date',
              body: md`Nothing was booked. Press “Pick a time” in Otto’s message again.`,
            }),
          ),
        };
      }
      const form = readForm(BookSlotForm, view.state.values, 'Pick one of the times.');
      if (!form.ok) return { answer: fieldErrors(form.errors) };
      const { ticketId } = metadata;
      // The answer is decided inside the booking's transaction, which keeps it for Slack's copies.
      const answerOf = (result: BookSlotResult): ViewAnswer => {
        if (!result.booked) {
          const choices = bookSlotModal(
            { ...result.choices, gone: result.gone, tooSoon: result.tooSoon },
            view.private_metadata,
          );
          return replaceModal(choices);
        }
        const where = result.unitLocation ? ` at ${result.unitLocation}` : '';
        const booked = bookingOutcomeModal({
          ticketId,
          heading: `${result.moved ? 'Moved to' : 'Booked'}: ${result.when}${where}`,
          body: md`Otto sent you a confirmation by DM and e-mail, with a calendar invitation.`,
        });
        return replaceModal(booked);
      };
      try {
        let kept: { answer: ViewAnswer } | undefined;
        const result = await bookSlot(
          ctx,
          { actor: userId, ticketId, slotId: form.values.slotId },
          receipt?.along((outcome: BookSlotResult) => {
            kept = { answer: answerOf(outcome) };
            return kept.answer;
          }),
        );
        return { answer: kept ? kept.answer : answerOf(result), later: result.booked || undefined };
      } catch (error) {
        if (error instanceof ServiceError && error.kind === 'invalid') {
          return { answer: fieldErrors({ [bookSlotBlock]: error.message }) };
        }
        const body = forActor(explainError(error, log));
        return {
          answer: replaceModal(bookingOutcomeModal({ ticketId, heading: 'Nothing was booked', body })),
        };
      }
    },
    lazy: async (_booked, { userId, client, log }) => republishHomeSoon(ctx, client, userId, log),
  });
}
