import { checkPattern, patternTextMaxLength } from './rule-pattern.js';
import { wordsOf } from './words.js';

// The dispatcher (SPEC §4.2, seed 003): the first rule, in the admins' order, that matches a
// case's category, subject and description routes it; nothing matches → triage. Pure: rules are
// compiled once into word sets and regular expressions, and each case is read into its words once.

/** A rule as the desk stores it. Every condition given must hold; words match if any one is there. */
export interface DispatchRule {
  id: number;
  name: string;
  categoryId: number | null;
  subjectWords: readonly string[];
  descriptionWords: readonly string[];
  /** A regular expression tried on the subject and the description, instead of words. */
  pattern: string | null;
  groupId: number;
  /** The person the rule routes to; none → the group's main person. */
  assigneeSlackUserId: string | null;
}

export interface DispatchGroup {
  id: number;
  mainSlackUserId: string | null;
}

export interface CaseToRoute {
  categoryId: number | null;
  subject: string;
  description: string;
}

/** Why a rule matched, to record on the case and show to admins. */
export interface RouteReason {
  category: boolean;
  /** The rule's words (as the admin wrote them) found in the subject / description. */
  subjectWords: string[];
  descriptionWords: string[];
  /** What the rule's pattern matched, and where. */
  pattern?: { matched: string; in: 'subject' | 'description' } | undefined;
}

export type Route =
  | {
      routed: true;
      ruleId: number;
      ruleName: string;
      /** 1-based place of the rule in the order. */
      position: number;
      groupId: number;
      assigneeSlackUserId: string | null;
      reason: RouteReason;
    }
  | { routed: false; groupId: number | null; assigneeSlackUserId: string | null };

interface CompiledWord {
  shown: string;
  /** The phrase's words; one for a plain word. */
  parts: string[];
}

interface CompiledRule {
  rule: DispatchRule;
  position: number;
  subject: CompiledWord[];
  description: CompiledWord[];
  regex: RegExp | undefined;
}

export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly groups: ReadonlyMap<number, DispatchGroup>;
  readonly triage: DispatchGroup | undefined;
}

const compileWords = (words: readonly string[]): CompiledWord[] =>
  words.map((shown) => ({ shown, parts: wordsOf(shown) })).filter((w) => w.parts.length > 0);

/**
 * Compiles the ordered rules once. A pattern that does not pass `checkPattern` (the service
 * refuses such patterns, so only a row edited by hand has one) makes its rule match nothing.
 */
export function compileRules(
  rules: readonly DispatchRule[],
  groups: readonly DispatchGroup[],
  triageGroupId: number | null,
): CompiledRules {
  const byId = new Map(groups.map((g) => [g.id, g]));
  return {
    rules: rules.map((rule, i) => {
      const check = rule.pattern ? checkPattern(rule.pattern) : undefined;
      return {
        rule,
        position: i + 1,
        subject: compileWords(rule.subjectWords),
        description: compileWords(rule.descriptionWords),
        regex: check === undefined ? undefined : check.ok ? check.regex : /(?!)/,
      };
    }),
    groups: byId,
    triage: triageGroupId === null ? undefined : byId.get(triageGroupId),
  };
}

/** A case's text, read once for every rule. */
interface ReadText {
  words: string[];
  set: Set<string>;
}

const readText = (text: string): ReadText => {
  const words = wordsOf(text);
  return { words, set: new Set(words) };
};

function hasPhrase(text: ReadText, parts: readonly string[]): boolean {
  if (parts.length === 1) return text.set.has(parts[0]!);
  for (const part of parts) if (!text.set.has(part)) return false;
  const { words } = text;
  outer: for (let i = 0; i + parts.length <= words.length; i++) {
    for (let j = 0; j < parts.length; j++) if (words[i + j] !== parts[j]) continue outer;
    return true;
  }
  return false;
}

/** The words of the list found in the text, as written in the rule; empty when none is. */
function found(text: ReadText, words: readonly CompiledWord[]): string[] {
  const out: string[] = [];
  for (const word of words) if (hasPhrase(text, word.parts)) out.push(word.shown);
  return out;
}

/** Routes one case: the first matching rule, or triage. */
export function dispatch(compiled: CompiledRules, item: CaseToRoute): Route {
  let subject: ReadText | undefined;
  let description: ReadText | undefined;
  let subjectForPattern: string | undefined;
  let descriptionForPattern: string | undefined;
  for (const entry of compiled.rules) {
    const { rule } = entry;
    if (rule.categoryId !== null && rule.categoryId !== item.categoryId) continue;
    let subjectWords: string[] = [];
    let descriptionWords: string[] = [];
    if (entry.subject.length > 0) {
      subject ??= readText(item.subject);
      subjectWords = found(subject, entry.subject);
      if (subjectWords.length === 0) continue;
    }
    if (entry.description.length > 0) {
      description ??= readText(item.description);
      descriptionWords = found(description, entry.description);
      if (descriptionWords.length === 0) continue;
    }
    let pattern: RouteReason['pattern'];
    if (entry.regex) {
      subjectForPattern ??= item.subject.slice(0, patternTextMaxLength);
      descriptionForPattern ??= item.description.slice(0, patternTextMaxLength);
      const inSubject = entry.regex.exec(subjectForPattern);
      const inDescription = inSubject ? null : entry.regex.exec(descriptionForPattern);
      const match = inSubject ?? inDescription;
      if (!match) continue;
      pattern = { matched: match[0], in: inSubject ? 'subject' : 'description' };
    }
    const group = compiled.groups.get(rule.groupId);
    return {
      routed: true,
      ruleId: rule.id,
      ruleName: rule.name,
      position: entry.position,
      groupId: rule.groupId,
      assigneeSlackUserId: rule.assigneeSlackUserId ?? group?.mainSlackUserId ?? null,
      reason: { category: rule.categoryId !== null, subjectWords, descriptionWords, pattern },
    };
  }
  return {
    routed: false,
    groupId: compiled.triage?.id ?? null,
    assigneeSlackUserId: compiled.triage?.mainSlackUserId ?? null,
  };
}

/** Why a rule matched, in a sentence: "category is Audio-visual; subject has “projector”". */
export function describeReason(reason: RouteReason, categoryName?: string): string {
  const quote = (words: string[]) => words.map((w) => `“${w}”`).join(', ');
  const parts: string[] = [];
  if (reason.category) parts.push(categoryName ? `category is ${categoryName}` : 'the category matches');
  if (reason.subjectWords.length > 0) parts.push(`subject has ${quote(reason.subjectWords)}`);
  if (reason.descriptionWords.length > 0) parts.push(`description has ${quote(reason.descriptionWords)}`);
  if (reason.pattern)
    parts.push(`${reason.pattern.in} matches the pattern at “${reason.pattern.matched.slice(0, 80)}”`);
  return parts.join('; ');
}
