import { asc, eq, inArray, sql } from 'drizzle-orm';
import { models, peripherals, units } from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../domain/refresh/enums.js';
import { type ConfigOptionKey, configOptionKeys } from '../../../domain/refresh/forms.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import type { ConfigForm } from './get-config-form.js';

/** What the config form holds while an admin fills it in: ids as the selects carry them. */
export interface ConfigDraft {
  configId: number | null;
  updatedAt: number | null;
  name: string;
  unitId: number | undefined;
  style: RefreshStyle;
  options: Record<ConfigOptionKey, boolean>;
  approvers: string[];
  proposedModelId: number | undefined;
  approvedModelIds: number[];
  bundlePeripheralIds: number[];
  unitSpecifiedLocation: string | null;
}

const isId = (value: number | undefined): value is number =>
  value !== undefined && Number.isInteger(value) && value > 0;

/**
 * The config form again, as it is being filled in, for the style just picked: the choices it
 * names are looked up again (one that is gone, or not an id, is left out). Admins only.
 */
export async function draftConfigForm(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  draft: ConfigDraft,
): Promise<ConfigForm> {
  await requireAdmin(ctx, actor, draft.configId === null ? 'create refresh configs' : 'edit refresh configs');
  const modelIds = [...new Set([draft.proposedModelId, ...draft.approvedModelIds].filter(isId))];
  const peripheralIds = [...new Set(draft.bundlePeripheralIds.filter(isId))];
  const [unit] = isId(draft.unitId)
    ? await ctx.db
        .select({ id: units.id, name: units.name })
        .from(units)
        .where(eq(units.id, draft.unitId))
        .limit(1)
    : [];
  const modelRows =
    modelIds.length === 0
      ? []
      : await ctx.db
          .select({
            id: models.id,
            manufacturer: models.manufacturer,
            name: models.name,
            platform: models.platform,
          })
          .from(models)
          .where(inArray(models.id, modelIds))
          .orderBy(asc(sql`lower(${models.manufacturer})`), asc(sql`lower(${models.name})`));
  const bundle =
    peripheralIds.length === 0
      ? []
      : await ctx.db
          .select({
            id: peripherals.id,
            name: peripherals.name,
            requiresApproval: peripherals.requiresApproval,
          })
          .from(peripherals)
          .where(inArray(peripherals.id, peripheralIds))
          .orderBy(asc(sql`lower(${peripherals.name})`));
  const approved = new Set(draft.approvedModelIds);
  return {
    configId: draft.configId,
    updatedAt: draft.updatedAt,
    name: draft.name,
    unit: unit ?? null,
    style: draft.style,
    options: Object.fromEntries(configOptionKeys.map((key) => [key, draft.options[key]])) as Record<
      ConfigOptionKey,
      boolean
    >,
    approvers: draft.approvers,
    proposedModel: modelRows.find((m) => m.id === draft.proposedModelId) ?? null,
    approvedModels: modelRows.filter((m) => approved.has(m.id)),
    bundle,
    unitSpecifiedLocation: draft.unitSpecifiedLocation,
  };
}
