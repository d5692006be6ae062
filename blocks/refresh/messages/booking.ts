import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../../shared/text.js';

/** Where the appointment is: a unit-specified location is stressed in every message (seed 000). */
export interface AppointmentPlace {
  unitLocation?: string | undefined;
  location?: string | undefined;
}

interface BookingNoticeView extends AppointmentPlace {
  ticketId: number;
  computer: string;
  onBehalfOf?: string | undefined;
}

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

const forWhom = (vm: BookingNoticeView) => (vm.onBehalfOf ? ` for ${escapeMrkdwn(vm.onBehalfOf)}` : '');

/** The stressed line of a unit-specified-location ticket, or the plain "Where" of an on-prem one. */
export function placeLine(place: AppointmentPlace, when?: string): string | undefined {
  if (place.unitLocation) {
    const at = when ? ` at ${escapeMrkdwn(when)}` : ' at the time you pick';
    return `:round_pushpin: *This refresh takes place at ${escapeMrkdwn(place.unitLocation)}. Please be there${at}, with your current computer.*`;
  }
  return place.location ? `Where: ${escapeMrkdwn(place.location)}` : undefined;
}

/** The DM inviting the customer to pick a delivery time, with the button that opens the booking modal. */
export function renderSlotInvitation(
  vm: BookingNoticeView & { firstTimes: string[]; actionId: string; buttonValue: string },
): { text: string; blocks: KnownBlock[] } {
  const where = vm.unitLocation ? ` at ${vm.unitLocation}` : '';
  const lines = [
    `:calendar: *Refresh #${vm.ticketId}: pick a time for your new computer*`,
    `The replacement${forWhom(vm)} for ${escapeMrkdwn(vm.computer)} is ready to be scheduled.`,
    placeLine(vm),
    vm.firstTimes.length > 0 && `First free times: ${vm.firstTimes.map(escapeMrkdwn).join('; ')}`,
  ].filter(Boolean);
  return {
    text: `Refresh #${vm.ticketId}: pick a time for your new computer${where}.`,
    blocks: [
      section(lines.join('\n')),
      {
        type: 'actions',
        block_id: 'book_slot_invitation',
        elements: [
          {
            type: 'button',
            action_id: vm.actionId,
            text: plain('Pick a time'),
            style: 'primary',
            value: vm.buttonValue,
          },
        ],
      },
    ],
  };
}

/** The DM after booking (`booked`), after a change of time (`moved`) and the day-before reminder. */
export function renderAppointmentNotice(
  vm: BookingNoticeView & {
    when: string;
    kind: 'booked' | 'moved' | 'reminder';
    /** The time a moved appointment replaces. */
    previousWhen?: string | undefined;
    /** "Change time": opens the booking modal for another time. */
    changeTime: { actionId: string; value: string };
  },
): { text: string; blocks: KnownBlock[] } {
  const where = vm.unitLocation ? ` at ${vm.unitLocation}` : '';
  const heading = {
    booked: `:white_check_mark: *Refresh #${vm.ticketId} is booked for ${escapeMrkdwn(vm.when)}*`,
    moved: `:arrows_counterclockwise: *Refresh #${vm.ticketId} is now ${escapeMrkdwn(vm.when)}*`,
    reminder: `:alarm_clock: *Reminder: refresh #${vm.ticketId} is ${escapeMrkdwn(vm.when)}*`,
  }[vm.kind];
  const lines = [
    heading,
    vm.kind === 'moved' && vm.previousWhen && `It replaces ${escapeMrkdwn(vm.previousWhen)}.`,
    `${escapeMrkdwn(vm.computer)}${forWhom(vm)} will be delivered and set up then.`,
    placeLine(vm, vm.when),
    vm.kind === 'reminder'
      ? 'If this time no longer works, pick another one below.'
      : 'The e-mail Otto sent has a calendar invitation. If this time stops working, pick another one below.',
  ].filter(Boolean);
  const text = {
    booked: `Refresh #${vm.ticketId} is booked for ${vm.when}${where}.`,
    moved: `Refresh #${vm.ticketId} is now ${vm.when}${where}.`,
    reminder: `Reminder: refresh #${vm.ticketId} is ${vm.when}${where}.`,
  }[vm.kind];
  return {
    text,
    blocks: [
      section(lines.join('\n')),
      {
        type: 'actions',
        block_id: 'appointment_change',
        elements: [
          {
            type: 'button',
            action_id: vm.changeTime.actionId,
            text: plain('Change time'),
            value: vm.changeTime.value,
          },
        ],
      },
    ],
  };
}
