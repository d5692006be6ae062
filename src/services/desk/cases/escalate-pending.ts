import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm';
import { deskCases, deskGroups } from '../../../../db/schema/index.js';
import { enqueueNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { updateCaseCard } from './card.js';
import { ottoActor, recordCaseHistory } from './history.js';
import { caseHomesChanged } from './home-audience.js';
import { caseSummary } from './load-case.js';

/** Business hours a case may stay pending before triage hears of it (SPEC §4.2; DESK_PENDING_ESCALATION_HOURS). */
export const defaultPendingEscalationHours = 4;

export const pendingEscalationHours = (ctx: Pick<ServiceContext, 'deskPendingEscalationHours'>) =>
  ctx.deskPendingEscalationHours ?? defaultPendingEscalationHours;

export interface EscalationRun {
  /** Cases escalated by this run. */
  escalated: number;
}

/**
 * Stale pending (SPEC §4.2, §4.6): a case still `pending` once N business hours of the calendar
 * have passed since it became pending is escalated to triage, once: `escalatedAt` is set, the
 * history says so, the card shows it, and triage hears in its channel (with Take and Assign) and
 * its main person by DM. A function of `now`: a run after downtime escalates what fell due
 * meanwhile, and the guarded update (still pending, not escalated) makes two runs or two
 * replicas escalate a case once.
 */
export async function escalateStalePendingCases(ctx: ServiceContext, now: Date): Promise<EscalationRun> {
  const hours = pendingEscalationHours(ctx);
  // N business hours take at least N hours: older than that is the only place to look.
  const latest = new Date(now.getTime() - hours * 3_600_000);
  const candidates = await ctx.db
    .select({ id: deskCases.id, since: deskCases.statusChangedAt })
    .from(deskCases)
    .where(
      and(
        eq(deskCases.status, 'pending'),
        isNull(deskCases.escalatedAt),
        lte(deskCases.statusChangedAt, latest),
      ),
    )
    .orderBy(asc(deskCases.statusChangedAt), asc(deskCases.id));
  const run: EscalationRun = { escalated: 0 };
  const due = candidates.filter(
    (c) => ctx.calendar.addBusinessHours(c.since, hours).getTime() <= now.getTime(),
  );
  if (due.length === 0) return run;
  const [triage] = await ctx.db
    .select()
    .from(deskGroups)
    .where(eq(deskGroups.isTriage, true))
    .orderBy(asc(deskGroups.id))
    .limit(1);
  for (const candidate of due) {
    const escalated = await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(deskCases)
        .set({ escalatedAt: now, version: sql`${deskCases.version} + 1`, updatedAt: now })
        .where(
          and(
            eq(deskCases.id, candidate.id),
            eq(deskCases.status, 'pending'),
            isNull(deskCases.escalatedAt),
            eq(deskCases.statusChangedAt, candidate.since),
          ),
        )
        .returning();
      if (!row) return false;
      await recordCaseHistory(
        tx,
        {
          caseId: row.id,
          action: 'escalated',
          actor: ottoActor,
          detail: {
            pendingSince: candidate.since.toISOString(),
            businessHours: hours,
            to: triage?.name ?? null,
          },
        },
        now,
      );
      const view = {
        ...(await caseSummary(tx, row, ctx.calendar.timeZone)),
        pendingSince: candidate.since,
        hours,
      };
      if (triage?.slackChannelId)
        await enqueueNotice(
          tx,
          {
            channel: 'slack_channel',
            recipient: triage.slackChannelId,
            kind: 'case_escalated',
            view,
            caseId: row.id,
            dedupeKey: `case:${row.id}:escalated:channel`,
          },
          now,
        );
      if (triage?.mainSlackUserId)
        await enqueueNotice(
          tx,
          {
            channel: 'slack_dm',
            recipient: triage.mainSlackUserId,
            kind: 'case_escalated',
            view,
            caseId: row.id,
            dedupeKey: `case:${row.id}:escalated:dm`,
          },
          now,
        );
      await updateCaseCard(tx, ctx, row, now);
      return true;
    });
    if (!escalated) continue;
    run.escalated += 1;
    ctx.noticesWritten();
    await caseHomesChanged(ctx, candidate.id);
    await yieldToEventLoop();
  }
  return run;
}
