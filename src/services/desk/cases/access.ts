import { and, eq, or } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { deskGroupMembers, deskGroups } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { notAllowed } from '../../errors.js';
import { isDeskAdmin } from '../setup/access.js';
import type { CaseRow } from './load-case.js';

/**
 * How a person stands to a case (SPEC §4, issue "cases in Slack" item 9): its group, triage and
 * desk admins work it (`staff`); its reporter and contact see it (`requester`); nobody else does.
 */
export interface CaseAccess {
  staff: boolean;
  requester: boolean;
  /** A member (or the main person) of the triage group. */
  triage: boolean;
  deskAdmin: boolean;
}

/** True when the person is a member or the main person of the group, or of triage. */
async function groupStanding(
  db: Db | Tx,
  userId: string,
  groupId: number | null,
): Promise<{ inGroup: boolean; triage: boolean }> {
  const rows = await db
    .select({ id: deskGroups.id, isTriage: deskGroups.isTriage })
    .from(deskGroups)
    .leftJoin(
      deskGroupMembers,
      and(eq(deskGroupMembers.groupId, deskGroups.id), eq(deskGroupMembers.slackUserId, userId)),
    )
    .where(or(eq(deskGroupMembers.slackUserId, userId), eq(deskGroups.mainSlackUserId, userId)));
  return {
    inGroup: groupId !== null && rows.some((r) => r.id === groupId),
    triage: rows.some((r) => r.isTriage),
  };
}

export async function caseAccessOf(
  ctx: Pick<ServiceContext, 'db'>,
  row: CaseRow,
  userId: string,
): Promise<CaseAccess> {
  const [standing, deskAdmin] = await Promise.all([
    groupStanding(ctx.db, userId, row.groupId),
    isDeskAdmin(ctx, userId),
  ]);
  const requester = row.reporterSlackUserId === userId || row.contactSlackUserId === userId;
  return {
    staff: standing.inGroup || standing.triage || deskAdmin || row.assigneeSlackUserId === userId,
    requester,
    triage: standing.triage,
    deskAdmin,
  };
}

/** Staff of the case (its group, its assignee, triage, desk admins) may work it; others are refused. */
export async function requireCaseStaff(
  ctx: Pick<ServiceContext, 'db'>,
  row: CaseRow,
  userId: string,
): Promise<CaseAccess> {
  const access = await caseAccessOf(ctx, row, userId);
  if (!access.staff) throw notAllowed(`You are not allowed to work on case #${row.id}.`);
  return access;
}

/** Staff and the case's requesters may see it; others are refused without learning what it is about. */
export async function requireCaseReader(
  ctx: Pick<ServiceContext, 'db'>,
  row: CaseRow,
  userId: string,
): Promise<CaseAccess> {
  const access = await caseAccessOf(ctx, row, userId);
  if (!access.staff && !access.requester) throw notAllowed(`You are not allowed to see case #${row.id}.`);
  return access;
}
