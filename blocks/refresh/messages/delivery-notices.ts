import type { KnownBlock } from '@slack/types';
import type {
  CompletedView,
  DeliveryBookedView,
  DeliveryBookingEndedView,
  TrackingView,
} from '../../../src/domain/refresh/notices.js';
import { type Mrkdwn, md, mdLines, messageText, mrkdwn, type SlackMessage } from '../../shared/text.js';
import { withdrawalReason } from './booking.js';

type CustomerNoticeView = Pick<CompletedView, 'ticketId' | 'computer' | 'onBehalfOf'>;

const section = (text: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

const forWhom = (vm: CustomerNoticeView) => (vm.onBehalfOf ? md` for ${vm.onBehalfOf}` : '');

/** The customer's DM: the replacement shipped, with its tracking number. */
export function renderTrackingNotice(vm: TrackingView): SlackMessage {
  return {
    text: messageText(
      md`Your new computer for refresh #${vm.ticketId} has shipped: tracking number ${vm.trackingNumber}.`,
    ),
    blocks: [
      section(
        md`:package: *Refresh #${vm.ticketId}: your new computer has shipped*\n${vm.computer}${forWhom(vm)} is on its way. Tracking number: *${vm.trackingNumber}*\nOnce it arrives, NIT will get in touch to finish the setup.`,
      ),
    ],
  };
}

/** The customer's DM: the refresh is complete. */
export function renderCompletionNotice(vm: CompletedView): SlackMessage {
  return {
    text: messageText(md`Your refresh #${vm.ticketId} is complete.`),
    blocks: [
      section(
        md`:tada: *Refresh #${vm.ticketId} is complete*\n${vm.computer}${forWhom(vm)} is delivered and set up. Thank you! If anything is not right, let your support team know.`,
      ),
    ],
  };
}

/** The support team's channel: an on-prem delivery's ITSM ticket was requested, with its day1. */
export function renderDeliveryBookedPost(vm: DeliveryBookedView): SlackMessage {
  const what = vm.rescheduled ? 'rescheduled' : 'booked';
  const text = md`Refresh #${vm.ticketId} ${what} for ${vm.day1}: ${vm.rescheduled ? 'its ITSM tasks are re-dated' : 'an ITSM ticket with depot build and NIT delivery tasks is on its way'}.`;
  const lines = mdLines([
    md`:calendar: *Refresh #${vm.ticketId} ${what}: day1 ${vm.day1}*`,
    md`Replacement: ${vm.computer}`,
    vm.customer && md`Customer: ${vm.customer}`,
    vm.where,
    vm.rescheduled
      ? 'The depot build and NIT delivery tasks are re-dated from the new day1.'
      : 'An ITSM ticket with the depot build and NIT delivery tasks, dated from day1, is being created.',
  ]);
  return { text: messageText(text), blocks: [section(lines)] };
}

/**
 * The same post once its booking is over, so the channel never shows a time that no longer
 * stands: the day1 struck through, and whether it moved (a newer post has the new time) or is off.
 */
export function renderDeliveryBookingEndedPost(vm: DeliveryBookingEndedView): SlackMessage {
  const what = vm.rescheduled ? 'rescheduled' : 'booked';
  const { ended } = vm;
  const outcome =
    ended.kind === 'moved'
      ? md`*Moved to ${ended.to}*: the newer post has it.`
      : md`*Off*: ${withdrawalReason(ended.reason, vm.ticketId, ended.onHold)}.`;
  const text =
    ended.kind === 'moved'
      ? md`Refresh #${vm.ticketId}: the delivery of ${vm.day1} moved to ${ended.to}.`
      : md`Refresh #${vm.ticketId}: the delivery of ${vm.day1} is off.`;
  const lines = mdLines([
    md`:calendar: ~Refresh #${vm.ticketId} ${what}: day1 ${vm.day1}~`,
    outcome,
    md`Replacement: ${vm.computer}`,
    vm.customer && md`Customer: ${vm.customer}`,
    vm.where,
  ]);
  return { text: messageText(text), blocks: [section(lines)] };
}
