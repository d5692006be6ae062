import type { KnownBlock, ModalView } from '@slack/types';
import type { BookSlotModalView } from '../../../src/services/refresh/booking/book-slot.js';
import { ids } from '../../../src/slack/ids.js';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../../shared/text.js';
import { placeLine } from '../messages/booking.js';
import { slotOptionGroups } from './reschedule.js';

export const bookSlotBlock = 'book_slot_time';

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

/** The customer picks a delivery time from a select grouped by day (option_groups). */
export function bookSlotModal(vm: BookSlotModalView, privateMetadata: string): ModalView {
  const title = plain(truncate(`Refresh #${vm.ticketId}`, 24));
  const intro: KnownBlock[] = [];
  if (vm.gone) {
    intro.push(
      section(
        `:warning: *Sorry, ${escapeMrkdwn(vm.gone)} was just taken by someone else.* Please pick another time below.`,
      ),
    );
  }
  const place = placeLine(vm);
  intro.push(
    section(
      [
        vm.current
          ? `You are booked for *${escapeMrkdwn(vm.current)}*. Pick another time for the delivery of ${escapeMrkdwn(vm.computer)}; your current time is given up only once the new one is booked.`
          : `Pick a time for the delivery of ${escapeMrkdwn(vm.computer)}.`,
        place,
      ]
        .filter(Boolean)
        .join('\n'),
    ),
  );
  const offered = vm.days.reduce((sum, day) => sum + day.slots.length, 0);
  if (offered === 0) {
    return {
      type: 'modal',
      callback_id: ids.bookSlot,
      title,
      close: plain('Close'),
      private_metadata: privateMetadata,
      blocks: [
        ...intro,
        section(
          vm.current
            ? 'There are no other free times right now; your booking stands.'
            : 'There are no free times right now. Otto writes again as soon as new times open up.',
        ),
      ],
    };
  }
  const option_groups = slotOptionGroups(vm.days);
  return {
    type: 'modal',
    callback_id: ids.bookSlot,
    title,
    submit: plain('Book'),
    close: plain('Cancel'),
    private_metadata: privateMetadata,
    blocks: [
      ...intro,
      {
        type: 'input',
        block_id: bookSlotBlock,
        label: plain('Delivery time'),
        element: {
          type: 'static_select',
          action_id: ids.bookSlotChoice,
          placeholder: plain('Pick a time'),
          option_groups,
        },
        hint: plain(
          truncate(
            `Times are in ${vm.timeZone}.${vm.more ? ` These are the next ${offered} free times; later ones open as these fill.` : ''}`,
            150,
          ),
        ),
      },
    ],
  };
}

/** What replaces the booking modal after a submission: the booking, or why nothing was booked. */
export function bookingOutcomeModal(vm: { ticketId?: number; heading: string; body: string }): ModalView {
  return {
    type: 'modal',
    callback_id: ids.bookSlot,
    title: plain(vm.ticketId ? truncate(`Refresh #${vm.ticketId}`, 24) : 'Pick a time'),
    close: plain('Done'),
    blocks: [section(`*${escapeMrkdwn(vm.heading)}*\n${escapeMrkdwn(vm.body)}`)],
  };
}
