import { eq } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { deskCases, deskGroups, outbox } from '../../../../db/schema/index.js';
import type { CaseCardView } from '../../../domain/desk/notices.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { type CaseRow, caseCardView } from './load-case.js';

/**
 * Posts the case's card in its group's channel (on opening, and again in the new group's channel
 * after a reassignment) and remembers it as the case's card: its thread is the conversation. A
 * group without a channel gets no card; the case is on its people's Homes all the same.
 */
export async function postCaseCard(
  tx: Db | Tx,
  ctx: Pick<ServiceContext, 'calendar'>,
  row: CaseRow,
  now: Date,
  /** The card's view when the caller has it already (a new case); else read. */
  view?: CaseCardView,
): Promise<number | undefined> {
  if (row.groupId === null) return undefined;
  const [group] = await tx
    .select({ channel: deskGroups.slackChannelId })
    .from(deskGroups)
    .where(eq(deskGroups.id, row.groupId))
    .limit(1);
  if (!group?.channel) return undefined;
  const outboxId = await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: group.channel,
      kind: 'case_card',
      view: view ?? (await caseCardView(tx, row, ctx.calendar.timeZone)),
      caseId: row.id,
    },
    now,
  );
  await tx
    .update(deskCases)
    .set({ cardOutboxId: outboxId ?? null })
    .where(eq(deskCases.id, row.id));
  return outboxId;
}

/** Rewrites the case's card, where it was posted, as the case is now: every change of state shows on it. */
export async function updateCaseCard(
  tx: Db | Tx,
  ctx: Pick<ServiceContext, 'calendar'>,
  row: CaseRow,
  now: Date,
): Promise<void> {
  if (row.cardOutboxId === null) return;
  const [posted] = await tx
    .select({ channel: outbox.recipient })
    .from(outbox)
    .where(eq(outbox.id, row.cardOutboxId))
    .limit(1);
  if (!posted) return;
  await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: posted.channel,
      kind: 'case_card',
      view: { ...(await caseCardView(tx, row, ctx.calendar.timeZone)), postedAs: row.cardOutboxId },
      caseId: row.id,
    },
    now,
  );
}
