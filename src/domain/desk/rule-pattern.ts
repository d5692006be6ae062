// Regular expressions in dispatcher rules. JavaScript cannot stop a running match, so a pattern
// that backtracks without end would hold the whole app; Otto refuses such patterns when they are
// saved (a static check, deterministic, rather than a time budget that would pass or fail with
// the machine's load) and matches them against a bounded text. Refused: nested or alternated
// repetition, `(a+)+` and `(a|ab)*` (exponential), more than one unbounded repetition, `.*.*x`
// (polynomial: 4 s on 2,000 characters, measured), and back-references.

/** Longest pattern an admin may save. */
export const patternMaxLength = 200;
/** A bounded repetition `{n,m}` may repeat at most this many times. */
const maxBoundedRepeat = 100;
/** How much of a case's text a pattern is tried on: the subject and the start of the description. */
export const patternTextMaxLength = 2000;

export type PatternCheck = { ok: true; regex: RegExp } | { ok: false; reason: string };

interface Group {
  repeats: boolean;
  alternates: boolean;
}

/**
 * Checks an admin's pattern and compiles it, case-insensitive. Not in Unicode mode: V8 runs
 * `iu` patterns about 20 times slower (0.5 ms for 100 of them on one description, measured),
 * which alone would break the dispatcher's 1 ms; accented letters still match either case.
 */
export function checkPattern(pattern: string): PatternCheck {
  if (pattern.trim() === '') return { ok: false, reason: 'is empty' };
  if (pattern.length > patternMaxLength)
    return { ok: false, reason: `is longer than ${patternMaxLength} characters` };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, 'i');
  } catch (error) {
    const detail =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/\w*: /, '') : '';
    return {
      ok: false,
      reason: `is not a valid regular expression (${detail.toLowerCase() || 'it does not compile'})`,
    };
  }
  const shape = checkShape(pattern);
  return shape === undefined ? { ok: true, regex } : { ok: false, reason: shape };
}

/** Why a (compilable) pattern could backtrack without end, or undefined when it cannot. */
function checkShape(pattern: string): string | undefined {
  const stack: Group[] = [{ repeats: false, alternates: false }];
  let unbounded = 0;
  // What the next quantifier applies to: a group just closed (with what it holds), or a plain atom.
  let lastAtom: Group | 'atom' | undefined;
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i]!;
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return 'uses a back-reference, which Otto does not allow';
      i += 2;
      lastAtom = 'atom';
      continue;
    }
    if (c === '[') {
      i += 1;
      if (pattern[i] === '^') i += 1;
      if (pattern[i] === ']') i += 1;
      while (i < n && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i += 1;
      lastAtom = 'atom';
      continue;
    }
    if (c === '(') {
      stack.push({ repeats: false, alternates: false });
      i += 1;
      // (?:…) (?=…) (?!…) (?<name>…) (?<=…) (?<!…): the `?` opens the group's kind, it repeats nothing.
      if (pattern[i] === '?') {
        i += 1;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') {
          while (i < n && pattern[i] !== '>') i += 1;
        }
        i += 1;
      }
      lastAtom = undefined;
      continue;
    }
    if (c === ')') {
      const closed = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      parent.repeats ||= closed.repeats;
      lastAtom = closed;
      i += 1;
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1]!.alternates = true;
      lastAtom = undefined;
      i += 1;
      continue;
    }
    const quantifier = /^(?:[*+?]|\{(\d+)(,(\d*))?\})/.exec(pattern.slice(i));
    if (quantifier && lastAtom !== undefined) {
      const [text, , comma, upper] = quantifier;
      const max =
        text === '?'
          ? 1
          : text === '*' || text === '+'
            ? Infinity
            : comma === undefined
              ? Number(quantifier[1])
              : upper === ''
                ? Infinity
                : Number(upper);
      if (max === Infinity) unbounded += 1;
      else if (max > maxBoundedRepeat) return `repeats something more than ${maxBoundedRepeat} times`;
      if (max > 1) {
        if (typeof lastAtom === 'object' && (lastAtom.repeats || lastAtom.alternates))
          return 'repeats a group that itself repeats or has alternatives, which can take forever on some texts';
        stack[stack.length - 1]!.repeats = true;
      }
      if (unbounded > 1)
        return 'has more than one open-ended repetition (*, + or {n,}), which can take forever on long texts; bound all but one, e.g. \\s{1,5}';
      i += text.length;
      // A lazy or possessive mark after a quantifier is part of it.
      if (pattern[i] === '?') i += 1;
      lastAtom = undefined;
      continue;
    }
    lastAtom = 'atom';
    i += 1;
  }
  return undefined;
}
