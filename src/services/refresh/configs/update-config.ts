import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { refreshConfigs } from '../../../../db/schema/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { conflict, notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import {
  ApproverProfiles,
  ConfigFields,
  type ConfigSaved,
  type ConfigSaveInput,
  fieldErrorsOf,
  InvalidConfig,
  isUniqueViolation,
} from './config-fields.js';
import { checkConfigRules } from './config-rules.js';
import {
  approvedModelsWithProposed,
  type BundleItem,
  diffSnapshots,
  loadBundle,
  loadConfig,
  rememberApprovers,
  snapshotFromFields,
  snapshotOf,
  writeConfigLinks,
} from './config-store.js';

export interface UpdateConfigInput extends ConfigSaveInput {
  configId: number;
  /** The config's `updatedAt` (epoch ms) when the form was opened: a later change makes this edit stale. */
  expectedUpdatedAt: number;
}

const Target = z.object({ configId: z.number().int().positive(), expectedUpdatedAt: z.number().int() });

/**
 * Saves an admin's edit of a config, guarded on the `updatedAt` the form was opened with:
 * if anyone changed the config since, nothing is saved and the editor is told. Checks the
 * same rules as creation; an edit that changes nothing writes nothing.
 */
export async function updateConfig(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  input: UpdateConfigInput,
): Promise<ConfigSaved> {
  const actor = SlackUserId.parse(input.actor);
  await requireAdmin(ctx, actor, 'edit refresh configs');
  const target = Target.parse(input);
  const parsed = ConfigFields.safeParse(input.fields);
  const profiles = ApproverProfiles.parse(input.approverProfiles ?? []);
  const now = ctx.clock.now();
  try {
    return await ctx.db.transaction(async (tx) => {
      const current = await loadConfig(tx, target.configId);
      if (!current) throw notFound('That config is no longer in Otto, so nothing was saved.');
      if (current.updatedAt.getTime() !== target.expectedUpdatedAt) throw staleEdit(current.name);
      if (!parsed.success) throw new InvalidConfig(fieldErrorsOf(parsed.error));
      const fields = parsed.data;
      const errors = await checkConfigRules(tx, fields, profiles, current.id);
      if (Object.keys(errors).length > 0) throw new InvalidConfig(errors);

      const notes: string[] = [];
      const quantities = new Map((await loadBundle(tx, current.id)).map((b) => [b.peripheralId, b.quantity]));
      const bundle: BundleItem[] = fields.bundlePeripheralIds.map((peripheralId) => ({
        peripheralId,
        quantity: quantities.get(peripheralId) ?? 1,
      }));
      const approved = await approvedModelsWithProposed(tx, fields);
      if (approved.note) notes.push(approved.note);

      const changes = diffSnapshots(
        await snapshotOf(tx, current),
        snapshotFromFields(fields, approved.ids, bundle),
      );
      await rememberApprovers(tx, profiles, actor, now);
      if (Object.keys(changes).length === 0)
        return { configId: current.id, name: current.name, updatedAt: current.updatedAt, changed: [], notes };

      // updatedAt is the edit guard's version, so it must move even when the clock has not.
      const updatedAt = new Date(Math.max(now.getTime(), current.updatedAt.getTime() + 1));
      const { approvers, approvedModelIds, bundlePeripheralIds, ...columns } = fields;
      const [saved] = await tx
        .update(refreshConfigs)
        .set({ ...columns, updatedAt })
        .where(and(eq(refreshConfigs.id, current.id), eq(refreshConfigs.updatedAt, current.updatedAt)))
        .returning();
      if (!saved) throw staleEdit(current.name);
      await writeConfigLinks(tx, current.id, { approvers, approvedModelIds: approved.ids, bundle });
      await recordAudit(
        tx,
        { entity: 'refresh_config', entityId: current.id, action: 'updated', actor, changes },
        now,
      );
      return {
        configId: saved.id,
        name: saved.name,
        updatedAt: saved.updatedAt,
        changed: Object.keys(changes),
        notes,
      };
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new InvalidConfig({ name: 'There is already a config with that name; pick another.' });
    throw error;
  }
}

function staleEdit(name: string) {
  return conflict(
    `“${name}” was changed by someone else after you opened this form, so nothing was saved. ` +
      'Close the form and edit the config again to start from their changes.',
  );
}
