import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../../../src/services/errors.js';
import { parseSerials } from '../../../../src/services/refresh/batches/parse-serials.js';

describe('parseSerials', () => {
  it('splits on whitespace, commas and semicolons, upper-cases, and keeps the pasted order', () => {
    expect(parseSerials('sn001\nSN002, sn003;\tsn004  \r\n\n sn005').serials).toEqual([
      'SN001',
      'SN002',
      'SN003',
      'SN004',
      'SN005',
    ]);
  });

  it('keeps a duplicate once and names it, whatever its case', () => {
    expect(parseSerials('a1 b2 A1 c3 b2 a1')).toEqual({
      serials: ['A1', 'B2', 'C3'],
      duplicates: ['A1', 'B2'],
    });
  });

  it('refuses a paste with no serial, one over the limit, and a token too long to be a serial', () => {
    const refusal = (text: string, limit?: number) => {
      try {
        parseSerials(text, limit);
      } catch (error) {
        expect(error).toBeInstanceOf(ServiceError);
        return (error as ServiceError).message;
      }
      throw new Error('accepted');
    };
    expect(refusal(' ,\n; ')).toBe('Paste at least one serial number.');
    expect(refusal('a b c d', 3)).toBe('That is 4 serial numbers; Otto takes at most 3 at a time.');
    expect(refusal(`ok ${'x'.repeat(65)}`)).toMatch(
      /is not a serial number \(serials are at most 64 characters\)/,
    );
    expect(parseSerials('a b c', 3).serials).toHaveLength(3);
  });
});
