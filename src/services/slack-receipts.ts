import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { prepared, preparedFor } from '../../db/prepared.js';
import { slackReceipts } from '../../db/schema/index.js';

/** Slack's last retry comes minutes after the first delivery; a day covers it with room to spare. */
const receiptRetentionMs = 24 * 60 * 60 * 1000;

const statements = preparedFor((db) => ({
  claim: prepared(
    db
      .insert(slackReceipts)
      .values({ key: sql.placeholder('key'), receivedAt: sql.placeholder('receivedAt') })
      .onConflictDoNothing()
      .returning({ key: slackReceipts.key }),
    'slack-receipts-claim',
  ),
  find: prepared(
    db
      .select({ receivedAt: slackReceipts.receivedAt, answer: slackReceipts.answer })
      .from(slackReceipts)
      .where(eq(slackReceipts.key, sql.placeholder('key'))),
    'slack-receipts-find',
  ),
  claimAnswered: prepared(
    db
      .insert(slackReceipts)
      .values({
        key: sql.placeholder('key'),
        receivedAt: sql.placeholder('receivedAt'),
        answer: sql`${sql.placeholder('answer')}`,
      })
      .onConflictDoNothing(),
    'slack-receipts-claim-answered',
  ),
  answer: prepared(
    db
      .update(slackReceipts)
      .set({ answer: sql`${sql.placeholder('answer')}` })
      .where(eq(slackReceipts.key, sql.placeholder('key'))),
    'slack-receipts-answer',
  ),
  release: prepared(
    db
      .delete(slackReceipts)
      .where(and(eq(slackReceipts.key, sql.placeholder('key')), isNull(slackReceipts.answer))),
    'slack-receipts-release',
  ),
  // Both instants as Dates: a placeholder in set(sql``) or in eq() is bound as given, not
  // encoded by the column as an insert's values are (each driver binds a Date as its column
  // stores an instant).
  takeOver: prepared(
    db
      .update(slackReceipts)
      .set({ receivedAt: sql`${sql.placeholder('now')}` })
      .where(
        and(
          eq(slackReceipts.key, sql.placeholder('key')),
          isNull(slackReceipts.answer),
          eq(slackReceipts.receivedAt, sql.placeholder('seen')),
        ),
      )
      .returning({ key: slackReceipts.key }),
    'slack-receipts-take-over',
  ),
}));

/**
 * Records an Events API delivery; false when its event_id was recorded already (Slack's retry,
 * or the same event delivered twice), in which case it must not be handled again.
 */
export async function claimEvent(db: Db, eventId: string, now: Date): Promise<boolean> {
  return (await statements(db).claim.execute({ key: `event:${eventId}`, receivedAt: now })).length === 1;
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
export async function claimSubmission(
  db: Db,
  key: string,
  now: Date,
  abandonAfterMs: number,
): Promise<SubmissionClaim> {
  const s = statements(db);
  // A claim can be released or taken over between the insert and the read: try again then.
  for (let attempt = 0; attempt < 3; attempt++) {
    if ((await s.claim.execute({ key, receivedAt: now })).length === 1) return { kind: 'claimed' };
    const [row] = await s.find.execute({ key });
    if (row === undefined) continue;
    if (row.answer !== null) {
      const answer: unknown = JSON.parse(row.answer);
      return { kind: 'answered', answer: answer ?? undefined };
    }
    if (now.getTime() - row.receivedAt.getTime() < abandonAfterMs) return { kind: 'in_flight' };
    if ((await s.takeOver.execute({ key, now, seen: row.receivedAt })).length === 1)
      return { kind: 'claimed' };
  }
  return { kind: 'in_flight' };
}

/**
 * Claims a modal submission inside the transaction of the work it starts, so the claim commits
 * with that work (and its answer, `recordSubmissionAnswer` on the same `tx`) or not at all: false
 * when another copy holds it (on PostgreSQL, once that copy's transaction has ended).
 */
export async function claimSubmissionIn(tx: Tx, key: string, now: Date): Promise<boolean> {
  return (await statements(tx).claim.execute({ key, receivedAt: now })).length === 1;
}

/** Records a submission answered without being claimed first; a copy that claimed it meanwhile keeps its own. */
export async function keepSubmissionAnswer(db: Db, key: string, now: Date, answer: unknown): Promise<void> {
  await statements(db).claimAnswered.execute({
    key,
    receivedAt: now,
    answer: JSON.stringify(answer ?? null),
  });
}

/** Keeps the answer a claimed submission got, for any copy of it that comes again. */
export async function recordSubmissionAnswer(db: Db, key: string, answer: unknown): Promise<void> {
  await statements(db).answer.execute({ key, answer: JSON.stringify(answer ?? null) });
}

/** Gives a claim up when its submission did nothing (field errors, a failure): it may come again. */
export async function releaseSubmission(db: Db, key: string): Promise<void> {
  await statements(db).release.execute({ key });
}

/** Forgets receipts older than a day; Slack does not send those again. */
export async function forgetOldReceipts(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - receiptRetentionMs);
  const forgotten = await db
    .delete(slackReceipts)
    .where(lt(slackReceipts.receivedAt, cutoff))
    .returning({ key: slackReceipts.key });
  return forgotten.length;
}
