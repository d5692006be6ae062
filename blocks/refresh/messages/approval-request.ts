import type { KnownBlock } from '@slack/types';
import type { ApprovalSummary } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import {
  joinMd,
  type Mrkdwn,
  md,
  messageText,
  mrkdwn,
  plain,
  quoted,
  type SlackMessage,
  userMention,
} from '../../shared/text.js';

const FIELD_LIMIT = 2000;
const MAX_FIELDS = 10;

/** Approve / Deny for one ticket; the value carries the status the approver saw. */
export function decisionButtons(ticketId: number, status: string, blockId: string): KnownBlock {
  const value = ticketValue.encode({ ticketId, status });
  return {
    type: 'actions',
    block_id: blockId,
    elements: [
      { type: 'button', action_id: ids.ticketApprove, text: plain('Approve'), style: 'primary', value },
      { type: 'button', action_id: ids.ticketDeny, text: plain('Deny'), style: 'danger', value },
    ],
  };
}

/** A different device was asked for: the approver records which one replaces the proposed model. */
function deviceBlocks(summary: ApprovalSummary): KnownBlock[] {
  if (!summary.lines.some((line) => line.label === 'Different device')) return [];
  const chosen = summary.lines.some((line) => line.label === 'Device to order');
  return [
    {
      type: 'actions',
      block_id: 'approval_device',
      elements: [
        {
          type: 'button',
          action_id: ids.ticketChooseDevice,
          text: plain(chosen ? 'Change the device' : 'Choose the device'),
          value: ticketValue.encode({ ticketId: summary.ticketId, status: summary.status }),
        },
      ],
    },
  ];
}

function summaryBlocks(summary: ApprovalSummary): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      fields: summary.lines
        .slice(0, MAX_FIELDS)
        .map((line) => mrkdwn(md`*${line.label}*\n${line.value}`, FIELD_LIMIT)),
    },
  ];
  if (summary.reasons.length > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`Needs approval because ${joinMd(summary.reasons, md`; `)}.`)],
    });
  }
  return blocks;
}

/** Who answered the wizard: the delegate of a VIP answers for them (SPEC §3). */
function walkedBy(summary: ApprovalSummary): Mrkdwn {
  return summary.delegate
    ? md`${summary.delegate} finished the wizard for ${summary.customer}’s computer ${summary.computer}, as their delegate`
    : md`${summary.customer} finished the wizard for ${summary.computer}`;
}

/** The approver's DM when a ticket needs them (SPEC §3: approval requested), with the buttons to act. */
export function renderApprovalRequest(summary: ApprovalSummary): SlackMessage {
  return {
    text: messageText(md`Refresh #${summary.ticketId} for ${summary.customer} needs your approval.`),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          md`*Refresh #${summary.ticketId} needs your approval*\n${walkedBy(summary)} · config _${summary.config}_`,
        ),
      },
      ...summaryBlocks(summary),
      decisionButtons(summary.ticketId, summary.status, 'approval_actions'),
      ...deviceBlocks(summary),
    ],
  };
}

/** What the approver's DM becomes once they decided there: the same facts, no buttons. */
export function renderApprovalDecided(
  summary: ApprovalSummary,
  decision: { approved: boolean; by: string; reason?: string | null },
): SlackMessage {
  const verb = decision.approved ? 'approved' : 'denied';
  const headline = md`${decision.approved ? md`:white_check_mark:` : md`:no_entry:`} *Refresh #${summary.ticketId} ${verb}* by ${userMention(decision.by)}`;
  const reason = decision.reason ? md`\n${quoted(decision.reason)}` : '';
  return {
    text: messageText(md`Refresh #${summary.ticketId} ${verb}.`),
    blocks: [
      { type: 'section', text: mrkdwn(md`${headline}${reason}`) },
      ...summaryBlocks(summary),
      // Once approved, the device can still be recorded until the ticket is ordered.
      ...(decision.approved ? deviceBlocks(summary) : []),
    ],
  };
}
