import { asc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import {
  configApprovedModels,
  configApprovers,
  configBundlePeripherals,
  models,
  people,
  refreshConfigs,
  unitBundlePeripherals,
} from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../domain/refresh/enums.js';
import { recordAudit } from '../../audit.js';
import type { ApproverProfile, ConfigFields } from './config-fields.js';

export type ConfigRow = typeof refreshConfigs.$inferSelect;

/** A config with its linked rows, as audits compare it before and after a change. */
export interface ConfigSnapshot {
  name: string;
  unitId: number | null;
  style: RefreshStyle;
  canCustomizeComputer: boolean;
  canCustomizePlatform: boolean;
  canRequestDifferentDevice: boolean;
  canCustomizePeripherals: boolean;
  canCustomizeSoftware: boolean;
  requiresApproval: boolean;
  proposedModelId: number | null;
  unitSpecifiedLocation: string | null;
  approvers: string[];
  approvedModelIds: number[];
  bundlePeripheralIds: number[];
}

export interface BundleItem {
  peripheralId: number;
  quantity: number;
}

export async function loadConfig(tx: Db | Tx, configId: number): Promise<ConfigRow | undefined> {
  const [row] = await tx.select().from(refreshConfigs).where(eq(refreshConfigs.id, configId)).limit(1);
  return row;
}

export function loadBundle(tx: Db | Tx, configId: number): Promise<BundleItem[]> {
  return tx
    .select({
      peripheralId: configBundlePeripherals.peripheralId,
      quantity: configBundlePeripherals.quantity,
    })
    .from(configBundlePeripherals)
    .where(eq(configBundlePeripherals.configId, configId))
    .orderBy(asc(configBundlePeripherals.peripheralId));
}

export async function snapshotOf(tx: Db | Tx, row: ConfigRow): Promise<ConfigSnapshot> {
  const approvers = (
    await tx
      .select({ id: configApprovers.slackUserId })
      .from(configApprovers)
      .where(eq(configApprovers.configId, row.id))
      .orderBy(asc(configApprovers.slackUserId))
  ).map((r) => r.id);
  const approvedModelIds = (
    await tx
      .select({ id: configApprovedModels.modelId })
      .from(configApprovedModels)
      .where(eq(configApprovedModels.configId, row.id))
      .orderBy(asc(configApprovedModels.modelId))
  ).map((r) => r.id);
  return {
    name: row.name,
    unitId: row.unitId,
    style: row.style,
    canCustomizeComputer: row.canCustomizeComputer,
    canCustomizePlatform: row.canCustomizePlatform,
    canRequestDifferentDevice: row.canRequestDifferentDevice,
    canCustomizePeripherals: row.canCustomizePeripherals,
    canCustomizeSoftware: row.canCustomizeSoftware,
    requiresApproval: row.requiresApproval,
    proposedModelId: row.proposedModelId,
    unitSpecifiedLocation: row.unitSpecifiedLocation,
    approvers,
    approvedModelIds,
    bundlePeripheralIds: (await loadBundle(tx, row.id)).map((b) => b.peripheralId),
  };
}

/** The fields that differ, as `{ from, to }` for the audit trail; `before` null for a new config. */
export function diffSnapshots(
  before: ConfigSnapshot | null,
  after: ConfigSnapshot,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after) as Array<keyof ConfigSnapshot>) {
    const from = before ? before[key] : null;
    const to = after[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

const sortedUnique = <T extends string | number>(values: readonly T[]): T[] =>
  [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Replaces a config's approvers, approved models and bundle with the given ones. */
export async function writeConfigLinks(
  tx: Tx,
  configId: number,
  links: { approvers: readonly string[]; approvedModelIds: readonly number[]; bundle: readonly BundleItem[] },
): Promise<void> {
  await tx.delete(configApprovers).where(eq(configApprovers.configId, configId));
  await tx.delete(configApprovedModels).where(eq(configApprovedModels.configId, configId));
  await tx.delete(configBundlePeripherals).where(eq(configBundlePeripherals.configId, configId));
  const approvers = sortedUnique(links.approvers);
  if (approvers.length > 0)
    await tx.insert(configApprovers).values(approvers.map((slackUserId) => ({ configId, slackUserId })));
  const modelIds = sortedUnique(links.approvedModelIds);
  if (modelIds.length > 0)
    await tx.insert(configApprovedModels).values(modelIds.map((modelId) => ({ configId, modelId })));
  const seen = new Set<number>();
  const bundle = links.bundle.filter((b) => !seen.has(b.peripheralId) && seen.add(b.peripheralId));
  if (bundle.length > 0)
    await tx
      .insert(configBundlePeripherals)
      .values(bundle.map((b) => ({ configId, peripheralId: b.peripheralId, quantity: b.quantity })));
}

/**
 * Makes sure every approver has a `people` row with the e-mail Slack gave for them, so the
 * Friday digest can e-mail them. A person already known by that address is linked to the
 * Slack account; a Slack account whose address changed keeps its row with the new address.
 */
export async function rememberApprovers(
  tx: Tx,
  profiles: readonly ApproverProfile[],
  actor: string,
  now: Date,
): Promise<void> {
  for (const profile of profiles) {
    if (!profile.email) continue;
    const email = profile.email.toLowerCase();
    const [byUser] = await tx
      .select()
      .from(people)
      .where(eq(people.slackUserId, profile.slackUserId))
      .limit(1);
    const [byEmail] = await tx
      .select()
      .from(people)
      .where(eq(sql`lower(${people.email})`, email))
      .limit(1);
    const audit = (
      personId: number,
      action: string,
      changes: Record<string, { from: unknown; to: unknown }>,
    ) => recordAudit(tx, { entity: 'person', entityId: personId, action, actor, changes }, now);

    if (byUser && byEmail && byUser.id === byEmail.id) {
      await tx
        .update(people)
        .set({ name: byUser.name ?? profile.name, slackLookedUpAt: now })
        .where(eq(people.id, byUser.id));
    } else if (byEmail) {
      // Slack says this address is this account: any other row holding the account is out of date.
      if (byUser) {
        await tx.update(people).set({ slackUserId: null }).where(eq(people.id, byUser.id));
        await audit(byUser.id, 'slack_unlinked', { slackUserId: { from: profile.slackUserId, to: null } });
      }
      await tx
        .update(people)
        .set({ slackUserId: profile.slackUserId, name: byEmail.name ?? profile.name, slackLookedUpAt: now })
        .where(eq(people.id, byEmail.id));
      if (byEmail.slackUserId !== profile.slackUserId)
        await audit(byEmail.id, 'slack_linked', {
          slackUserId: { from: byEmail.slackUserId, to: profile.slackUserId },
        });
    } else if (byUser) {
      await tx.update(people).set({ email, slackLookedUpAt: now }).where(eq(people.id, byUser.id));
      await audit(byUser.id, 'email_changed', { email: { from: byUser.email, to: email } });
    } else {
      const [created] = await tx
        .insert(people)
        .values({ email, name: profile.name, slackUserId: profile.slackUserId, slackLookedUpAt: now })
        .returning({ id: people.id });
      await audit(created!.id, 'created', {
        email: { from: null, to: email },
        slackUserId: { from: null, to: profile.slackUserId },
      });
    }
  }
}

/** The snapshot a config will have once `fields` and its links are saved. */
export function snapshotFromFields(
  fields: ConfigFields,
  approvedModelIds: readonly number[],
  bundle: readonly BundleItem[],
): ConfigSnapshot {
  return {
    name: fields.name,
    unitId: fields.unitId,
    style: fields.style,
    canCustomizeComputer: fields.canCustomizeComputer,
    canCustomizePlatform: fields.canCustomizePlatform,
    canRequestDifferentDevice: fields.canRequestDifferentDevice,
    canCustomizePeripherals: fields.canCustomizePeripherals,
    canCustomizeSoftware: fields.canCustomizeSoftware,
    requiresApproval: fields.requiresApproval,
    proposedModelId: fields.proposedModelId,
    unitSpecifiedLocation: fields.unitSpecifiedLocation,
    approvers: sortedUnique(fields.approvers),
    approvedModelIds: sortedUnique(approvedModelIds),
    bundlePeripheralIds: sortedUnique(bundle.map((b) => b.peripheralId)),
  };
}

/**
 * The approved models as picked, with the proposed model added when it is missing: a
 * customer must always be able to take the model proposed to them.
 */
export async function approvedModelsWithProposed(
  tx: Db | Tx,
  fields: ConfigFields,
): Promise<{ ids: number[]; note: string | undefined }> {
  if (fields.approvedModelIds.includes(fields.proposedModelId))
    return { ids: fields.approvedModelIds, note: undefined };
  const [model] = await tx
    .select({ manufacturer: models.manufacturer, name: models.name })
    .from(models)
    .where(eq(models.id, fields.proposedModelId))
    .limit(1);
  const label = model ? `${model.manufacturer} ${model.name}` : 'The proposed model';
  return {
    ids: [...fields.approvedModelIds, fields.proposedModelId],
    note: `${label}, the proposed model, was added to the approved models.`,
  };
}

/** The unit's default peripheral bundle (schema: copied into new configs). */
export function unitDefaultBundle(tx: Db | Tx, unitId: number): Promise<BundleItem[]> {
  return tx
    .select({ peripheralId: unitBundlePeripherals.peripheralId, quantity: unitBundlePeripherals.quantity })
    .from(unitBundlePeripherals)
    .where(eq(unitBundlePeripherals.unitId, unitId))
    .orderBy(asc(unitBundlePeripherals.peripheralId));
}
