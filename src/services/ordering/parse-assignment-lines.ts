import { maxSerialLength } from '../batches/parse-serials.js';
import { invalid } from '../errors.js';

/** A paste takes at most this many lines (a modal holds ~150; the command text thousands). */
export const maxAssignmentLines = 10_000;

export interface AssignmentLine {
  /** 1-based, counting every line pasted (blank ones too), as the admin sees them. */
  lineNo: number;
  existing: string;
  replacement: string;
}

export interface LineProblem {
  lineNo: number;
  text: string;
  reason: string;
}

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
  const lines: AssignmentLine[] = [];
  const problems: LineProblem[] = [];
  const raw = text.split(/\r?\n/);
  for (const [index, line] of raw.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    const lineNo = index + 1;
    const tokens = trimmed.split(/[\s,;]+/).filter(Boolean);
    if (tokens.length !== 2) {
      problems.push({
        lineNo,
        text: trimmed,
        reason: 'is not `existing-serial replacement-serial` (two serial numbers)',
      });
      continue;
    }
    const [existing, replacement] = tokens.map((t) => t.toUpperCase()) as [string, string];
    if (existing.length > maxSerialLength || replacement.length > maxSerialLength) {
      problems.push({
        lineNo,
        text: trimmed,
        reason: `has a serial longer than ${maxSerialLength} characters`,
      });
      continue;
    }
    lines.push({ lineNo, existing, replacement });
  }
  if (lines.length + problems.length === 0) {
    throw invalid('Paste at least one line: the existing serial, a space, then the replacement serial.');
  }
  if (lines.length + problems.length > maxAssignmentLines) {
    throw invalid(
      `That is ${(lines.length + problems.length).toLocaleString('en-US')} lines; Otto takes at most ${maxAssignmentLines.toLocaleString('en-US')} at a time.`,
    );
  }
  return { lines, problems };
}
