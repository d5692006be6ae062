import type { KnownBlock } from '@slack/types';
import type { CompletedView, DeliveryBookedView, TrackingView } from '../../../src/domain/refresh/notices.js';
import { escapeMrkdwn, mrkdwn, truncate } from '../../shared/text.js';

type CustomerNoticeView = Pick<CompletedView, 'ticketId' | 'computer' | 'onBehalfOf'>;

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

const forWhom = (vm: CustomerNoticeView) => (vm.onBehalfOf ? ` for ${escapeMrkdwn(vm.onBehalfOf)}` : '');

/** The customer's DM: the replacement shipped, with its tracking number. */
export function renderTrackingNotice(vm: TrackingView): {
  text: string;
  blocks: KnownBlock[];
} {
  return {
    text: `Your new computer for refresh #${vm.ticketId} has shipped: tracking number ${vm.trackingNumber}.`,
    blocks: [
      section(
        `:package: *Refresh #${vm.ticketId}: your new computer has shipped*\n${escapeMrkdwn(vm.computer)}${forWhom(vm)} is on its way. Tracking number: *${escapeMrkdwn(vm.trackingNumber)}*\nOnce it arrives, NIT will get in touch to finish the setup.`,
      ),
    ],
  };
}

/** The customer's DM: the refresh is complete. */
export function renderCompletionNotice(vm: CompletedView): { text: string; blocks: KnownBlock[] } {
  return {
    text: `Your refresh #${vm.ticketId} is complete.`,
    blocks: [
      section(
        `:tada: *Refresh #${vm.ticketId} is complete*\n${escapeMrkdwn(vm.computer)}${forWhom(vm)} is delivered and set up. Thank you! If anything is not right, let your support team know.`,
      ),
    ],
  };
}

/** The support team's channel: an on-prem delivery's ITSM ticket was requested, with its day1. */
export function renderDeliveryBookedPost(vm: DeliveryBookedView): { text: string; blocks: KnownBlock[] } {
  const what = vm.rescheduled ? 'rescheduled' : 'booked';
  const text = `Refresh #${vm.ticketId} ${what} for ${vm.day1}: ${vm.rescheduled ? 'its ITSM tasks are re-dated' : 'an ITSM ticket with depot build and NIT delivery tasks is on its way'}.`;
  const lines = [
    `:calendar: *Refresh #${vm.ticketId} ${what}: day1 ${escapeMrkdwn(vm.day1)}*`,
    `Replacement: ${escapeMrkdwn(vm.computer)}`,
    vm.customer && `Customer: ${escapeMrkdwn(vm.customer)}`,
    vm.where && escapeMrkdwn(vm.where),
    vm.rescheduled
      ? 'The depot build and NIT delivery tasks are re-dated from the new day1.'
      : 'An ITSM ticket with the depot build and NIT delivery tasks, dated from day1, is being created.',
  ];
  return { text: truncate(text, 3000), blocks: [section(lines.filter(Boolean).join('\n'))] };
}
