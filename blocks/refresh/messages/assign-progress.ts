import type { KnownBlock } from '@slack/types';
import type { AssignmentResult } from '../../../src/services/refresh/ordering/assign-replacements.js';
import type { LineProblem } from '../../../src/services/refresh/ordering/parse-assignment-lines.js';
import { type Mrkdwn, md, messageText, mrkdwn, type SlackMessage, truncate } from '../../shared/text.js';
import { plural } from './batch.js';

/** How many bad lines an answer lists before "…and N more". */
export const problemsShown = 10;

/** The first bad lines with their numbers, then how many more: plain text, for a modal's field error and replies. */
export function describeLineProblems(problems: readonly LineProblem[], limit = problemsShown): string {
  const shown = problems
    .slice(0, limit)
    .map((p) => `Line ${p.lineNo} (${truncate(p.text, 60)}): ${p.reason}.`);
  if (problems.length > limit) shown.push(`…and ${problems.length - limit} more.`);
  return shown.join('\n');
}

const section = (text: Mrkdwn): KnownBlock => ({ type: 'section', text: mrkdwn(text) });

const inGroup = (groupName: string | undefined) => (groupName ? md` in ${groupName}` : '');

/** The one message of a bulk assignment while it runs. */
export function renderAssignProgress(progress: {
  done: number;
  total: number;
  groupName?: string | undefined;
}): SlackMessage {
  const text = md`Assigning ${plural(progress.total, 'replacement')}${inGroup(progress.groupName)}… ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}`;
  return { text: messageText(text), blocks: [section(text)] };
}

/** Pasted replacements the inventory did not know: not found by the built-in ITSM until imported or confirmed. */
const notInInventory = (added: number) =>
  ` (${plural(added, 'replacement')} not in the inventory yet: ${added === 1 ? 'its ticket waits' : 'their tickets wait'} under Problems until ${added === 1 ? 'it is' : 'they are'} imported or confirmed)`;

/** The same message at the end: what was assigned, and any line skipped because it changed meanwhile. */
export function renderAssignResult(result: AssignmentResult, groupName?: string): SlackMessage {
  const added = result.assigned.filter((a) => a.added).length;
  const text = md`Assigned ${plural(result.assigned.length, 'replacement')}${inGroup(groupName)}: ${plural(result.assigned.length, 'ticket')} now waiting for the ITSM to know ${result.assigned.length === 1 ? 'its' : 'their'} replacement${added ? notInInventory(added) : ''}.`;
  const blocks: KnownBlock[] = [section(text)];
  if (result.skipped.length > 0) {
    blocks.push(
      section(
        md`*${plural(result.skipped.length, 'line')} skipped: changed since they were checked*\n${describeLineProblems(result.skipped)}`,
      ),
    );
  }
  return {
    text: messageText(
      result.skipped.length ? md`${text} ${plural(result.skipped.length, 'line')} skipped.` : text,
    ),
    blocks,
  };
}

/** The reply to `/otto assign` with lines when some are bad: nothing was changed. */
export function renderAssignProblems(problems: readonly LineProblem[], total: number): SlackMessage {
  const text = md`Nothing was assigned: ${plural(problems.length, 'line')} of ${total.toLocaleString('en-US')} ${problems.length === 1 ? 'needs' : 'need'} fixing.\n${describeLineProblems(problems)}`;
  return { text: messageText(text), blocks: [section(text)] };
}
