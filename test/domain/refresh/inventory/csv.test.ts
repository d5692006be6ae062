import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../../src/domain/refresh/inventory/csv.js';

function records(text: string) {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`unexpected error: ${JSON.stringify(parsed.error)}`);
  return parsed.records;
}

describe('parseCsv', () => {
  it('reads plain fields and numbers each record by the line it starts on', () => {
    expect(records('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    const text = 'name,note\n"Dell, Inc.","first line\nsecond line"\n"27"" monitor",""\nlast,one\n';
    expect(records(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Dell, Inc.', 'first line\nsecond line'] },
      { line: 4, fields: ['27" monitor', ''] },
      { line: 5, fields: ['last', 'one'] },
    ]);
  });

  it('drops a byte-order mark and reads CRLF, LF and lone CR line ends alike', () => {
    const text = '\uFEFFserial,name\r\nSN1,"a\r\nb"\r\nSN2,x\rSN3,y\nSN4,z';
    expect(records(text)).toEqual([
      { line: 1, fields: ['serial', 'name'] },
      { line: 2, fields: ['SN1', 'a\nb'] },
      { line: 4, fields: ['SN2', 'x'] },
      { line: 5, fields: ['SN3', 'y'] },
      { line: 6, fields: ['SN4', 'z'] },
    ]);
  });

  it('skips blank lines and rows of empty cells but counts them as lines', () => {
    expect(records('a,b\n\n,,\n1,2\n\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['1', '2'] },
    ]);
  });

  it('keeps empty fields, a trailing empty field included', () => {
    expect(records('a,,c,\n')).toEqual([{ line: 1, fields: ['a', '', 'c', ''] }]);
    expect(records('"",x')).toEqual([{ line: 1, fields: ['', 'x'] }]);
  });

  it('reads a quote inside an unquoted field as a character, as spreadsheets do', () => {
    expect(records('Dell 27" monitor,yes')).toEqual([{ line: 1, fields: ['Dell 27" monitor', 'yes'] }]);
  });

  it('reports a quoted field that is never closed on the line it opens', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n')).toEqual({
      ok: false,
      error: { line: 2, message: 'a quoted field is never closed' },
    });
  });

  it('reports text after a closing quote on its line', () => {
    expect(parseCsv('a,b\n"x\ny"z,1\n')).toEqual({
      ok: false,
      error: { line: 3, message: 'a quoted field is followed by text before the next comma' },
    });
  });

  it('reads an empty input as no records', () => {
    expect(records('')).toEqual([]);
    expect(records('\uFEFF\r\n')).toEqual([]);
  });
});
