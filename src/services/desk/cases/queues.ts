import { and, desc, eq, gte, inArray, isNotNull, isNull, notExists, or, sql } from 'drizzle-orm';
import { deskCaseHistory, deskCases, deskGroupMembers, deskGroups } from '../../../../db/schema/index.js';
import type { CaseSummaryView } from '../../../domain/desk/notices.js';
import type { ServiceContext } from '../../context.js';
import { notAllowed } from '../../errors.js';
import { isDeskAdmin } from '../setup/access.js';
import { caseSummary } from './load-case.js';

/** Cases per page of triage's queue: a Home shows a handful of blocks each within Block Kit's 100. */
export const triageQueuePageSize = 10;

export interface TriageQueue {
  cases: CaseSummaryView[];
  /** Every case in the queue, for "…and N more" and the page buttons. */
  total: number;
}

/**
 * Triage's queue (SPEC §5, issue item 6): cases nobody routed (`new`, no group) and escalated
 * ones nobody has taken, reassigned or answered since, newest first (by escalation, else by
 * opening). `page` counts from 0. Members of triage and desk admins only.
 */
export async function triageQueue(ctx: ServiceContext, userId: string, page = 0): Promise<TriageQueue> {
  if (!(await isTriagePerson(ctx, userId)) && !(await isDeskAdmin(ctx, userId)))
    throw notAllowed('Only triage and desk admins see the triage queue.');
  const handledSinceEscalation = ctx.db
    .select({ one: sql`1` })
    .from(deskCaseHistory)
    .where(
      and(
        eq(deskCaseHistory.caseId, deskCases.id),
        inArray(deskCaseHistory.action, ['taken', 'reassigned']),
        gte(deskCaseHistory.at, deskCases.escalatedAt),
      ),
    );
  const inQueue = or(
    and(eq(deskCases.status, 'new'), isNull(deskCases.groupId)),
    and(eq(deskCases.status, 'pending'), isNotNull(deskCases.escalatedAt), notExists(handledSinceEscalation)),
  );
  const newest = sql`coalesce(${deskCases.escalatedAt}, ${deskCases.openedAt})`;
  const [rows, total] = await Promise.all([
    ctx.db
      .select()
      .from(deskCases)
      .where(inQueue)
      .orderBy(desc(newest), desc(deskCases.id))
      .limit(triageQueuePageSize)
      .offset(Math.max(0, Math.floor(page)) * triageQueuePageSize),
    ctx.db.$count(deskCases, inQueue),
  ]);
  const cases: CaseSummaryView[] = [];
  for (const row of rows) cases.push(await caseSummary(ctx.db, row, ctx.calendar.timeZone));
  return { cases, total };
}

/** A member or the main person of the triage group. */
async function isTriagePerson(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<boolean> {
  const [row] = await ctx.db
    .select({ id: deskGroups.id })
    .from(deskGroups)
    .leftJoin(
      deskGroupMembers,
      and(eq(deskGroupMembers.groupId, deskGroups.id), eq(deskGroupMembers.slackUserId, userId)),
    )
    .where(
      and(
        eq(deskGroups.isTriage, true),
        or(eq(deskGroupMembers.slackUserId, userId), eq(deskGroups.mainSlackUserId, userId)),
      ),
    )
    .limit(1);
  return row !== undefined;
}
