import { asc, count, eq, inArray, sql } from 'drizzle-orm';
import { configApprovers, refreshConfigs, refreshTickets, units } from '../../../../db/schema/index.js';
import { closedRefreshStatuses, type RefreshStyle } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';

/** Configs per page of `/otto config`: one block each keeps a page well under a message's 50 blocks. */
export const configsPerPage = 20;

export interface ConfigListItem {
  id: number;
  name: string;
  style: RefreshStyle;
  unitName: string | null;
  approvers: string[];
  openTickets: number;
  totalTickets: number;
}

export interface ConfigListPage {
  configs: ConfigListItem[];
  /** 1-based, clamped to the pages there are. */
  page: number;
  pageCount: number;
  total: number;
}

const closedList = sql.join(
  closedRefreshStatuses.map((status) => sql`${status}`),
  sql`, `,
);

/** One page of refresh configs by name, with approvers and ticket counts (admins only). */
export async function listConfigs(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  page = 1,
): Promise<ConfigListPage> {
  await requireAdmin(ctx, actor, 'see refresh configs');
  const total = (await ctx.db.select({ n: count() }).from(refreshConfigs))[0]?.n ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / configsPerPage));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = await ctx.db
    .select({
      id: refreshConfigs.id,
      name: refreshConfigs.name,
      style: refreshConfigs.style,
      unitName: units.name,
    })
    .from(refreshConfigs)
    .leftJoin(units, eq(units.id, refreshConfigs.unitId))
    .orderBy(asc(sql`lower(${refreshConfigs.name})`), asc(refreshConfigs.id))
    .limit(configsPerPage)
    .offset((current - 1) * configsPerPage);
  const ids = rows.map((r) => r.id);
  const approvers = new Map<number, string[]>();
  const counts = new Map<number, { open: number; total: number }>();
  if (ids.length > 0) {
    for (const row of await ctx.db
      .select({ configId: configApprovers.configId, userId: configApprovers.slackUserId })
      .from(configApprovers)
      .where(inArray(configApprovers.configId, ids))
      .orderBy(asc(configApprovers.slackUserId))) {
      approvers.set(row.configId, [...(approvers.get(row.configId) ?? []), row.userId]);
    }
    for (const row of await ctx.db
      .select({
        configId: refreshTickets.configId,
        total: count(),
        open: sql<number>`sum(case when ${refreshTickets.status} in (${closedList}) then 0 else 1 end)`,
      })
      .from(refreshTickets)
      .where(inArray(refreshTickets.configId, ids))
      .groupBy(refreshTickets.configId)) {
      counts.set(row.configId, { open: Number(row.open), total: row.total });
    }
  }
  return {
    configs: rows.map((row) => ({
      ...row,
      approvers: approvers.get(row.id) ?? [],
      openTickets: counts.get(row.id)?.open ?? 0,
      totalTickets: counts.get(row.id)?.total ?? 0,
    })),
    page: current,
    pageCount,
    total,
  };
}
