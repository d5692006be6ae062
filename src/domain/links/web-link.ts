import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

// Signed links to Otto's own web pages, for people who act from an e-mail instead of Slack.
// A link names who it was sent to, what it is about, what it lets them do and until when; it is
// signed with a secret from configuration, so none of that can be altered. Which link is the
// newest (and so may act) is kept in the database: see `web_links`.

/** What a link lets its reader do; each action has one page (src/web/pages). */
export const webLinkActions = [
  /** Walk the refresh wizard of a ticket (SPEC §2.1). */
  'wizard',
  /** Book, or change, the delivery time of a ticket (SPEC §2.3). */
  'booking',
  /** Approve or deny one ticket (SPEC §2.1). */
  'approval',
  /** Every ticket that awaits an approver, from the Friday digest. */
  'approvals',
  /** Approve or deny an order group. */
  'order_group_approval',
] as const;
export type WebLinkAction = (typeof webLinkActions)[number];

/** What a link is about. */
export const webLinkSubjectKinds = ['ticket', 'order_group', 'person', 'case'] as const;
export type WebLinkSubjectKind = (typeof webLinkSubjectKinds)[number];

export const WebLinkTarget = z.object({
  action: z.enum(webLinkActions),
  subject: z.object({ kind: z.enum(webLinkSubjectKinds), id: z.number().int().positive() }),
});
export type WebLinkTarget = z.infer<typeof WebLinkTarget>;

/** Everything a link carries. */
export const WebLinkClaims = WebLinkTarget.extend({
  /** The address the link was e-mailed to. */
  recipient: z.email(),
  /** Which issue of the link this is: only the newest for its recipient, action and subject acts. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  expiresAt: z.number().int().positive(),
});
export type WebLinkClaims = z.infer<typeof WebLinkClaims>;

/** Longer than any link Otto makes; anything longer is not read at all. */
const maxTokenLength = 1024;

function mac(secret: string, purpose: string, value: string): Buffer {
  return createHmac('sha256', secret).update(`otto-${purpose}:${value}`).digest();
}

/** Constant-time comparison of a presented value with the expected MAC. */
function sameMac(presented: string, expected: Buffer): boolean {
  const given = Buffer.from(presented, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The token a link carries in its path. */
export function signWebLink(secret: string, claims: WebLinkClaims): string {
  const body = Buffer.from(
    JSON.stringify({
      r: claims.recipient,
      a: claims.action,
      k: claims.subject.kind,
      i: claims.subject.id,
      n: claims.nonce,
      x: claims.expiresAt,
    }),
  ).toString('base64url');
  return `${body}.${mac(secret, 'web-link', body).toString('base64url')}`;
}

const TokenBody = z.object({
  r: z.string(),
  a: z.string(),
  k: z.string(),
  i: z.number(),
  n: z.string(),
  x: z.number(),
});

/** The claims of a token Otto signed with this secret; undefined for anything altered or foreign. */
export function readWebLink(secret: string, token: string): WebLinkClaims | undefined {
  if (token.length > maxTokenLength) return undefined;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return undefined;
  const [, body = '', signature = ''] = match;
  if (!sameMac(signature, mac(secret, 'web-link', body))) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const fields = TokenBody.safeParse(decoded);
  if (!fields.success) return undefined;
  const { r, a, k, i, n, x } = fields.data;
  const claims = WebLinkClaims.safeParse({
    recipient: r,
    action: a,
    subject: { kind: k, id: i },
    nonce: n,
    expiresAt: x,
  });
  return claims.success ? claims.data : undefined;
}

/**
 * The form token a page's POST must carry: bound to the link's issue, so a form cannot be
 * posted from anywhere that has not been shown the page.
 */
export function formToken(secret: string, claims: Pick<WebLinkClaims, 'nonce'>): string {
  return mac(secret, 'web-form', claims.nonce).toString('base64url');
}

export function isFormToken(
  secret: string,
  claims: Pick<WebLinkClaims, 'nonce'>,
  presented: string,
): boolean {
  return presented.length <= 128 && sameMac(presented, mac(secret, 'web-form', claims.nonce));
}
