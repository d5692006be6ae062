import type { KnownBlock } from '@slack/types';
import type {
  AppointmentPlace,
  AppointmentView,
  AppointmentWithdrawalReason,
  AppointmentWithdrawnView,
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

/**
 * Why a booked appointment is off, as the end of "The appointment on … is off: …" (plain text).
 * `onHold`: the ticket is on hold now (told before the time, not when it resumes).
 */
export function withdrawalReason(
  reason: AppointmentWithdrawalReason,
  ticketId: number,
  onHold = false,
): string {
  const held = `refresh #${ticketId} is on hold`;
  return {
    slot_deleted: `the support team removed that time from its calendar${onHold ? `, and ${held}` : ''}`,
    reschedule_requested: 'the support team asked for another time',
    on_hold: onHold ? held : `refresh #${ticketId} was on hold at that time`,
    canceled: `refresh #${ticketId} was canceled`,
  }[reason];
}

/** What happens next when the customer is not asked to pick another time now (plain text). */
export function withdrawalNext(reason: AppointmentWithdrawalReason, onHold = false): string {
  if (reason === 'canceled') return 'Nothing will be delivered then, and there is nothing you need to do.';
  return onHold
    ? 'Nothing will be delivered then. Otto will ask you to pick a new time when the refresh resumes.'
    : 'Nothing will be delivered then. Otto will tell you the new time once the support team sets it.';
}

/** The DM inviting the customer to pick a delivery time, with the button that opens the booking modal. */
export function renderSlotInvitation(vm: SlotInvitationView): SlackMessage {
  const off = vm.withdrawn;
  return {
    text: messageText(
      off
        ? md`Refresh #${vm.ticketId}: the appointment on ${off.when} is off; pick another time${at(vm)}.`
        : md`Refresh #${vm.ticketId}: pick a time for your new computer${at(vm)}.`,
    ),
    blocks: [
      section([
        off
          ? md`:calendar: *Refresh #${vm.ticketId}: pick another time for your new computer*`
          : md`:calendar: *Refresh #${vm.ticketId}: pick a time for your new computer*`,
        off
          ? md`The appointment on ${off.when} is off: ${withdrawalReason(off.reason, vm.ticketId)}.${off.event ? md` The e-mail Otto sent removes it from your calendar.` : ''}`
          : // The computer the customer has now: the replacement's serial means nothing to them yet.
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

/** The DM saying a booked appointment is off (the ticket was canceled, or is on hold), and why. */
export function renderAppointmentWithdrawn(vm: AppointmentWithdrawnView): SlackMessage {
  return {
    text: messageText(md`Refresh #${vm.ticketId}: the appointment on ${vm.when} is off.`),
    blocks: [
      section([
        md`:no_entry_sign: *Refresh #${vm.ticketId}: the appointment on ${vm.when} is off*`,
        md`The delivery of ${vm.computer}${forWhom(vm)} on ${vm.when} is off: ${withdrawalReason(vm.reason, vm.ticketId, vm.onHold)}.`,
        md`${withdrawalNext(vm.reason, vm.onHold)}${vm.event ? md` The e-mail Otto sent removes the appointment from your calendar.` : ''}`,
      ]),
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
