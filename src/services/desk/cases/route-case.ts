import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { deskCategories, deskGroups, deskRules } from '../../../../db/schema/index.js';
import {
  type CompiledRules,
  compileRules,
  describeReason,
  dispatch,
} from '../../../domain/desk/dispatcher.js';

/** Where the dispatcher sends a new case, and why, in words for its history and card. */
export interface CaseRoute {
  groupId: number | null;
  assigneeSlackUserId: string | null;
  ruleId: number | null;
  /** "subject has “projector”"; for a category's own group or triage, says so. */
  reason: string | null;
  how: 'rule' | 'category' | 'triage' | 'unrouted';
}

// Compiled once per set of rules: a desk's rules change rarely and cases open often. The stamp
// (how many rules, the last id, their order and latest change, and the groups) tells each process, per
// database, when to compile anew.
const caches = new WeakMap<object, { stamp: string; compiled: CompiledRules }>();

async function compiledRules(owner: Db, db: Db | Tx): Promise<CompiledRules> {
  const [[ruleStamp], groupRows] = [
    await db
      .select({
        count: sql<number>`count(*)`,
        lastId: sql<number | null>`max(${deskRules.id})`,
        order: sql<number | null>`sum(${deskRules.position} * ${deskRules.id})`,
        changed: sql<unknown>`max(${deskRules.updatedAt})`,
      })
      .from(deskRules),
    await db.select().from(deskGroups),
  ];
  const stamp = JSON.stringify([
    ruleStamp,
    groupRows.map((g) => [g.id, g.mainSlackUserId, g.isTriage, g.updatedAt.getTime()]),
  ]);
  const cache = caches.get(owner);
  if (cache?.stamp === stamp) return cache.compiled;
  const ruleRows = await db.select().from(deskRules).orderBy(asc(deskRules.position), asc(deskRules.id));
  const triage = groupRows.find((g) => g.isTriage);
  const compiled = compileRules(ruleRows, groupRows, triage?.id ?? null);
  caches.set(owner, { stamp, compiled });
  return compiled;
}

/**
 * Routes a new case (SPEC §4.2): the first matching rule → its group and person (or the group's
 * main person); no rule → the category's own group, if it names one; otherwise triage.
 */
export async function routeCase(
  ctx: { db: Db },
  db: Db | Tx,
  item: { categoryId: number | null; subject: string; description: string },
): Promise<CaseRoute> {
  const compiled = await compiledRules(ctx.db, db);
  const route = dispatch(compiled, item);
  const [category] =
    item.categoryId === null
      ? []
      : await db
          .select({ name: deskCategories.name, groupId: deskCategories.defaultGroupId })
          .from(deskCategories)
          .where(eq(deskCategories.id, item.categoryId))
          .limit(1);
  if (route.routed) {
    return {
      groupId: route.groupId,
      assigneeSlackUserId: route.assigneeSlackUserId,
      ruleId: route.ruleId,
      reason: `rule “${route.ruleName}”: ${describeReason(route.reason, category?.name)}`,
      how: 'rule',
    };
  }
  const own =
    category?.groupId === null || category === undefined ? undefined : compiled.groups.get(category.groupId);
  if (own && category) {
    return {
      groupId: own.id,
      assigneeSlackUserId: own.mainSlackUserId,
      ruleId: null,
      reason: `no rule matched; category ${category.name} goes to its own group`,
      how: 'category',
    };
  }
  if (route.groupId !== null) {
    return {
      groupId: route.groupId,
      assigneeSlackUserId: route.assigneeSlackUserId,
      ruleId: null,
      reason: 'no rule matched; triage routes it',
      how: 'triage',
    };
  }
  return { groupId: null, assigneeSlackUserId: null, ruleId: null, reason: null, how: 'unrouted' };
}
