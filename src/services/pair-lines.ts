import { invalid } from './errors.js';

export interface LineProblem {
  /** 1-based, counting every line pasted (blank ones too), as the person sees them. */
  lineNo: number;
  text: string;
  reason: string;
}

/**
 * Reads pasted lines of two values (spaces, tabs, a comma or a semicolon between them: typed,
 * from a spreadsheet or a CSV); blank lines are skipped. `read` turns a pair into a line or says
 * what is wrong with it. An empty paste, or one longer than `maxLines`, is refused as a whole.
 */
export function readPairLines<T>(
  text: string,
  opts: {
    /** How a line should look, e.g. "`existing-serial replacement-serial` (two serial numbers)". */
    shape: string;
    /** The refusal of an empty paste. */
    empty: string;
    maxLines: number;
    read(first: string, second: string): T | { problem: string };
  },
): { lines: Array<T & { lineNo: number }>; problems: LineProblem[] } {
  const lines: Array<T & { lineNo: number }> = [];
  const problems: LineProblem[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    const lineNo = index + 1;
    const tokens = trimmed.split(/[\s,;]+/).filter(Boolean);
    const read =
      tokens.length === 2 ? opts.read(tokens[0]!, tokens[1]!) : { problem: `is not ${opts.shape}` };
    if (typeof read === 'object' && read !== null && 'problem' in read) {
      problems.push({ lineNo, text: trimmed, reason: read.problem });
    } else {
      lines.push({ ...(read as T), lineNo });
    }
  }
  const total = lines.length + problems.length;
  if (total === 0) throw invalid(opts.empty);
  if (total > opts.maxLines) {
    throw invalid(
      `That is ${total.toLocaleString('en-US')} lines; Otto takes at most ${opts.maxLines.toLocaleString('en-US')} at a time.`,
    );
  }
  return { lines, problems };
}
