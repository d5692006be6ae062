import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import { deskGroupMembers, deskGroups, outbox } from '../../../../db/schema/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { invalid, notFound } from '../../errors.js';
import { postCaseCard, updateCaseCard } from './card.js';
import { CaseClickInput, loadCaseForChange, updateCaseGuarded } from './case-change.js';
import { recordCaseHistory } from './history.js';
import { caseHomesChanged } from './home-audience.js';
import { type CaseRow, caseCardView, caseSummary } from './load-case.js';

export const ReassignCaseInput = CaseClickInput.extend({
  groupId: z.number().int().positive(),
  /** One of the group's people; left out, the group's main person (as the dispatcher routes). */
  assignee: SlackUserId.nullish(),
});
export type ReassignCaseInput = z.input<typeof ReassignCaseInput>;

export interface ReassignCaseResult {
  caseId: number;
  group: string;
  assignee: string | null;
  /** True when the case moved to another group (a new card in its channel). */
  moved: boolean;
}

/** What the reassignment form offers: the case as it is, and every group. */
export async function reassignmentChoices(ctx: ServiceContext, input: CaseClickInput) {
  const { row } = await loadCaseForChange(ctx, input);
  const groups = await ctx.db
    .select({ id: deskGroups.id, name: deskGroups.name })
    .from(deskGroups)
    .orderBy(asc(deskGroups.name));
  const summary = await caseSummary(ctx.db, row, ctx.calendar.timeZone);
  return {
    caseId: row.id,
    version: row.version,
    subject: row.subject,
    group: summary.group ?? null,
    assignee: row.assigneeSlackUserId,
    groups,
  };
}

/** The group, and whether the person is one of its people (a member or its main person). */
async function groupAndPerson(db: Db | Tx, groupId: number, person: string | null) {
  const [group] = await db.select().from(deskGroups).where(eq(deskGroups.id, groupId)).limit(1);
  if (!group) throw notFound('That group no longer exists; choose another.', 'groupId');
  if (person === null || person === group.mainSlackUserId) return group;
  const [member] = await db
    .select({ id: deskGroupMembers.slackUserId })
    .from(deskGroupMembers)
    .where(and(eq(deskGroupMembers.groupId, groupId), eq(deskGroupMembers.slackUserId, person)))
    .limit(1);
  if (!member)
    throw invalid(
      `That person is not one of ${group.name}’s people; choose one of them, or leave it empty.`,
      'assignee',
    );
  return group;
}

/**
 * Reassignment (SPEC §4.2, issue item 7): staff of the case (triage included) give it to another
 * group and/or person, in one transaction. Moving to another group posts a new card in that
 * group's channel (its thread is the conversation from now on), rewrites the old card to say
 * where the case went and leaves a last line in the old thread; the old card's row stays a
 * thread root, so a reply there still reaches the case. The new assignee is told; the requesters
 * are not (who works their case changes nothing for them).
 */
export async function reassignCase(
  ctx: ServiceContext,
  input: ReassignCaseInput,
): Promise<ReassignCaseResult> {
  const parsed = ReassignCaseInput.parse(input);
  const { row, actor } = await loadCaseForChange(ctx, parsed);
  const group = await groupAndPerson(ctx.db, parsed.groupId, parsed.assignee ?? null);
  const assignee = parsed.assignee ?? group.mainSlackUserId ?? null;
  const moved = row.groupId !== group.id;
  if (!moved && assignee === row.assigneeSlackUserId)
    throw invalid(
      `Case #${row.id} is with ${group.name}${assignee ? ' and that person' : ''} already; choose another group or person.`,
      parsed.assignee ? 'assignee' : 'groupId',
    );
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const oldCard = row.cardOutboxId;
    const updated = await updateCaseGuarded(
      tx,
      row,
      {
        groupId: group.id,
        assigneeSlackUserId: assignee,
        // An unrouted case is routed now; a pending one waits anew in its new group, so its
        // escalation clock restarts there.
        ...(row.status === 'new' || row.status === 'pending'
          ? { status: 'pending' as const, statusChangedAt: now }
          : {}),
        ...(moved ? { cardOutboxId: null } : {}),
      },
      now,
    );
    await recordCaseHistory(
      tx,
      {
        caseId: row.id,
        action: 'reassigned',
        actor,
        detail: {
          group: { from: row.groupId, to: group.id },
          groupName: group.name,
          assignee: { from: row.assigneeSlackUserId, to: assignee },
        },
      },
      now,
    );
    if (moved) await move(tx, ctx, updated, oldCard, group, actor, now);
    else await updateCaseCard(tx, ctx, updated, now);
    if (assignee && assignee !== actor) {
      await enqueueNotice(
        tx,
        {
          channel: 'slack_dm',
          recipient: assignee,
          kind: 'case_assigned',
          view: { ...(await caseSummary(tx, updated, ctx.calendar.timeZone)), why: 'reassigned', by: actor },
          caseId: row.id,
        },
        now,
      );
    }
  });
  ctx.noticesWritten();
  await caseHomesChanged(ctx, row.id);
  return { caseId: row.id, group: group.name, assignee, moved };
}

/** The card moves: a new one in the new group's channel, the old one rewritten, a last line in its thread. */
async function move(
  tx: Db | Tx,
  ctx: ServiceContext,
  updated: CaseRow,
  oldCard: number | null,
  group: typeof deskGroups.$inferSelect,
  actor: string,
  now: Date,
): Promise<void> {
  await postCaseCard(tx, ctx, updated, now);
  if (oldCard === null) return;
  const view = await caseCardView(tx, updated, ctx.calendar.timeZone);
  const [oldChannel] = await tx
    .select({ channel: outbox.recipient })
    .from(outbox)
    .where(eq(outbox.id, oldCard))
    .limit(1);
  if (!oldChannel) return;
  await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: oldChannel.channel,
      kind: 'case_card',
      view: { ...view, postedAs: oldCard, movedTo: { group: group.name, channel: group.slackChannelId } },
      caseId: updated.id,
    },
    now,
  );
  await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: oldChannel.channel,
      kind: 'case_moved',
      view: {
        caseId: updated.id,
        subject: updated.subject,
        threadOf: oldCard,
        group: group.name,
        channel: group.slackChannelId,
        assignee: updated.assigneeSlackUserId,
        by: actor,
      },
      caseId: updated.id,
    },
    now,
  );
}
