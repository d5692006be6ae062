import type { KnownBlock } from '@slack/types';
import type { ApprovedView, DeniedView, SubmittedView } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import { escapeMrkdwn, mrkdwn, plain, truncate, userMention } from '../../shared/text.js';

type DecisionNoticeView = Pick<ApprovedView, 'approverId' | 'onBehalfOf'>;

const who = (vm: DecisionNoticeView) => (vm.approverId ? userMention(vm.approverId) : 'Your approver');

const whose = (vm: DecisionNoticeView) =>
  vm.onBehalfOf ? `${escapeMrkdwn(vm.onBehalfOf)}’s computer` : 'your computer';

/** The customer's DM: their wizard answers arrived and need no approval. */
export function renderSubmittedNotice(vm: SubmittedView): { text: string } {
  return { text: `Thanks! Otto has your choices for refresh #${vm.ticketId}.` };
}

/** The customer's DM: approved, and what happens next. */
export function renderApprovedNotice(vm: ApprovedView): {
  text: string;
  blocks: KnownBlock[];
} {
  return {
    text: `Your refresh #${vm.ticketId} was approved.`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          truncate(
            `:white_check_mark: *Refresh #${vm.ticketId} approved*\n${who(vm)} approved the refresh of ${whose(vm)} ${escapeMrkdwn(vm.computer)}. ${escapeMrkdwn(vm.next)}`,
            3000,
          ),
        ),
      },
    ],
  };
}

/** The customer's DM: denied, why, and the button that opens the wizard again. */
export function renderDeniedNotice(vm: DeniedView): {
  text: string;
  blocks: KnownBlock[];
} {
  return {
    text: `Your refresh #${vm.ticketId} needs another look: ${vm.reason}`.slice(0, 3000),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          truncate(
            `*Refresh #${vm.ticketId} needs another look*\n${who(vm)} did not approve the choices for ${whose(vm)} ${escapeMrkdwn(vm.computer)}:\n>${escapeMrkdwn(vm.reason).replace(/\n/g, '\n>')}`,
            3000,
          ),
        ),
      },
      {
        type: 'actions',
        block_id: 'denied_actions',
        elements: [
          {
            type: 'button',
            action_id: ids.wizardStart,
            text: plain('Continue'),
            style: 'primary',
            value: ticketValue.encode({ ticketId: vm.ticketId, status: 'pending_customer' }),
          },
        ],
      },
      { type: 'context', elements: [mrkdwn('Walk the wizard again and change what the reason asks for.')] },
    ],
  };
}
