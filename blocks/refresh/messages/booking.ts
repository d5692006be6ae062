import type { KnownBlock } from '@slack/types';
import type {
  AppointmentPlace,
  AppointmentView,
  SlotInvitationView,
} from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { type TicketButtonValue, ticketValue } from '../../../src/slack/values/refresh.js';
import { escapeMrkdwn, mrkdwn, plain, truncate } from '../../shared/text.js';

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

const forWhom = (vm: Pick<SlotInvitationView, 'onBehalfOf'>) =>
  vm.onBehalfOf ? ` for ${escapeMrkdwn(vm.onBehalfOf)}` : '';

/** "Pick a time" and "Change time" open the booking modal; the value carries the status the button was made for. */
const bookingButtonValue = (ticketId: number, status: TicketButtonValue['status']) =>
  ticketValue.encode({ ticketId, status });

/** The stressed line of a unit-specified-location ticket, or the plain "Where" of an on-prem one. */
export function placeLine(place: AppointmentPlace, when?: string): string | undefined {
  if (place.unitLocation) {
    const at = when ? ` at ${escapeMrkdwn(when)}` : ' at the time you pick';
    return `:round_pushpin: *This refresh takes place at ${escapeMrkdwn(place.unitLocation)}. Please be there${at}, with your current computer.*`;
  }
  return place.location ? `Where: ${escapeMrkdwn(place.location)}` : undefined;
}

/** The DM inviting the customer to pick a delivery time, with the button that opens the booking modal. */
export function renderSlotInvitation(vm: SlotInvitationView): { text: string; blocks: KnownBlock[] } {
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
export function renderAppointmentNotice(vm: AppointmentView & { kind: 'booked' | 'moved' | 'reminder' }): {
  text: string;
  blocks: KnownBlock[];
} {
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
            action_id: ids.bookSlotOpen,
            text: plain('Change time'),
            value: bookingButtonValue(vm.ticketId, 'delivery_scheduled'),
          },
        ],
      },
    ],
  };
}
