import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import { models, peripherals, refreshConfigs, units } from '../../../../db/schema/index.js';
import { configOptionKeys } from '../../../domain/refresh/forms.js';
import type { ApproverProfile, ConfigFieldErrors, ConfigFields } from './config-fields.js';

const Email = z.email();

/**
 * Checks a config against the database and the rules of SPEC §2; returns one problem per
 * field (empty when it may be saved). `selfId` is the config being edited, so it does not
 * clash with its own name.
 */
export async function checkConfigRules(
  tx: Db | Tx,
  fields: ConfigFields,
  profiles: readonly ApproverProfile[],
  selfId: number | null,
): Promise<ConfigFieldErrors> {
  const errors: ConfigFieldErrors = {};

  // Names are looked up case-insensitively (`/otto config edit <name>`), so they must differ that way too.
  const [clash] = await tx
    .select({ name: refreshConfigs.name })
    .from(refreshConfigs)
    .where(
      and(
        eq(sql`lower(${refreshConfigs.name})`, fields.name.toLowerCase()),
        selfId === null ? undefined : ne(refreshConfigs.id, selfId),
      ),
    )
    .limit(1);
  if (clash) errors.name = `There is already a config called “${clash.name}”; pick another name.`;

  if (
    (await tx.select({ id: units.id }).from(units).where(eq(units.id, fields.unitId)).limit(1)).length === 0
  )
    errors.unitId = 'That unit is no longer in Otto; pick another.';
  if (
    (await tx.select({ id: models.id }).from(models).where(eq(models.id, fields.proposedModelId)).limit(1))
      .length === 0
  )
    errors.proposedModelId = 'That model is no longer in Otto; pick another.';

  const missingModels = await missing(tx, 'models', fields.approvedModelIds);
  if (missingModels > 0)
    errors.approvedModelIds = `${missingModels} of these models ${missingModels === 1 ? 'is' : 'are'} no longer in Otto; pick again.`;
  const missingPeripherals = await missing(tx, 'peripherals', fields.bundlePeripheralIds);
  if (missingPeripherals > 0)
    errors.bundlePeripheralIds = `${missingPeripherals} of these peripherals ${missingPeripherals === 1 ? 'is' : 'are'} no longer in Otto; pick again.`;

  // Seed 000: only unit-specified-location tickets send customers to a named place.
  if (fields.style === 'unit_specified_location' && !fields.unitSpecifiedLocation)
    errors.unitSpecifiedLocation = 'Say where customers go at their appointment time.';
  if (fields.style !== 'unit_specified_location' && fields.unitSpecifiedLocation)
    errors.unitSpecifiedLocation =
      'Only “Unit specified location” configs take a location: clear this, or pick that style.';

  // No-customer tickets go straight to ordering (SPEC §2.1): no wizard to customise, nothing to approve.
  if (fields.style === 'no_customer' && configOptionKeys.some((key) => fields[key]))
    errors.options = 'No customer tickets have no wizard and are never approved: leave these unchecked.';

  const approverProblem = checkApprovers(fields, profiles);
  if (approverProblem) errors.approvers = approverProblem;
  return errors;
}

async function missing(
  tx: Db | Tx,
  table: 'models' | 'peripherals',
  ids: readonly number[],
): Promise<number> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return 0;
  const column = table === 'models' ? models.id : peripherals.id;
  const found = (
    await tx
      .select({ id: column })
      .from(table === 'models' ? models : peripherals)
      .where(inArray(column, unique))
  ).length;
  return unique.length - found;
}

function checkApprovers(fields: ConfigFields, profiles: readonly ApproverProfile[]): string | undefined {
  if (fields.approvers.length === 0) {
    return fields.style === 'no_customer'
      ? undefined
      : 'Name at least one approver: approvers approve tickets and get the Friday digest.';
  }
  for (const userId of fields.approvers) {
    const profile = profiles.find((p) => p.slackUserId === userId);
    if (!profile) return `Otto could not look up ${userId} in Slack; try again, or pick someone else.`;
    const who = profile.name || userId;
    if (profile.isBot) return `${who} is an app, not a person.`;
    if (profile.deleted) return `${who} has left the workspace.`;
    if (!profile.email || !Email.safeParse(profile.email).success)
      return `Slack does not share ${who}’s e-mail address, which the Friday digest needs.`;
  }
  return undefined;
}
