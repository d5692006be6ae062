import { z } from 'zod';
import { didYouMean } from '../refresh/inventory/index.js';
import {
  type CaseStatus,
  caseStatuses,
  caseStatusInfo,
  choosableCaseStatuses,
  requiredCaseStatuses,
} from './enums.js';
import { checkPattern } from './rule-pattern.js';
import { splitWordList } from './words.js';

// What desk admins set up (SPEC §4.1), as the modals and the CSV files give it: each schema
// names the field a problem is on, so the modal shows it there and the import on its line.

export const deskNameMaxLength = 80;

/** A name: trimmed, single-spaced, not blank. */
export const DeskName = z
  .string()
  .transform((value) => value.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, { error: 'is required' })
      .max(deskNameMaxLength, { error: `is longer than ${deskNameMaxLength} characters` }),
  );

const wordListMax = 50;
/** Words or phrases, typed as a comma- (or line-) separated list. */
export const WordList = z.string().transform((value, ctx) => {
  const words = splitWordList(value);
  if (words.length > wordListMax) {
    ctx.addIssue({ code: 'custom', message: `lists more than ${wordListMax} words` });
    return z.NEVER;
  }
  const long = words.find((word) => word.length > 60);
  if (long) {
    ctx.addIssue({ code: 'custom', message: `“${long.slice(0, 40)}…” is longer than 60 characters` });
    return z.NEVER;
  }
  return words;
});

/** A rule's pattern: blank is none; anything else must pass the backtracking check. */
export const RulePattern = z.string().transform((value, ctx) => {
  const pattern = value.trim();
  if (pattern === '') return null;
  const check = checkPattern(pattern);
  if (!check.ok) {
    ctx.addIssue({ code: 'custom', message: `This pattern ${check.reason}.` });
    return z.NEVER;
  }
  return pattern;
});

/**
 * The statuses a category stores: the ones every category has plus those chosen, in the order of
 * SPEC §4.3. A system-only or unknown status is refused.
 */
export function categoryStatuses(
  chosen: readonly string[],
): { ok: true; statuses: CaseStatus[] } | { ok: false; message: string } {
  const wanted = new Set<string>(requiredCaseStatuses);
  for (const raw of chosen) {
    const status = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (status === '') continue;
    if (!(caseStatuses as readonly string[]).includes(status))
      return {
        ok: false,
        message: `“${raw.trim().slice(0, 40)}” is not a case status${didYouMean(status, caseStatuses)}`,
      };
    if (caseStatusInfo[status as CaseStatus].systemOnly)
      return { ok: false, message: `“${status}” is set by Otto only; a category cannot offer it` };
    wanted.add(status);
  }
  return { ok: true, statuses: caseStatuses.filter((s) => wanted.has(s)) };
}

/** The statuses an admin may add to a category beyond the ones every category has. */
export const optionalCategoryStatuses = choosableCaseStatuses.filter(
  (status) => !(requiredCaseStatuses as readonly string[]).includes(status),
);

/** Whether a rule says what it matches: a catch-all would leave triage nothing to do. */
export function ruleConditionProblem(rule: {
  categoryId: number | null;
  subjectWords: readonly string[];
  descriptionWords: readonly string[];
  pattern: string | null;
}): { field: 'words' | 'pattern'; message: string } | undefined {
  const words = rule.subjectWords.length + rule.descriptionWords.length > 0;
  if (words && rule.pattern !== null)
    return { field: 'pattern', message: 'A rule matches words or a pattern, not both: clear one of them.' };
  if (!words && rule.pattern === null && rule.categoryId === null)
    return { field: 'words', message: 'Say what the rule matches: a category, words, or a pattern.' };
  return undefined;
}
