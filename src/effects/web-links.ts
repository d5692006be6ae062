import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { prepared, preparedFor } from '../../db/prepared.js';
import { webLinks } from '../../db/schema/index.js';
import { signWebLink, type WebLinkTarget } from '../domain/links/web-link.js';

/** How the e-mails' links to Otto's web pages are made: the secret, where Otto is, how long a link works. */
export interface WebLinkSettings {
  secret: string;
  publicUrl: string;
  ttlMs: number;
}

const statements = preparedFor((db: Db) => ({
  issue: prepared(
    db
      .insert(webLinks)
      .values({
        recipient: sql.placeholder('recipient'),
        subjectKind: sql.placeholder('subjectKind'),
        subjectId: sql.placeholder('subjectId'),
        action: sql.placeholder('action'),
        nonce: sql.placeholder('nonce'),
        issuedAt: sql.placeholder('issuedAt'),
        expiresAt: sql.placeholder('expiresAt'),
      })
      .onConflictDoUpdate({
        target: [webLinks.recipient, webLinks.subjectKind, webLinks.subjectId, webLinks.action],
        set: {
          nonce: sql`excluded.nonce`,
          issuedAt: sql`excluded.issued_at`,
          expiresAt: sql`excluded.expires_at`,
        },
      }),
    'web-links-issue',
  ),
}));

/**
 * Issues a link for one e-mail: the newest for its reader, action and subject, so every older
 * link for the same action now shows the current state instead of acting. Returns the page's URL.
 */
export async function issueWebLink(
  db: Db,
  settings: WebLinkSettings,
  recipient: string,
  target: WebLinkTarget,
  now: Date,
): Promise<string> {
  const claims = {
    ...target,
    recipient,
    nonce: randomBytes(18).toString('base64url'),
    expiresAt: now.getTime() + settings.ttlMs,
  };
  await statements(db).issue.execute({
    recipient: claims.recipient,
    subjectKind: claims.subject.kind,
    subjectId: claims.subject.id,
    action: claims.action,
    nonce: claims.nonce,
    issuedAt: now,
    expiresAt: new Date(claims.expiresAt),
  });
  return `${settings.publicUrl}/web/${signWebLink(settings.secret, claims)}`;
}
