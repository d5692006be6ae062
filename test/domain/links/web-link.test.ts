import { describe, expect, it } from 'vitest';
import {
  formToken,
  isFormToken,
  readWebLink,
  signWebLink,
  type WebLinkClaims,
} from '../../../src/domain/links/web-link.js';

const secret = 'a-secret-of-at-least-thirty-two-characters';
const claims: WebLinkClaims = {
  recipient: 'dana.customer@example.edu',
  action: 'wizard',
  subject: { kind: 'ticket', id: 42 },
  nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA',
  expiresAt: Date.parse('2026-12-31T00:00:00Z'),
};

describe('signed web links', () => {
  it('reads back what it signed', () => {
    expect(readWebLink(secret, signWebLink(secret, claims))).toEqual(claims);
  });

  it('refuses a token signed with another secret', () => {
    expect(
      readWebLink(secret, signWebLink('another-secret-of-at-least-thirty-two-chars', claims)),
    ).toBeUndefined();
  });

  it('refuses a token whose claims were altered', () => {
    const [, signature] = signWebLink(secret, claims).split('.');
    const forged = Buffer.from(
      JSON.stringify({
        r: claims.recipient,
        a: 'approval',
        k: 'ticket',
        i: 42,
        n: claims.nonce,
        x: claims.expiresAt,
      }),
    ).toString('base64url');
    expect(readWebLink(secret, `${forged}.${signature}`)).toBeUndefined();
  });

  it.each([
    '',
    'no-dot',
    'a.b.c',
    '..',
    `${'x'.repeat(2000)}.y`,
    'eyJ9.', // a body and no signature
  ])('refuses the malformed token %j', (token) => {
    expect(readWebLink(secret, token)).toBeUndefined();
  });

  it('refuses a correctly signed body that is not a link', () => {
    const body = Buffer.from(JSON.stringify({ r: 'x', a: 'wizard' })).toString('base64url');
    const token = signWebLink(secret, claims).replace(/^[^.]+/, body);
    expect(readWebLink(secret, token)).toBeUndefined();
  });

  it('binds the form token to the issue of the link', () => {
    const token = formToken(secret, claims);
    expect(isFormToken(secret, claims, token)).toBe(true);
    expect(isFormToken(secret, { nonce: 'BBBBBBBBBBBBBBBBBBBBBBBB' }, token)).toBe(false);
    expect(isFormToken(secret, claims, '')).toBe(false);
    expect(isFormToken(secret, claims, `${token}x`)).toBe(false);
  });
});
