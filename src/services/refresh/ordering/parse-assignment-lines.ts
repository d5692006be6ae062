import { type LineProblem, readPairLines } from '../../pair-lines.js';
import { maxSerialLength } from '../batches/parse-serials.js';

/** A paste takes at most this many lines (a modal holds ~150; the command text thousands). */
export const maxAssignmentLines = 10_000;

export interface AssignmentLine {
  /** 1-based, counting every line pasted (blank ones too), as the admin sees them. */
  lineNo: number;
  existing: string;
  replacement: string;
}

export type { LineProblem } from '../../pair-lines.js';

export interface ParsedAssignment {
  lines: AssignmentLine[];
  problems: LineProblem[];
}

/**
 * Reads `existing-serial replacement-serial` lines (spaces, tabs, a comma or a semicolon between
 * them: typed, from a spreadsheet or a CSV). Serials are upper-cased. A line with another shape
 * is a problem on that line; blank lines are skipped.
 */
export function parseAssignmentLines(text: string): ParsedAssignment {
  return readPairLines<{ existing: string; replacement: string }>(text, {
    shape: '`existing-serial replacement-serial` (two serial numbers)',
    empty: 'Paste at least one line: the existing serial, a space, then the replacement serial.',
    maxLines: maxAssignmentLines,
    read: (first, second) => {
      const [existing, replacement] = [first.toUpperCase(), second.toUpperCase()];
      return existing.length > maxSerialLength || replacement.length > maxSerialLength
        ? { problem: `has a serial longer than ${maxSerialLength} characters` }
        : { existing, replacement };
    },
  });
}
