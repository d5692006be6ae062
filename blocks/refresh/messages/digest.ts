import type { KnownBlock } from '@slack/types';
import type { RefreshStatus } from '../../../src/domain/refresh/enums.js';
import type { ApproverDigestView, DigestTicketView } from '../../../src/domain/refresh/notices.js';
import type { DigestDecision } from '../../../src/services/refresh/digest/digest-messages.js';
import {
  md,
  mdLines,
  mrkdwn,
  plain,
  plainMessageText,
  type SlackMessage,
  statusLabel,
  truncateMd,
  userMention,
} from '../../shared/text.js';
import { decisionButtons } from './approval-request.js';

/** The block id of a digest row's buttons: `decide_<ticket id>`. */
export const digestRowBlockPrefix = 'decide_';

const HEADER_LIMIT = 150;
const LINE_LIMIT = 250;
// Two blocks each (the line and its buttons): ten keep the message well under 50 blocks.
const MAX_DECISIONS = 10;

/** What the DM shows: the e-mail's greeting and link are not part of it. */
type DigestMessageView = Omit<ApproverDigestView, 'approverName' | 'openApp'>;

export function statusHeading(status: RefreshStatus): string {
  const label = statusLabel(status);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** "12 complete, 1 canceled", or undefined when nothing is closed. */
export function closedSummary(closed: DigestMessageView['closed']): string | undefined {
  const parts = [
    closed.complete > 0 ? `${closed.complete} complete` : '',
    closed.canceled > 0 ? `${closed.canceled} canceled` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

const ticketLine = (ticket: DigestTicketView) =>
  truncateMd(md`#${ticket.id} ${ticket.computer} — ${ticket.customer} · _${ticket.config}_`, LINE_LIMIT);

const moreLine = (more: number) => `…and ${more} more`;

/** What a decided row says in place of its buttons. */
function decisionLine(decision: DigestDecision) {
  const by = decision.by ? userMention(decision.by) : undefined;
  if (decision.outcome === 'approved' && by) return md`:white_check_mark: Approved by ${by}`;
  if (decision.outcome === 'denied' && by)
    return md`:no_entry: Denied by ${by}; it is back with the customer`;
  return md`Now ${statusLabel(decision.status)}; nothing awaits you here`;
}

/**
 * An approver's Friday digest DM (SPEC §2.2): tickets awaiting them first, each with Approve and
 * Deny, then one section per other open status: at most 36 blocks, under Slack's 50, and every
 * section under 3,000 characters. A row decided since (here or anywhere) shows its outcome in
 * place of its buttons; the other rows keep theirs.
 */
export function renderApproverDigest(
  view: DigestMessageView,
  decisions: Readonly<Record<number, DigestDecision>> = {},
): SlackMessage {
  const blocks: KnownBlock[] = [
    { type: 'header', text: plain(`Your refresh tickets, ${view.weekOf}`, HEADER_LIMIT) },
    {
      type: 'section',
      text: mrkdwn(
        view.awaiting > 0
          ? md`*${view.awaiting} ${view.awaiting === 1 ? 'ticket awaits' : 'tickets await'} your approval.* Approve or deny below or from Otto’s Home tab. ${view.open} open in all.`
          : md`Nothing awaits your approval. Here is where the ${view.open} open ${view.open === 1 ? 'ticket' : 'tickets'} of your configs stand.`,
      ),
    },
  ];
  for (const group of view.groups) {
    const heading = md`*${statusHeading(group.status)}* (${group.count})`;
    if (group.status === 'requires_approval') {
      blocks.push({ type: 'divider' });
      blocks.push({ type: 'section', text: mrkdwn(heading) });
      const decide = group.tickets.slice(0, MAX_DECISIONS);
      for (const ticket of decide) {
        blocks.push({ type: 'section', text: mrkdwn(ticketLine(ticket)) });
        const decision = decisions[ticket.id];
        blocks.push(
          decision
            ? { type: 'context', elements: [mrkdwn(decisionLine(decision))] }
            : decisionButtons(ticket.id, group.status, `${digestRowBlockPrefix}${ticket.id}`),
        );
      }
      const more = group.more + group.tickets.length - decide.length;
      // The approver's Home tab lists every ticket awaiting them.
      if (more > 0)
        blocks.push({ type: 'context', elements: [mrkdwn(md`${moreLine(more)} on Otto’s Home tab`)] });
      blocks.push({ type: 'divider' });
      continue;
    }
    const lines = [heading, ...group.tickets.map((ticket) => md`• ${ticketLine(ticket)}`)];
    if (group.more > 0) lines.push(md`${moreLine(group.more)}`);
    blocks.push({ type: 'section', text: mrkdwn(mdLines(lines)) });
  }
  const closed = closedSummary(view.closed);
  if (closed) blocks.push({ type: 'context', elements: [mrkdwn(md`Closed: ${closed}.`)] });
  return { text: plainMessageText(approverDigestText(view)), blocks };
}

/** The digest in one line, plain text: the DM's notification text and the e-mail's preview. */
export function approverDigestText(view: Pick<DigestMessageView, 'awaiting' | 'open'>): string {
  return view.awaiting > 0
    ? `Your refresh tickets this week: ${view.awaiting} awaiting your approval, ${view.open} open in all.`
    : `Your refresh tickets this week: ${view.open} open, none awaiting your approval.`;
}
