import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { people, webLinks } from '../../../db/schema/index.js';
import { readWebLink, type WebLinkClaims } from '../../domain/links/web-link.js';
import type { ServiceContext } from '../context.js';

/** The person a link was sent to, as far as Otto knows them (an e-mail-only reader has no row). */
export interface WebReader {
  personId: number | null;
  email: string;
  name: string | null;
  slackUserId: string | null;
}

/**
 * What a presented link is worth: nothing (altered, foreign, malformed, or pages off), expired,
 * superseded by a newer link for the same action (it shows the current state but does not act),
 * or current.
 */
export type CheckedWebLink =
  | { state: 'invalid' }
  | { state: 'expired'; claims: WebLinkClaims }
  | { state: 'superseded' | 'current'; claims: WebLinkClaims; reader: WebReader };

// Every page view and post reads these: prepared once per database.
const statements = preparedFor((db: Db) => ({
  nonce: prepared(
    db
      .select({ nonce: webLinks.nonce })
      .from(webLinks)
      .where(
        and(
          eq(webLinks.recipient, sql.placeholder('recipient')),
          eq(webLinks.subjectKind, sql.placeholder('subjectKind')),
          eq(webLinks.subjectId, sql.placeholder('subjectId')),
          eq(webLinks.action, sql.placeholder('action')),
        ),
      ),
    'check-web-link-nonce',
  ),
  person: prepared(
    db
      .select({ id: people.id, name: people.name, slackUserId: people.slackUserId })
      .from(people)
      .where(eq(people.email, sql.placeholder('email'))),
    'check-web-link-person',
  ),
}));

export async function checkWebLink(ctx: ServiceContext, token: string): Promise<CheckedWebLink> {
  if (!ctx.linkSecret) return { state: 'invalid' };
  const claims = readWebLink(ctx.linkSecret, token);
  if (!claims) return { state: 'invalid' };
  if (claims.expiresAt <= ctx.clock.now().getTime()) return { state: 'expired', claims };
  const [issued] = await statements(ctx.db).nonce.execute({
    recipient: claims.recipient,
    subjectKind: claims.subject.kind,
    subjectId: claims.subject.id,
    action: claims.action,
  });
  const [person] = await statements(ctx.db).person.execute({ email: claims.recipient });
  const reader: WebReader = {
    personId: person?.id ?? null,
    email: claims.recipient,
    name: person?.name ?? null,
    slackUserId: person?.slackUserId ?? null,
  };
  return { state: issued?.nonce === claims.nonce ? 'current' : 'superseded', claims, reader };
}
