import { eq, or } from 'drizzle-orm';
import { deskGroupMembers, deskGroups } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { type CaseRow, loadCase } from './load-case.js';

/** Per app: which Homes show which cases (as last built), so a case that leaves a Home is followed there too. */
interface ShownCases {
  byCase: Map<number, Set<string>>;
  byUser: Map<string, number[]>;
}
const shown = new WeakMap<object, ShownCases>();

function shownOf(ctx: Pick<ServiceContext, 'db'>): ShownCases {
  let cases = shown.get(ctx.db);
  if (!cases) {
    cases = { byCase: new Map(), byUser: new Map() };
    shown.set(ctx.db, cases);
  }
  return cases;
}

/** Remembers the cases a person's Home shows now (replacing what it showed before). */
export function rememberCasesShown(
  ctx: Pick<ServiceContext, 'db'>,
  userId: string,
  caseIds: readonly number[],
): void {
  const cases = shownOf(ctx);
  for (const id of cases.byUser.get(userId) ?? []) {
    const users = cases.byCase.get(id);
    users?.delete(userId);
    if (users?.size === 0) cases.byCase.delete(id);
  }
  const unique = [...new Set(caseIds)];
  cases.byUser.set(userId, unique);
  for (const id of unique) {
    let users = cases.byCase.get(id);
    if (!users) {
      users = new Set();
      cases.byCase.set(id, users);
    }
    users.add(userId);
  }
}

/**
 * Whose Home shows the case as it is now: its requesters, its assignee, its group's people (their
 * queue lists it while nobody has it or it is deferred) and triage's when it is theirs or escalated.
 */
async function homeAudience(ctx: Pick<ServiceContext, 'db'>, row: CaseRow): Promise<Set<string>> {
  const people = new Set<string>();
  for (const id of [row.reporterSlackUserId, row.contactSlackUserId, row.assigneeSlackUserId])
    if (id) people.add(id);
  const groups = await ctx.db
    .select({
      id: deskGroups.id,
      main: deskGroups.mainSlackUserId,
      isTriage: deskGroups.isTriage,
      member: deskGroupMembers.slackUserId,
    })
    .from(deskGroups)
    .leftJoin(deskGroupMembers, eq(deskGroupMembers.groupId, deskGroups.id))
    .where(
      row.groupId === null || row.escalatedAt !== null
        ? or(eq(deskGroups.isTriage, true), row.groupId === null ? undefined : eq(deskGroups.id, row.groupId))
        : eq(deskGroups.id, row.groupId),
    );
  for (const g of groups) {
    if (g.main) people.add(g.main);
    if (g.member) people.add(g.member);
  }
  return people;
}

/**
 * After a change of a case has committed: every Home that showed it, or shows it now, is
 * published again soon (the refresh module's way, `homeChanged`). Without Slack it does nothing.
 */
export async function caseHomesChanged(ctx: ServiceContext, caseOrId: CaseRow | number): Promise<void> {
  const surfaces = ctx.surfaces;
  if (!surfaces) return;
  const row = typeof caseOrId === 'number' ? await loadCase(ctx.db, caseOrId) : caseOrId;
  const people = await homeAudience(ctx, row);
  for (const userId of shownOf(ctx).byCase.get(row.id) ?? []) people.add(userId);
  for (const userId of people) surfaces.homeChanged(userId);
}
