import type { Button, KnownBlock, ModalView } from '@slack/types';
import { formatMoment } from '../../src/domain/calendar/format-date-time.js';
import { caseStatusInfo } from '../../src/domain/desk/enums.js';
import type { StoryLine } from '../../src/domain/desk/story.js';
import type { CaseStoryView } from '../../src/services/desk/cases/case-story.js';
import { ids } from '../../src/slack/ids.js';
import { caseStoryValue, caseViewMetadata } from '../../src/slack/values/desk.js';
import {
  joinMd,
  type Mrkdwn,
  md,
  mdLines,
  messageText,
  mrkdwn,
  plain,
  type SlackMessage,
  slackDate,
  truncate,
  userMention,
} from '../shared/text.js';
import { cardActions, caseFactsBlocks, caseTitle, requesterMd } from './case-card.js';

/** Lines of the story on one page: with the case's facts it stays far inside a message's 50 blocks. */
export const storyPageSize = 15;
const SECTION_LIMIT = 3000;

/** Where a story opens: its last page, the newest lines. */
export const lastPageStart = (view: CaseStoryView) => Math.max(0, view.lines.length - storyPageSize);

/** "Tue 8 Dec, 09:12 — Casey Customer wrote: …", in the reader's zone. */
function storyLineMd(line: StoryLine, view: CaseStoryView): Mrkdwn {
  const parts = line.parts.map((part) =>
    typeof part === 'string'
      ? md`${part}`
      : view.names[part.user]
        ? md`${view.names[part.user]!}`
        : userMention(part.user),
  );
  const lock = line.internal ? md`:lock: ` : md``;
  return md`${formatMoment(line.at, view.summary.timeZone)} — ${lock}${joinMd(parts, md``)}`;
}

/** Lines packed into as few sections as the text limit allows; a line too long for one is cut. */
function linesToSections(lines: readonly Mrkdwn[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current: Mrkdwn[] = [];
  let length = 0;
  const flush = () => {
    if (current.length > 0) blocks.push({ type: 'section', text: mrkdwn(mdLines(current), SECTION_LIMIT) });
    current = [];
    length = 0;
  };
  for (const line of lines) {
    const size = Math.min(line.text.length, SECTION_LIMIT);
    if (current.length > 0 && length + 1 + size > SECTION_LIMIT) flush();
    length += size + (current.length > 0 ? 1 : 0);
    current.push(line);
  }
  flush();
  return blocks;
}

const pageButton = (actionId: string, label: string, caseId: number, from: number): Button => ({
  type: 'button',
  action_id: actionId,
  text: plain(label, 75),
  value: caseStoryValue.encode({ caseId, from }),
});

/** The page of the story from line `from`: its lines, and buttons to the earlier and later ones. */
function storyBlocks(view: CaseStoryView, from: number): KnownBlock[] {
  const title = view.reader === 'staff' ? 'History' : 'Conversation';
  const total = view.lines.length;
  if (total === 0) return [{ type: 'section', text: mrkdwn(md`*${title}*\nNothing yet.`) }];
  const start = Math.min(Math.max(0, from), lastPageStart(view));
  const page = view.lines.slice(start, start + storyPageSize);
  const range = total > page.length ? md` · ${start + 1}–${start + page.length} of ${total}` : md``;
  const blocks: KnownBlock[] = [
    { type: 'section', text: mrkdwn(md`*${title}*${range}`) },
    ...linesToSections(page.map((line) => storyLineMd(line, view))),
  ];
  const buttons: Button[] = [];
  if (start > 0)
    buttons.push(
      pageButton(ids.caseStoryPageBack, 'Earlier', view.summary.caseId, Math.max(0, start - storyPageSize)),
    );
  if (start + page.length < total)
    buttons.push(pageButton(ids.caseStoryPage, 'Later', view.summary.caseId, start + storyPageSize));
  if (buttons.length > 0) blocks.push({ type: 'actions', block_id: 'case_story_pages', elements: buttons });
  return blocks;
}

/** What a requester reads of their case: its status and who has it, never the routing or the notes. */
function requesterFacts(view: CaseStoryView): KnownBlock[] {
  const s = view.summary;
  const fields: Mrkdwn[] = [
    md`*Status*\n${caseStatusInfo[s.status].label}${s.dueAt ? md` · due ${slackDate(s.dueAt, s.timeZone)}` : ''}`,
    md`*Team*\n${s.group ?? 'The service desk'}`,
    md`*Working on it*\n${s.assignee ? userMention(s.assignee) : 'Nobody yet'}`,
    md`*Opened*\n${slackDate(s.openedAt, s.timeZone)}`,
  ];
  if (s.contact) fields.push(md`*For*\n${requesterMd(s)}`);
  return [{ type: 'section', fields: fields.map((f) => mrkdwn(f, 2000)) }];
}

/**
 * A case as `/otto case <number>` and "Open case" show it: for staff its card (facts, buttons) with
 * its history and conversation; for a requester their case and the messages they may read.
 */
export function renderCaseStory(view: CaseStoryView, from = lastPageStart(view)): SlackMessage {
  const s = view.summary;
  const blocks: KnownBlock[] = [{ type: 'header', text: plain(caseTitle(s), 150) }];
  blocks.push(...(view.reader === 'staff' ? caseFactsBlocks(s) : requesterFacts(view)));
  if (view.description.trim())
    blocks.push({ type: 'section', text: mrkdwn(md`${truncate(view.description, 2900)}`) });
  if (view.files.length > 0)
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`:paperclip: ${truncate(view.files.join(', '), 2900)}`)],
    });
  if (view.reader === 'staff') {
    const actions = cardActions(s, { open: false });
    if (actions) blocks.push(actions);
  } else {
    blocks.push({
      type: 'context',
      elements: [mrkdwn(md`Reply in the thread of your case in your messages with Otto to add anything.`)],
    });
  }
  blocks.push({ type: 'divider' }, ...storyBlocks(view, from));
  return {
    text: messageText(md`${caseTitle(s)} · ${caseStatusInfo[s.status].label}`),
    blocks,
  };
}

/** The same in a modal ("Open case" on a card, a DM or the Home). */
export function caseStoryModal(view: CaseStoryView, from?: number): ModalView {
  return {
    type: 'modal',
    callback_id: ids.caseViewModal,
    title: plain(`Case #${view.summary.caseId}`, 24),
    close: plain('Close'),
    private_metadata: caseViewMetadata.encode({ caseId: view.summary.caseId }),
    blocks: renderCaseStory(view, from).blocks,
  };
}
