import type { KnownBlock } from '@slack/types';
import type { ApprovalSummary } from '../../../src/domain/refresh/notices.js';
import { ids } from '../../../src/slack/ids.js';
import { ticketValue } from '../../../src/slack/values/refresh.js';
import { escapeMrkdwn, mrkdwn, plain, truncate, userMention } from '../../shared/text.js';

const FIELD_LIMIT = 2000;
const SECTION_LIMIT = 3000;
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

function summaryBlocks(summary: ApprovalSummary): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      fields: summary.lines
        .slice(0, MAX_FIELDS)
        .map((line) =>
          mrkdwn(truncate(`*${escapeMrkdwn(line.label)}*\n${escapeMrkdwn(line.value)}`, FIELD_LIMIT)),
        ),
    },
  ];
  if (summary.reasons.length > 0) {
    blocks.push({
      type: 'context',
      elements: [
        mrkdwn(
          truncate(`Needs approval because ${summary.reasons.map(escapeMrkdwn).join('; ')}.`, SECTION_LIMIT),
        ),
      ],
    });
  }
  return blocks;
}

/** The approver's DM when a ticket needs them (SPEC §3: approval requested), with the buttons to act. */
export function renderApprovalRequest(summary: ApprovalSummary): { text: string; blocks: KnownBlock[] } {
  const who = escapeMrkdwn(summary.customer);
  return {
    text: `Refresh #${summary.ticketId} for ${summary.customer} needs your approval.`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          truncate(
            `*Refresh #${summary.ticketId} needs your approval*\n${who} finished the wizard for ${escapeMrkdwn(summary.computer)} · config _${escapeMrkdwn(summary.config)}_`,
            SECTION_LIMIT,
          ),
        ),
      },
      ...summaryBlocks(summary),
      decisionButtons(summary.ticketId, summary.status, 'approval_actions'),
    ],
  };
}

/** What the approver's DM becomes once they decided there: the same facts, no buttons. */
export function renderApprovalDecided(
  summary: ApprovalSummary,
  decision: { approved: boolean; by: string; reason?: string | null },
): { text: string; blocks: KnownBlock[] } {
  const verb = decision.approved ? 'approved' : 'denied';
  const headline = `${decision.approved ? ':white_check_mark:' : ':no_entry:'} *Refresh #${summary.ticketId} ${verb}* by ${userMention(decision.by)}`;
  const reason = decision.reason ? `\n>${escapeMrkdwn(decision.reason).replace(/\n/g, '\n>')}` : '';
  return {
    text: `Refresh #${summary.ticketId} ${verb}.`,
    blocks: [
      { type: 'section', text: mrkdwn(truncate(`${headline}${reason}`, SECTION_LIMIT)) },
      ...summaryBlocks(summary),
    ],
  };
}
