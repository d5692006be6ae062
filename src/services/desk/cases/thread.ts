import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { outbox } from '../../../../db/schema/index.js';

/**
 * The case whose conversation a Slack thread is, by the thread's root (`channel` + `thread_ts`):
 * any card the case ever had — the current one, and those left in other groups' channels by a
 * reassignment, which stay valid thread roots — or a requester's `case_opened` DM.
 */
export async function caseOfThread(
  db: Db | Tx,
  channel: string,
  threadTs: string,
): Promise<number | undefined> {
  const [row] = await db
    .select({ caseId: outbox.caseId })
    .from(outbox)
    .where(
      and(
        eq(outbox.deliveryRef, `${channel}:${threadTs}`),
        inArray(outbox.notice, ['case_card', 'case_opened']),
        isNotNull(outbox.caseId),
      ),
    )
    .limit(1);
  return row?.caseId ?? undefined;
}
