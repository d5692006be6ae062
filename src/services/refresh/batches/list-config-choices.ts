import { asc, sql } from 'drizzle-orm';
import { preparedFor } from '../../../../db/prepared.js';
import { refreshConfigs } from '../../../../db/schema/index.js';
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
  total: db.select({ count: sql<number>`count(*)` }).from(refreshConfigs).prepare(),
  matching: db
    .select({ id: refreshConfigs.id, name: refreshConfigs.name, style: refreshConfigs.style })
    .from(refreshConfigs)
    .where(sql`instr(lower(${refreshConfigs.name}), lower(${sql.placeholder('query')})) > 0`)
    .orderBy(asc(refreshConfigs.name))
    .limit(sql.placeholder('limit'))
    .prepare(),
}));

/** The refresh configs to create tickets with: all of them when few, else those matching `query`. */
export function listConfigChoices(
  ctx: ServiceContext,
  input: { actor: string; query?: string; limit?: number },
): ConfigChoices {
  requireAdmin(ctx, input.actor, 'create refresh tickets');
  const s = statements(ctx.db);
  return {
    total: s.total.get()?.count ?? 0,
    configs: s.matching.all({
      query: (input.query ?? '').trim(),
      limit: input.limit ?? maxStaticConfigOptions,
    }),
  };
}
