import type { ApprovedView, DeniedView, SubmittedView } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import {
  type MessageText,
  md,
  messageText,
  mrkdwn,
  plain,
  plainMessageText,
  quoted,
  type SlackMessage,
  userMention,
} from '../../shared/text.js';

type DecisionNoticeView = Pick<ApprovedView, 'approverId' | 'onBehalfOf'>;

const who = (vm: DecisionNoticeView) => (vm.approverId ? userMention(vm.approverId) : md`Your approver`);

const whose = (vm: DecisionNoticeView) =>
  vm.onBehalfOf ? md`${vm.onBehalfOf}’s computer` : md`your computer`;

/** The sentence that says the wizard answers arrived: plain text, for the DM and the e-mail alike. */
export const submittedSentence = (vm: SubmittedView) =>
  `Thanks! Otto has your choices for refresh #${vm.ticketId}.`;

/** The customer's DM: their wizard answers arrived and need no approval. */
export function renderSubmittedNotice(vm: SubmittedView): { text: MessageText } {
  return { text: plainMessageText(submittedSentence(vm)) };
}

/** The customer's DM: approved, and what happens next. */
export function renderApprovedNotice(vm: ApprovedView): SlackMessage {
  return {
    text: messageText(md`Your refresh #${vm.ticketId} was approved.`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`:white_check_mark: *Refresh #${vm.ticketId} approved*\n${who(vm)} approved the refresh of ${whose(vm)} ${vm.computer}. ${vm.next}`,
        ),
      },
    ],
  };
}

/** The customer's DM: denied, why, and the button that opens the wizard again. */
export function renderDeniedNotice(vm: DeniedView): SlackMessage {
  return {
    text: messageText(md`Your refresh #${vm.ticketId} needs another look: ${vm.reason}`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`*Refresh #${vm.ticketId} needs another look*\n${who(vm)} did not approve the choices for ${whose(vm)} ${vm.computer}:\n${quoted(vm.reason)}`,
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
      { type: 'context', elements: [mrkdwn(md`Walk the wizard again and change what the reason asks for.`)] },
    ],
  };
}
