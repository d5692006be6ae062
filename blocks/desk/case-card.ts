import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { type CaseImpact, caseImpacts, caseStatusInfo } from '../../src/domain/desk/enums.js';
import type { CaseCardView, CasePerson, CaseSummaryView } from '../../src/domain/desk/notices.js';
import { ids } from '../../src/slack/ids.js';
import { caseValue } from '../../src/slack/values/desk.js';
import {
  channelMention,
  joinMd,
  type Mrkdwn,
  md,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  slackDate,
  userMention,
} from '../shared/text.js';

const impactLabels: Record<CaseImpact, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const impactLabel = (impact: CaseImpact) => impactLabels[impact];
export const impactChoices = caseImpacts.map((impact) => ({ value: impact, label: impactLabels[impact] }));

/** A requester as people know them: their mention in Slack, else their name, else their address. */
export function personMd(person: CasePerson | null | undefined): Mrkdwn {
  if (!person) return md`someone`;
  if (person.slackUserId) return userMention(person.slackUserId);
  return md`${person.name ?? person.email ?? 'someone'}`;
}

/** "Case #12: Projector in B204 does not turn on" */
export const caseTitle = (view: { caseId: number; subject: string }) =>
  `Case #${view.caseId}: ${view.subject}`;

/** Who asked: the reporter, and for whom when that is someone else. */
export function requesterMd(view: Pick<CaseSummaryView, 'reporter' | 'contact'>): Mrkdwn {
  return view.contact
    ? md`${personMd(view.contact)} (opened by ${personMd(view.reporter)})`
    : personMd(view.reporter);
}

/** The clock that runs now: the first response until someone answered, then the resolution. */
function slaMd(view: CaseSummaryView): Mrkdwn | undefined {
  const info = caseStatusInfo[view.status];
  if (info.kind === 'resolved' || info.kind === 'closed') return undefined;
  if (!view.firstResponseAt && view.responseDueAt)
    return md`first response due ${slackDate(view.responseDueAt, view.timeZone)}`;
  if (view.resolutionDueAt) return md`resolution due ${slackDate(view.resolutionDueAt, view.timeZone)}`;
  return undefined;
}

/** The facts of a case, as its card and its notices list them. */
export function caseFactsBlocks(view: CaseSummaryView): KnownBlock[] {
  const status = caseStatusInfo[view.status].label;
  const fields: Mrkdwn[] = [
    md`*Requester*\n${requesterMd(view)}`,
    md`*Status*\n${status}${view.dueAt ? md` · due ${slackDate(view.dueAt, view.timeZone)}` : ''}`,
    md`*Impact*\n${impactLabel(view.impact)}`,
    md`*Category*\n${view.category ?? 'None'}`,
    md`*Group*\n${view.group ?? 'Not routed yet'}`,
    md`*Assignee*\n${view.assignee ? userMention(view.assignee) : 'Nobody yet'}`,
  ];
  if (view.account)
    fields.push(md`*Account*\n${view.account}${view.environment ? md` · ${view.environment}` : ''}`);
  const context: Mrkdwn[] = [md`Opened ${slackDate(view.openedAt, view.timeZone)}`];
  const sla = slaMd(view);
  if (sla) context.push(sla);
  if (view.escalatedAt)
    context.push(md`:rotating_light: escalated to triage ${slackDate(view.escalatedAt, view.timeZone)}`);
  if (view.routeReason) context.push(md`routed by ${view.routeReason}`);
  return [
    { type: 'section', fields: fields.map((f) => mrkdwn(f, 2000)) },
    { type: 'context', elements: [mrkdwn(joinMd(context, md` · `))] },
  ];
}

const button = (actionId: string, label: string, view: CaseSummaryView, style?: 'primary'): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(label, 75),
  value: caseValue.encode({ caseId: view.caseId, version: view.version }),
  ...(style && { style }),
});

/** What staff can do from the card while the case is not closed (the case view leaves out "Open case"). */
export function cardActions(
  view: CaseSummaryView,
  options: { open?: boolean } = {},
): ActionsBlock | undefined {
  if (view.status === 'closed') return undefined;
  // Take stays on a case someone has: a colleague may take it over (the card then names them).
  const elements: Button[] = [
    button(ids.caseTake, 'Take', view, view.assignee ? undefined : 'primary'),
    ...(options.open === false ? [] : [button(ids.caseView, 'Open case', view)]),
    button(ids.caseReassign, 'Reassign', view),
  ];
  if (view.status === 'pending') elements.push(button(ids.caseStatus, 'Assessing', view));
  return { type: 'actions', block_id: `case_actions_${view.caseId}`, elements };
}

/**
 * The case's card in its group's channel (SPEC §4.2): number, subject, requester, impact,
 * category, status, assignee, the SLA clock, and the buttons that work it. Its thread is the
 * case's conversation.
 */
export function renderCaseCard(view: CaseCardView): SlackMessage {
  const header = caseTitle(view);
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(header, 150) }, ...caseFactsBlocks(view)];
  if (view.description) {
    blocks.push({ type: 'section', text: mrkdwn(md`${view.description}`) });
  }
  if (view.files > 0) {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`:paperclip: ${view.files} ${view.files === 1 ? 'file' : 'files'} with the case`)],
    });
  }
  if (view.movedTo) {
    // A card left behind by a reassignment: it says where the case is now and offers nothing.
    const where = view.movedTo.channel
      ? md`${view.movedTo.group} (${channelMention(view.movedTo.channel)})`
      : md`${view.movedTo.group}`;
    blocks.push({
      type: 'section',
      text: mrkdwn(
        md`:arrow_right: *Moved to ${where}.* The case goes on there; this card is no longer kept up to date.`,
      ),
    });
    return {
      text: messageText(md`${header} · moved to ${view.movedTo.group}`),
      blocks,
    };
  }
  const actions = cardActions(view);
  if (actions) blocks.push(actions);
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(md`Reply in this thread to answer the requester; start with \`note:\` to keep it among staff.`),
    ],
  });
  return {
    text: messageText(
      md`${header} · ${caseStatusInfo[view.status].label} · ${impactLabel(view.impact)} impact`,
    ),
    blocks,
  };
}
