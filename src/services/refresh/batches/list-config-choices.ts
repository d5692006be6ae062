import { asc, sql } from 'drizzle-orm';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { refreshConfigs } from '../../../../db/schema/index.js';
import { contains } from '../../../../db/sql.js';
import type { RefreshStyle } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';

/** Slack's static select takes 100 options; past that the modal searches with an external select. */
export const maxStaticConfigOptions = 100;

export interface ConfigChoice {
  id: number;
  name: string;
  style: RefreshStyle;
}

export interface ConfigChoices {
  total: number;
  /** Up to `limit` configs, by name, matching the query. */
  configs: ConfigChoice[];
}

const statements = preparedFor((db) => ({
  total: prepared(
    db.select({ count: sql<number>`count(*)`.mapWith(Number) }).from(refreshConfigs),
    'refresh-config-choices-total',
  ),
  matching: prepared(
    db
      .select({ id: refreshConfigs.id, name: refreshConfigs.name, style: refreshConfigs.style })
      .from(refreshConfigs)
      .where(contains(sql`lower(${refreshConfigs.name})`, sql`lower(${sql.placeholder('query')})`))
      .orderBy(asc(refreshConfigs.name))
      .limit(sql.placeholder('limit')),
    'refresh-config-choices-matching',
  ),
}));

/** The refresh configs to create tickets with: all of them when few, else those matching `query`. */
export async function listConfigChoices(
  ctx: ServiceContext,
  input: { actor: string; query?: string; limit?: number },
): Promise<ConfigChoices> {
  await requireAdmin(ctx, input.actor, 'create refresh tickets');
  const s = statements(ctx.db);
  return {
    total: (await s.total.execute())[0]?.count ?? 0,
    configs: await s.matching.execute({
      query: (input.query ?? '').trim(),
      limit: input.limit ?? maxStaticConfigOptions,
    }),
  };
}
