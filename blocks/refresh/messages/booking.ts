import type { KnownBlock } from '@slack/types';
import type {
  AppointmentPlace,
  AppointmentView,
  SlotInvitationView,
} from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { type TicketButtonValue, ticketValue } from '../../../src/slack/values/refresh.js';
import {
  joinMd,
  type Mrkdwn,
  md,
  mdLines,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
} from '../../shared/text.js';
import { whoseComputer } from './invitation.js';

const section = (lines: ReadonlyArray<Mrkdwn | false | undefined>): KnownBlock => ({
  type: 'section',
  text: mrkdwn(mdLines(lines)),
});

const forWhom = (vm: Pick<SlotInvitationView, 'onBehalfOf'>) =>
  vm.onBehalfOf ? md` for ${vm.onBehalfOf}` : '';

const at = (place: AppointmentPlace) => (place.unitLocation ? md` at ${place.unitLocation}` : '');

/** "Pick a time" and "Change time" open the booking modal; the value carries the status the button was made for. */
const bookingButtonValue = (ticketId: number, status: TicketButtonValue['status']) =>
  ticketValue.encode({ ticketId, status });

/** The stressed line of a unit-specified-location ticket, or the plain "Where" of an on-prem one. */
export function placeLine(place: AppointmentPlace, when?: string): Mrkdwn | undefined {
  if (place.unitLocation) {
    const time = when ? md` at ${when}` : md` at the time you pick`;
    return md`:round_pushpin: *This refresh takes place at ${place.unitLocation}. Please be there${time}, with your current computer.*`;
  }
  return place.location ? md`Where: ${place.location}` : undefined;
}

/** The DM inviting the customer to pick a delivery time, with the button that opens the booking modal. */
export function renderSlotInvitation(vm: SlotInvitationView): SlackMessage {
  return {
    text: messageText(md`Refresh #${vm.ticketId}: pick a time for your new computer${at(vm)}.`),
    blocks: [
      section([
        md`:calendar: *Refresh #${vm.ticketId}: pick a time for your new computer*`,
        // The computer the customer has now: the replacement's serial means nothing to them yet.
        md`The replacement for ${whoseComputer(vm, false)} is ready to be scheduled.`,
        placeLine(vm),
        vm.firstTimes.length > 0 && md`First free times: ${joinMd(vm.firstTimes, md`; `)}`,
      ]),
      {
        type: 'actions',
        block_id: 'book_slot_invitation',
        elements: [
          {
            type: 'button',
            action_id: ids.bookSlotOpen,
            text: plain('Pick a time'),
            style: 'primary',
            value: bookingButtonValue(vm.ticketId, 'pending_customer_scheduling'),
          },
        ],
      },
    ],
  };
}

/** The DM after booking (`booked`), after a change of time (`moved`) and the day-before reminder. */
export function renderAppointmentNotice(
  vm: AppointmentView & { kind: 'booked' | 'moved' | 'reminder' },
): SlackMessage {
  const heading = {
    booked: md`:white_check_mark: *Refresh #${vm.ticketId} is booked for ${vm.when}*`,
    moved: md`:arrows_counterclockwise: *Refresh #${vm.ticketId} is now ${vm.when}*`,
    reminder: md`:alarm_clock: *Reminder: refresh #${vm.ticketId} is ${vm.when}*`,
  }[vm.kind];
  const text = {
    booked: md`Refresh #${vm.ticketId} is booked for ${vm.when}${at(vm)}.`,
    moved: md`Refresh #${vm.ticketId} is now ${vm.when}${at(vm)}.`,
    reminder: md`Reminder: refresh #${vm.ticketId} is ${vm.when}${at(vm)}.`,
  }[vm.kind];
  return {
    text: messageText(text),
    blocks: [
      section([
        heading,
        vm.kind === 'moved' && vm.previousWhen ? md`It replaces ${vm.previousWhen}.` : undefined,
        md`${vm.computer}${forWhom(vm)} will be delivered and set up then.`,
        placeLine(vm, vm.when),
        vm.kind === 'reminder'
          ? md`If this time no longer works, pick another one below.`
          : md`The e-mail Otto sent has a calendar invitation. If this time stops working, pick another one below.`,
      ]),
      {
        type: 'actions',
        block_id: 'appointment_change',
        elements: [
          {
            type: 'button',
            action_id: ids.bookSlotOpen,
            text: plain('Change time'),
            value: bookingButtonValue(vm.ticketId, 'delivery_scheduled'),
          },
        ],
      },
    ],
  };
}
