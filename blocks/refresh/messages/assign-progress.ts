import type { KnownBlock } from '@slack/types';
import type { AssignmentResult } from '../../../src/services/refresh/ordering/assign-replacements.js';
import type { LineProblem } from '../../../src/services/refresh/ordering/parse-assignment-lines.js';
import { escapeMrkdwn, mrkdwn, truncate } from '../../shared/text.js';
import { plural } from './batch.js';

/** How many bad lines an answer lists before "…and N more". */
export const problemsShown = 10;

/** The first bad lines with their numbers, then how many more: for the modal's field error and replies. */
export function describeLineProblems(problems: readonly LineProblem[], limit = problemsShown): string {
  const shown = problems
    .slice(0, limit)
    .map((p) => `Line ${p.lineNo} (${truncate(p.text, 60)}): ${p.reason}.`);
  if (problems.length > limit) shown.push(`…and ${problems.length - limit} more.`);
  return shown.join('\n');
}

const section = (text: string): KnownBlock => ({ type: 'section', text: mrkdwn(truncate(text, 3000)) });

/** The one message of a bulk assignment while it runs. */
export function renderAssignProgress(progress: {
  done: number;
  total: number;
  groupName?: string | undefined;
}) {
  const text = `Assigning ${plural(progress.total, 'replacement')}${progress.groupName ? ` in ${progress.groupName}` : ''}… ${progress.done.toLocaleString('en-US')}/${progress.total.toLocaleString('en-US')}`;
  return { text, blocks: [section(escapeMrkdwn(text))] };
}

/** The same message at the end: what was assigned, and any line skipped because it changed meanwhile. */
export function renderAssignResult(result: AssignmentResult, groupName?: string) {
  const added = result.assigned.filter((a) => a.added).length;
  const text = `Assigned ${plural(result.assigned.length, 'replacement')}${groupName ? ` in ${groupName}` : ''}: ${plural(result.assigned.length, 'ticket')} now pending ITSM existence${added ? ` (${plural(added, 'new system')} added to the inventory)` : ''}.`;
  const blocks: KnownBlock[] = [section(escapeMrkdwn(text))];
  if (result.skipped.length > 0) {
    blocks.push(
      section(
        `*${plural(result.skipped.length, 'line')} skipped: changed since they were checked*\n${escapeMrkdwn(describeLineProblems(result.skipped))}`,
      ),
    );
  }
  return {
    text: result.skipped.length ? `${text} ${plural(result.skipped.length, 'line')} skipped.` : text,
    blocks,
  };
}

/** The reply to `/otto assign` with lines when some are bad: nothing was changed. */
export function renderAssignProblems(problems: readonly LineProblem[], total: number) {
  const text = `Nothing was assigned: ${plural(problems.length, 'line')} of ${total.toLocaleString('en-US')} ${problems.length === 1 ? 'needs' : 'need'} fixing.\n${describeLineProblems(problems)}`;
  return { text: truncate(text, 3000), blocks: [section(escapeMrkdwn(text))] };
}
