import { eq } from 'drizzle-orm';
import { refreshConfigs, units } from '../../../../db/schema/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import {
  ApproverProfiles,
  type ConfigSaved,
  type ConfigSaveInput,
  InvalidConfig,
  isUniqueViolation,
  parseConfigFields,
} from './config-fields.js';
import { checkConfigRules } from './config-rules.js';
import {
  approvedModelsWithProposed,
  type BundleItem,
  diffSnapshots,
  rememberApprovers,
  snapshotFromFields,
  unitDefaultBundle,
  writeConfigLinks,
} from './config-store.js';

/**
 * Creates a refresh config (admins only). Every rule is checked first and all problems are
 * reported at once; an empty bundle takes the unit's default bundle, and the proposed model
 * joins the approved models. The approvers get `people` rows, and the creation is audited.
 */
export async function createConfig(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  input: ConfigSaveInput,
): Promise<ConfigSaved> {
  const actor = SlackUserId.parse(input.actor);
  await requireAdmin(ctx, actor, 'create refresh configs');
  const fields = parseConfigFields(input.fields);
  const profiles = ApproverProfiles.parse(input.approverProfiles ?? []);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const errors = await checkConfigRules(tx, fields, profiles, null);
      if (Object.keys(errors).length > 0) throw new InvalidConfig(errors);

      const notes: string[] = [];
      let bundle: BundleItem[] = fields.bundlePeripheralIds.map((peripheralId) => ({
        peripheralId,
        quantity: 1,
      }));
      if (bundle.length === 0) {
        bundle = await unitDefaultBundle(tx, fields.unitId);
        if (bundle.length > 0) {
          const [unit] = await tx
            .select({ name: units.name })
            .from(units)
            .where(eq(units.id, fields.unitId))
            .limit(1);
          notes.push(`The peripheral bundle is ${unit?.name ?? 'the unit'}’s default bundle.`);
        }
      }
      const approved = await approvedModelsWithProposed(tx, fields);
      if (approved.note) notes.push(approved.note);

      const { approvers, approvedModelIds, bundlePeripheralIds, ...columns } = fields;
      const [row] = (await tx
        .insert(refreshConfigs)
        .values({ ...columns, createdAt: now, updatedAt: now })
        .returning()) as [typeof refreshConfigs.$inferSelect];
      await writeConfigLinks(tx, row.id, { approvers, approvedModelIds: approved.ids, bundle });
      await rememberApprovers(tx, profiles, actor, now);
      const changes = diffSnapshots(null, snapshotFromFields(fields, approved.ids, bundle));
      await recordAudit(
        tx,
        { entity: 'refresh_config', entityId: row.id, action: 'created', actor, changes },
        now,
      );
      return {
        configId: row.id,
        name: row.name,
        updatedAt: row.updatedAt,
        changed: Object.keys(changes),
        notes,
      };
    });
  } catch (error) {
    // Another admin took the name between the check and the insert.
    if (isUniqueViolation(error))
      throw new InvalidConfig({ name: 'There is already a config with that name; pick another.' });
    throw error;
  }
}
