import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import type { CaseEscalatedView, CaseMovedView } from '../../src/domain/desk/notices.js';
import { ids } from '../../src/slack/ids.js';
import { caseReassignMetadata, caseValue } from '../../src/slack/values/desk.js';
import {
  channelMention,
  type Mrkdwn,
  md,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  slackDate,
  truncate,
  userMention,
} from '../shared/text.js';
import { caseFactsBlocks, caseTitle } from './case-card.js';

/** The reassignment form's inputs. */
export const reassignBlocks = {
  group: { block: 'case_reassign_group', action: 'group' },
  person: { block: 'case_reassign_person', action: 'person' },
} as const;

export interface ReassignFormView {
  caseId: number;
  version: number;
  subject: string;
  /** Where the case is now, as people know it. */
  group: string | null;
  assignee: string | null;
  /** Every group a case may go to (Block Kit takes 100 options; a desk has a handful of groups). */
  groups: Array<{ id: number; name: string }>;
  /** Opened from the Home: the Home is drawn again once the case has moved. */
  fromHome?: boolean;
}

/**
 * Reassign (SPEC §4.2): a group, and optionally one of its people; left empty, the group's main
 * person takes it, as when the dispatcher routes a case.
 */
export function renderReassignForm(view: ReassignFormView): ModalView {
  const where: Mrkdwn = view.group
    ? md`Now with *${view.group}*${view.assignee ? md`, assigned to ${userMention(view.assignee)}` : md``}.`
    : md`Not routed yet.`;
  const options: PlainTextOption[] = view.groups
    .slice(0, 100)
    .map((g) => ({ text: plain(truncate(g.name, 75), 75), value: String(g.id) }));
  return {
    type: 'modal',
    callback_id: ids.caseReassignForm,
    title: plain(`Reassign case #${view.caseId}`, 24),
    submit: plain('Reassign'),
    close: plain('Cancel'),
    private_metadata: caseReassignMetadata.encode({
      caseId: view.caseId,
      version: view.version,
      ...(view.fromHome ? { fromHome: true } : {}),
    }),
    blocks: [
      { type: 'section', text: mrkdwn(md`*${caseTitle(view)}*\n${where}`) },
      {
        type: 'input',
        block_id: reassignBlocks.group.block,
        label: plain('Group'),
        element: {
          type: 'static_select',
          action_id: reassignBlocks.group.action,
          placeholder: plain('Choose a group'),
          options,
        },
      },
      {
        type: 'input',
        block_id: reassignBlocks.person.block,
        label: plain('Person'),
        optional: true,
        hint: plain('One of the group’s people. Left empty, the group’s main person takes it.'),
        element: { type: 'users_select', action_id: reassignBlocks.person.action },
      },
    ],
  };
}

/**
 * The last line of an old card's thread once the case has moved: where the conversation goes on.
 * A mention of the new channel and the case number, not a permalink: the new card is posted by
 * the same outbox run and its ts is not known when this line is written.
 */
export function renderCaseMoved(view: CaseMovedView): SlackMessage {
  const where = view.channel ? md`${view.group} in ${channelMention(view.channel)}` : md`${view.group}`;
  const who = view.assignee ? md`, assigned to ${userMention(view.assignee)}` : md``;
  const line = md`:arrow_right: ${userMention(view.by)} moved case #${view.caseId} to ${where}${who}.`;
  const next = view.channel
    ? md`The conversation goes on in the thread of its new card there; replies here still reach the case.`
    : md`${view.group} has no channel; its people see the case on their Home. Replies here still reach the case.`;
  return {
    text: messageText(line),
    blocks: [
      { type: 'section', text: mrkdwn(line) },
      { type: 'context', elements: [mrkdwn(next)] },
    ],
  };
}

/** To triage (its channel and its main person): a case nobody has answered in time, with Take and Assign. */
export function renderCaseEscalated(view: CaseEscalatedView): SlackMessage {
  const hours = view.hours === 1 ? '1 business hour' : `${view.hours} business hours`;
  const line = md`:rotating_light: ${caseTitle(view)} has waited for a first answer for ${hours} (pending since ${slackDate(view.pendingSince, view.timeZone)}).`;
  const value = caseValue.encode({ caseId: view.caseId, version: view.version });
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(line) },
    ...caseFactsBlocks(view),
    {
      type: 'actions',
      block_id: `case_escalated_${view.caseId}`,
      elements: [
        { type: 'button', action_id: ids.caseTake, text: plain('Take'), style: 'primary', value },
        { type: 'button', action_id: ids.caseReassign, text: plain('Assign'), value },
      ],
    },
  ];
  return {
    text: messageText(md`${caseTitle(view)} is escalated to triage: no answer for ${hours}.`),
    blocks,
  };
}
