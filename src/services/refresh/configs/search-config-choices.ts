import { asc, sql } from 'drizzle-orm';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { models, peripherals, units } from '../../../../db/schema/index.js';
import type { Platform } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';

export interface UnitChoice {
  id: number;
  name: string;
}

export interface ModelChoice {
  id: number;
  manufacturer: string;
  name: string;
  platform: Platform;
}

export interface PeripheralChoice {
  id: number;
  name: string;
  requiresApproval: boolean;
}

/** Slack shows at most 100 options from an external select's loader. */
export const choiceLimit = 100;

// Each keystroke in an external select asks again, so the lookups are prepared once.
const statements = preparedFor((db) => ({
  units: prepared(
    db
      .select({ id: units.id, name: units.name })
      .from(units)
      .where(sql`lower(${units.name}) like ${sql.placeholder('pattern')} escape '\\'`)
      .orderBy(asc(sql`lower(${units.name})`))
      .limit(choiceLimit),
    'refresh-search-units',
  ),
  models: prepared(
    db
      .select({
        id: models.id,
        manufacturer: models.manufacturer,
        name: models.name,
        platform: models.platform,
      })
      .from(models)
      .where(
        sql`lower(${models.manufacturer} || ' ' || ${models.name}) like ${sql.placeholder('pattern')} escape '\\'`,
      )
      .orderBy(asc(sql`lower(${models.manufacturer})`), asc(sql`lower(${models.name})`))
      .limit(choiceLimit),
    'refresh-search-models',
  ),
  peripherals: prepared(
    db
      .select({ id: peripherals.id, name: peripherals.name, requiresApproval: peripherals.requiresApproval })
      .from(peripherals)
      .where(sql`lower(${peripherals.name}) like ${sql.placeholder('pattern')} escape '\\'`)
      .orderBy(asc(sql`lower(${peripherals.name})`))
      .limit(choiceLimit),
    'refresh-search-peripherals',
  ),
}));

/** `dell 7450` → `%dell%7450%`: the typed words, in order, anywhere in the text. */
export function likePattern(query: string): string {
  const words = query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/[\\%_]/g, (c) => `\\${c}`));
  return `%${words.join('%')}${words.length > 0 ? '%' : ''}`;
}

/** Units whose name holds the typed words, at most 100 (the config form's unit select; admins only). */
export async function searchUnits(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  query: string,
): Promise<UnitChoice[]> {
  await requireAdmin(ctx, actor, 'see units');
  return statements(ctx.db).units.execute({ pattern: likePattern(query) });
}

/** Models whose manufacturer and name hold the typed words, at most 100 (admins only). */
export async function searchModels(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  query: string,
): Promise<ModelChoice[]> {
  await requireAdmin(ctx, actor, 'see models');
  return statements(ctx.db).models.execute({ pattern: likePattern(query) });
}

/** Peripherals whose name holds the typed words, at most 100 (admins only). */
export async function searchPeripherals(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  query: string,
): Promise<PeripheralChoice[]> {
  await requireAdmin(ctx, actor, 'see peripherals');
  return statements(ctx.db).peripherals.execute({ pattern: likePattern(query) });
}
