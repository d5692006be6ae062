import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedFor } from '../../db/prepared.js';
import { slackReceipts } from '../../db/schema/index.js';

/** Slack's last retry comes minutes after the first delivery; a day covers it with room to spare. */
const receiptRetentionMs = 24 * 60 * 60 * 1000;

const statements = preparedFor((db) => ({
  claim: db
    .insert(slackReceipts)
    .values({ key: sql.placeholder('key'), receivedAt: sql.placeholder('receivedAt') })
    .onConflictDoNothing()
    .prepare(),
  find: db
    .select({ receivedAt: slackReceipts.receivedAt, answer: slackReceipts.answer })
    .from(slackReceipts)
    .where(eq(slackReceipts.key, sql.placeholder('key')))
    .prepare(),
  answer: db
    .update(slackReceipts)
    .set({ answer: sql`${sql.placeholder('answer')}` })
    .where(eq(slackReceipts.key, sql.placeholder('key')))
    .prepare(),
  release: db
    .delete(slackReceipts)
    .where(and(eq(slackReceipts.key, sql.placeholder('key')), isNull(slackReceipts.answer)))
    .prepare(),
  // Both instants as epoch milliseconds: a placeholder in set(sql``) or in eq() is bound as
  // given, not encoded by the column as an insert's values are.
  takeOver: db
    .update(slackReceipts)
    .set({ receivedAt: sql`${sql.placeholder('nowMs')}` })
    .where(
      and(
        eq(slackReceipts.key, sql.placeholder('key')),
        isNull(slackReceipts.answer),
        eq(slackReceipts.receivedAt, sql.placeholder('seenMs')),
      ),
    )
    .prepare(),
}));

/**
 * Records an Events API delivery; false when its event_id was recorded already (Slack's retry,
 * or the same event delivered twice), in which case it must not be handled again.
 */
export function claimEvent(db: Db, eventId: string, now: Date): boolean {
  return statements(db).claim.run({ key: `event:${eventId}`, receivedAt: now }).changes === 1;
}

export type SubmissionClaim =
  | { kind: 'claimed' }
  /** Handled already: the answer it got, `undefined` for an empty ack. */
  | { kind: 'answered'; answer: unknown }
  /** Another copy is being handled right now and has not answered yet. */
  | { kind: 'in_flight' };

/**
 * Claims a modal submission by its key before it is handled. A copy that comes again gets the
 * first one's answer, or waits while that one is still being handled; a claim left unanswered
 * for longer than `abandonAfterMs` (its handler died) is taken over.
 */
export function claimSubmission(db: Db, key: string, now: Date, abandonAfterMs: number): SubmissionClaim {
  const s = statements(db);
  // A claim can be released or taken over between the insert and the read: try again then.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (s.claim.run({ key, receivedAt: now }).changes === 1) return { kind: 'claimed' };
    const row = s.find.get({ key });
    if (row === undefined) continue;
    if (row.answer !== null) {
      const answer: unknown = JSON.parse(row.answer);
      return { kind: 'answered', answer: answer ?? undefined };
    }
    if (now.getTime() - row.receivedAt.getTime() < abandonAfterMs) return { kind: 'in_flight' };
    if (s.takeOver.run({ key, nowMs: now.getTime(), seenMs: row.receivedAt.getTime() }).changes === 1)
      return { kind: 'claimed' };
  }
  return { kind: 'in_flight' };
}

/** Keeps the answer a claimed submission got, for any copy of it that comes again. */
export function recordSubmissionAnswer(db: Db, key: string, answer: unknown): void {
  statements(db).answer.run({ key, answer: JSON.stringify(answer ?? null) });
}

/** Gives a claim up when its submission did nothing (field errors, a failure): it may come again. */
export function releaseSubmission(db: Db, key: string): void {
  statements(db).release.run({ key });
}

/** Forgets receipts older than a day; Slack does not send those again. */
export function forgetOldReceipts(db: Db, now: Date): number {
  const cutoff = new Date(now.getTime() - receiptRetentionMs);
  return db.delete(slackReceipts).where(lt(slackReceipts.receivedAt, cutoff)).run().changes;
}
