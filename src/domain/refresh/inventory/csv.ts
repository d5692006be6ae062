// A small RFC 4180 reader: quoted fields may hold commas, line breaks and "" for a quote; records
// end in CRLF, LF or CR; a byte-order mark is dropped. Written here rather than installed because
// inventory files are small and the rules fit on a page, and the line numbers must be exact.

/** One record and the line of the file it starts on (1-based), so errors can name it. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A problem on a line of an input file, phrased for the person who wrote the file. */
export interface LineError {
  line: number;
  message: string;
}

export type CsvParse = { ok: true; records: CsvRecord[] } | { ok: false; error: LineError };

/**
 * Reads comma-separated text into records. Records whose fields are all blank (empty lines,
 * a spreadsheet's trailing `,,,`) are left out. A quote inside an unquoted field is kept as a
 * character (`27" monitor`), as spreadsheets read it; an unterminated quoted field, or text
 * after a closing quote, is an error on the line where it happens.
 */
export function parseCsv(input: string): CsvParse {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  // Whether the current field was quoted: `""` is an empty field, not the start of another.
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;

  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
  };
  const endRecord = () => {
    endField();
    if (fields.some((value) => value.trim() !== '')) records.push({ line: recordLine, fields });
    fields = [];
  };

  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '' && !quoted) {
      const openedOn = line;
      quoted = true;
      i += 1;
      for (;;) {
        if (i >= n)
          return { ok: false, error: { line: openedOn, message: 'a quoted field is never closed' } };
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\r' || q === '\n') {
          // A line break inside quotes belongs to the value (kept as \n) and still counts as a line.
          if (q === '\r' && text[i + 1] === '\n') i += 1;
          line += 1;
          field += '\n';
          i += 1;
          continue;
        }
        field += q;
        i += 1;
      }
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
        return {
          ok: false,
          error: { line, message: 'a quoted field is followed by text before the next comma' },
        };
      }
      continue;
    }
    if (c === ',') {
      endField();
      i += 1;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
      continue;
    }
    field += c;
    i += 1;
  }
  if (field !== '' || quoted || fields.length > 0) endRecord();
  return { ok: true, records };
}
