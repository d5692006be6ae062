import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import {
  configApprovedModels,
  configBundlePeripherals,
  models,
  peripherals,
  refreshConfigs,
  units,
} from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../domain/refresh/enums.js';
import { type ConfigOptionKey, configOptionKeys } from '../../../domain/refresh/forms.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { type ConfigRow, snapshotOf } from './config-store.js';
import type { ModelChoice, PeripheralChoice, UnitChoice } from './search-config-choices.js';

/** What the config form shows: blank for a new config, everything pre-filled for an edit. */
export interface ConfigForm {
  configId: number | null;
  /** The config's `updatedAt` (epoch ms) as the form saw it; the save is guarded on it. */
  updatedAt: number | null;
  name: string;
  unit: UnitChoice | null;
  style: RefreshStyle | null;
  options: Record<ConfigOptionKey, boolean>;
  approvers: string[];
  proposedModel: ModelChoice | null;
  approvedModels: ModelChoice[];
  bundle: PeripheralChoice[];
  unitSpecifiedLocation: string | null;
}

/**
 * The form for a new config (`ref` left out) or for editing one, found by id (a button) or
 * by what an admin typed: its name (any case), else `#id` or a bare id. Admins only.
 */
export async function getConfigForm(
  ctx: Pick<ServiceContext, 'db'>,
  actor: string,
  ref?: number | string,
): Promise<ConfigForm> {
  await requireAdmin(ctx, actor, ref === undefined ? 'create refresh configs' : 'edit refresh configs');
  if (ref === undefined) return blankForm();
  const row = await findConfig(ctx.db, ref);
  if (!row) {
    throw notFound(
      typeof ref === 'number'
        ? 'That config is no longer in Otto.'
        : `There is no config called “${ref.trim()}”. \`/otto config\` lists them.`,
    );
  }
  return formOf(ctx.db, row);
}

function blankForm(): ConfigForm {
  return {
    configId: null,
    updatedAt: null,
    name: '',
    unit: null,
    style: null,
    options: Object.fromEntries(configOptionKeys.map((key) => [key, false])) as Record<
      ConfigOptionKey,
      boolean
    >,
    approvers: [],
    proposedModel: null,
    approvedModels: [],
    bundle: [],
    unitSpecifiedLocation: null,
  };
}

const quoted = /^["“'‘](.*)["”'’]$/s;

async function findConfig(db: Db, ref: number | string): Promise<ConfigRow | undefined> {
  const byId = async (id: number) =>
    (await db.select().from(refreshConfigs).where(eq(refreshConfigs.id, id)).limit(1))[0];
  if (typeof ref === 'number') return byId(ref);
  const text = ref.trim().replace(quoted, '$1').trim();
  if (!text) return undefined;
  const [byName] = await db
    .select()
    .from(refreshConfigs)
    .where(eq(sql`lower(${refreshConfigs.name})`, text.toLowerCase()))
    .limit(1);
  if (byName) return byName;
  const id = /^#?(\d{1,9})$/.exec(text)?.[1];
  return id === undefined ? undefined : byId(Number(id));
}

async function formOf(db: Db, row: ConfigRow): Promise<ConfigForm> {
  const snapshot = await snapshotOf(db, row);
  const modelColumns = {
    id: models.id,
    manufacturer: models.manufacturer,
    name: models.name,
    platform: models.platform,
  };
  const unit = row.unitId
    ? (
        await db
          .select({ id: units.id, name: units.name })
          .from(units)
          .where(eq(units.id, row.unitId))
          .limit(1)
      )[0]
    : undefined;
  const proposedModel = row.proposedModelId
    ? (await db.select(modelColumns).from(models).where(eq(models.id, row.proposedModelId)).limit(1))[0]
    : undefined;
  const approvedModels = await db
    .select(modelColumns)
    .from(configApprovedModels)
    .innerJoin(models, eq(models.id, configApprovedModels.modelId))
    .where(eq(configApprovedModels.configId, row.id))
    .orderBy(asc(sql`lower(${models.manufacturer})`), asc(sql`lower(${models.name})`));
  const bundle = await db
    .select({ id: peripherals.id, name: peripherals.name, requiresApproval: peripherals.requiresApproval })
    .from(configBundlePeripherals)
    .innerJoin(peripherals, eq(peripherals.id, configBundlePeripherals.peripheralId))
    .where(eq(configBundlePeripherals.configId, row.id))
    .orderBy(asc(sql`lower(${peripherals.name})`));
  return {
    configId: row.id,
    updatedAt: row.updatedAt.getTime(),
    name: row.name,
    unit: unit ?? null,
    style: row.style,
    options: Object.fromEntries(configOptionKeys.map((key) => [key, row[key]])) as Record<
      ConfigOptionKey,
      boolean
    >,
    approvers: snapshot.approvers,
    proposedModel: proposedModel ?? null,
    approvedModels,
    bundle,
    unitSpecifiedLocation: row.unitSpecifiedLocation,
  };
}
