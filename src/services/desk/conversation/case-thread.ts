import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { deskCaseMessages, outbox } from '../../../../db/schema/index.js';

/**
 * Where a message was said, as a case's thread: the staff's thread under the case's card (any card
 * the case had, so a thread left behind by a reassignment still reaches the case), or a requester's
 * DM thread under their acknowledgement (or under the first relayed message when they had none).
 */
export type CaseThread =
  | { caseId: number; side: 'staff' }
  | { caseId: number; side: 'requester'; requesterSlackUserId: string };

/** The notices whose Slack message can start a case's thread. */
const threadRoots = ['case_card', 'case_opened', 'case_message'];

// Every message in every channel Otto is in asks this first: one indexed point lookup, prepared.
const statements = preparedFor((db) => ({
  threadRoot: prepared(
    db
      .select({ caseId: outbox.caseId, channel: outbox.channel, recipient: outbox.recipient })
      .from(outbox)
      .where(
        and(
          eq(outbox.deliveryRef, sql.placeholder('ref')),
          isNotNull(outbox.caseId),
          inArray(outbox.notice, threadRoots),
        ),
      )
      .limit(1),
    'desk-case-thread-root',
  ),
  messageBySource: prepared(
    db
      .select()
      .from(deskCaseMessages)
      .where(eq(deskCaseMessages.sourceRef, sql.placeholder('ref')))
      .limit(1),
    'desk-case-message-by-source',
  ),
}));

/** The case thread a Slack thread (`channel` + the thread's root `threadTs`) is, if any. */
export async function findCaseThread(
  db: Db | Tx,
  channel: string,
  threadTs: string,
): Promise<CaseThread | undefined> {
  const [root] = await statements(db).threadRoot.execute({ ref: `${channel}:${threadTs}` });
  if (!root || root.caseId === null) return undefined;
  if (root.channel === 'slack_channel') return { caseId: root.caseId, side: 'staff' };
  if (root.channel === 'slack_dm') {
    return { caseId: root.caseId, side: 'requester', requesterSlackUserId: root.recipient };
  }
  return undefined;
}

export type CaseMessageRow = typeof deskCaseMessages.$inferSelect;

/** The stored message said at `channel:ts`, if it was part of a case's conversation. */
export async function findCaseMessage(
  db: Db | Tx,
  channel: string,
  ts: string,
): Promise<CaseMessageRow | undefined> {
  const [row] = await statements(db).messageBySource.execute({ ref: `${channel}:${ts}` });
  return row;
}
