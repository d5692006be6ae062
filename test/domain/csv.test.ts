import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../src/domain/csv.js';
import { parseCsv } from '../../src/domain/refresh/inventory/csv.js';

/** The cells a spreadsheet would read back from the text. */
function readBack(text: string): string[][] {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(`unreadable CSV: ${JSON.stringify(parsed.error)}`);
  return parsed.records.map((r) => r.fields);
}

describe('csvCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['\t=1+1', "'\t=1+1"],
    ['\tplain after a tab', "'\tplain after a tab"],
    ['\r=1+1', `"'\r=1+1"`],
    [' =1+1', "' =1+1"],
    ['\n+1', `"'\n+1"`],
    ['\u00a0@x', "'\u00a0@x"],
    ['＝1+1', "'＝1+1"],
    ['－1', "'－1"],
  ])('defuses %j as a formula', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it.each([
    ['Dell Latitude 7450', 'Dell Latitude 7450'],
    ['a=b', 'a=b'],
    ['1-2', '1-2'],
    ['x@example.edu', 'x@example.edu'],
    ['Dell, Inc.', '"Dell, Inc."'],
    ['27" monitor', '"27"" monitor"'],
    ['two\nlines', '"two\nlines"'],
    ['trailing space ', '"trailing space "'],
    ['', ''],
    ['Ünïcødé 💻', 'Ünïcødé 💻'],
  ])('leaves %j as text, quoted only when needed', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('writes numbers Otto computed as numbers, negative ones too, and text numbers as text', () => {
    expect(csvCell(3)).toBe('3');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(2.5)).toBe('2.5');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell('-5')).toBe("'-5");
  });
});

describe('toCsv', () => {
  it('reads back cell for cell, each formula shown as text behind a quote mark', () => {
    const rows = [
      ['kind', 'item', 'count'],
      ['model', "\t=cmd|' /C calc'!A0", 1],
      ['peripheral', 'Dell 27" monitor, black', 2],
      ['software', '@risk\r\nsecond line', 3],
      ['software', '+1 (555) 0100', -4],
    ];
    const text = toCsv(rows);
    expect(text.endsWith('\n')).toBe(true);
    const back = readBack(text);
    expect(back).toEqual([
      ['kind', 'item', 'count'],
      ['model', "'\t=cmd|' /C calc'!A0", '1'],
      ['peripheral', 'Dell 27" monitor, black', '2'],
      // The reader keeps a quoted line break as \n.
      ['software', "'@risk\nsecond line", '3'],
      ['software', "'+1 (555) 0100", '-4'],
    ]);
    for (const row of back) {
      for (const cell of row.slice(0, 2)) expect(cell).not.toMatch(/^\s*[=+\-@]|^[\t\r]/);
    }
  });
});
