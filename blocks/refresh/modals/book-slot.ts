import type { KnownBlock, ModalView } from '@slack/types';
import type { BookSlotModalView } from '../../../src/services/refresh/booking/book-slot.js';
import { ids } from '../../../src/slack/ids.js';
import { type Mrkdwn, md, mdLines, mrkdwn, plain } from '../../shared/text.js';
import { placeLine } from '../messages/booking.js';
import { slotOptionGroups } from './reschedule.js';

export const bookSlotBlock = 'book_slot_time';

const section = (text: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

/** The customer picks a delivery time from a select grouped by day (option_groups). */
export function bookSlotModal(vm: BookSlotModalView, privateMetadata: string): ModalView {
  const title = plain(`Refresh #${vm.ticketId}`, 24);
  const intro: KnownBlock[] = [];
  if (vm.gone) {
    intro.push(
      section(
        md`:warning: *Sorry, ${vm.gone} was just taken by someone else.* Please pick another time below.`,
      ),
    );
  }
  if (vm.tooSoon) {
    intro.push(
      section(
        md`:warning: *${vm.tooSoon} is too soon now:* times are offered from ${vm.firstDay} on. Please pick another time below.`,
      ),
    );
  }
  // The computer named is the one the customer has now: the replacement's serial means nothing to them.
  const replaces = vm.onBehalfOf
    ? md`It replaces ${vm.onBehalfOf}’s computer ${vm.computer}.`
    : md`It replaces your computer ${vm.computer}.`;
  const whose = vm.onBehalfOf ? md`${vm.onBehalfOf}’s` : md`your`;
  intro.push(
    section(
      mdLines([
        vm.current
          ? md`You are booked for *${vm.current}*. Pick another time for the delivery of ${whose} new computer; your current time is given up only once the new one is booked.`
          : md`Pick a time for the delivery of ${whose} new computer.`,
        replaces,
        placeLine(vm),
      ]),
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
            ? md`There are no other free times right now; your booking stands.`
            : md`There are no free times right now. Otto writes again as soon as new times open up.`,
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
          `Times are in ${vm.timeZone}, from ${vm.firstDay} on.${vm.more ? ` These are the next ${offered} free times; later ones open as these fill.` : ''}`,
          150,
        ),
      },
    ],
  };
}

/** What replaces the booking modal after a submission: the booking, or why nothing was booked. */
export function bookingOutcomeModal(vm: { ticketId?: number; heading: string; body: Mrkdwn }): ModalView {
  return {
    type: 'modal',
    callback_id: ids.bookSlot,
    title: plain(vm.ticketId ? `Refresh #${vm.ticketId}` : 'Pick a time', 24),
    close: plain('Done'),
    blocks: [section(md`*${vm.heading}*\n${vm.body}`)],
  };
}
