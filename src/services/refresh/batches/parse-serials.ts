import { invalid } from '../../errors.js';

/** A batch (or a bulk paste) takes at most this many serials. */
export const maxSerials = 10_000;
/** Longer than any real serial number: a token this long is a paste mistake. */
export const maxSerialLength = 64;

export interface ParsedSerials {
  /** Upper case, in the order pasted, each once. */
  serials: string[];
  /** Serials that appeared more than once (kept once), for the note to the admin. */
  duplicates: string[];
}

/**
 * Reads pasted serial numbers: separated by whitespace, commas or semicolons (a spreadsheet
 * column, a CSV line or a typed list), upper-cased, duplicates dropped with a note.
 */
export function parseSerials(text: string, limit = maxSerials): ParsedSerials {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const token of text.split(/[\s,;]+/)) {
    if (token === '') continue;
    const serial = token.toUpperCase();
    if (serial.length > maxSerialLength) {
      throw invalid(
        `“${serial.slice(0, 24)}…” is not a serial number (serials are at most ${maxSerialLength} characters).`,
      );
    }
    if (seen.has(serial)) duplicates.add(serial);
    else seen.add(serial);
  }
  if (seen.size === 0) throw invalid('Paste at least one serial number.');
  if (seen.size > limit) {
    throw invalid(
      `That is ${seen.size.toLocaleString('en-US')} serial numbers; Otto takes at most ${limit.toLocaleString('en-US')} at a time.`,
    );
  }
  return { serials: [...seen], duplicates: [...duplicates] };
}
