// The one CSV writer: every file Otto writes goes through csvCell, so text a person typed never
// runs as a spreadsheet formula (OWASP, CSV injection) and never breaks a row.

/** A cell: text from people or the database, or a number Otto computed. */
export type CsvValue = string | number;

/**
 * What a spreadsheet may read as the start of a formula: `=`, `+`, `-`, `@`, a tab or a carriage
 * return first (OWASP's list), or one of the four after leading whitespace, which some
 * spreadsheets skip, in ASCII or full-width (East Asian Excel reads `＝` as `=`).
 */
const formulaStart = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** A cell a reader could split, trim or misread unless it is quoted. */
const needsQuotes = /[",\r\n]|^\s|\s$/;

/**
 * One cell. Text that could start a formula gets a leading `'` (the spreadsheet shows the text and
 * runs nothing); text with a quote, comma, line break or outer whitespace is quoted with `""`
 * for a quote. Numbers are written as they are, negative ones included: they are values Otto
 * typed (counts, ids), not text, so a spreadsheet should still add them up, and a number cannot
 * carry a formula. A number that arrives as text ("-5") is defused like any other text.
 */
export function csvCell(value: CsvValue): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows as CSV text: cells through csvCell, one line per row (`\n`), ending in a line break. */
export function toCsv(rows: ReadonlyArray<readonly CsvValue[]>): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\n`).join('');
}
