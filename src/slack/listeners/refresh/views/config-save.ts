import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import {
  configFormBlocks as B,
  configFieldBlocks,
  renderConfigNotice,
  renderConfigSaved,
} from '../../../../../blocks/refresh/modals/config-form.js';
import { staleFormView } from '../../../../../blocks/shared/stale-form.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import {
  type ApproverProfile,
  type ConfigField,
  type ConfigSaveInput,
  configLimits,
  configOptionKeys,
  InvalidConfig,
} from '../../../../services/refresh/configs/config-fields.js';
import { createConfig } from '../../../../services/refresh/configs/create-config.js';
import { updateConfig } from '../../../../services/refresh/configs/update-config.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { configFormMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';

const Option = z.object({ value: z.string() });
const Text = z.object({ value: z.string().nullish() });
const One = z.object({ selected_option: Option.nullish() });
const Many = z.object({ selected_options: z.array(Option).nullish() });
const Users = z.object({ selected_users: z.array(z.string()).nullish() });

/** The form's state as Slack sends it; every input may be missing or empty. */
const ConfigFormState = z
  .object({
    [B.name]: z.object({ value: Text }).partial(),
    [B.unit]: z.object({ [ids.configUnitOptions]: One }).partial(),
    [B.style]: z.object({ value: One }).partial(),
    [B.options]: z.object({ value: Many }).partial(),
    [B.approvers]: z.object({ value: Users }).partial(),
    [B.proposedModel]: z.object({ [ids.configModelOptions]: One }).partial(),
    [B.approvedModels]: z.object({ [ids.configModelOptions]: Many }).partial(),
    [B.bundle]: z.object({ [ids.configPeripheralOptions]: Many }).partial(),
    [B.location]: z.object({ value: Text }).partial(),
  })
  .partial();

/** An option's value as an id; anything else becomes NaN, which the service refuses by field. */
const toId = (value: string | undefined) =>
  value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;

function readForm(values: unknown): ConfigSaveInput['fields'] | undefined {
  const parsed = ConfigFormState.safeParse(values);
  if (!parsed.success) return undefined;
  const s = parsed.data;
  const checked = new Set((s[B.options]?.value?.selected_options ?? []).map((o) => o.value));
  const unit = s[B.unit]?.[ids.configUnitOptions]?.selected_option?.value;
  const proposed = s[B.proposedModel]?.[ids.configModelOptions]?.selected_option?.value;
  return {
    name: s[B.name]?.value?.value ?? '',
    unitId: toId(unit),
    style: (s[B.style]?.value?.selected_option?.value ?? '') as ConfigSaveInput['fields']['style'],
    ...Object.fromEntries(configOptionKeys.map((key) => [key, checked.has(key)])),
    approvers: s[B.approvers]?.value?.selected_users ?? [],
    proposedModelId: toId(proposed),
    approvedModelIds: (s[B.approvedModels]?.[ids.configModelOptions]?.selected_options ?? []).map((o) =>
      toId(o.value),
    ),
    bundlePeripheralIds: (s[B.bundle]?.[ids.configPeripheralOptions]?.selected_options ?? []).map((o) =>
      toId(o.value),
    ),
    unitSpecifiedLocation: s[B.location]?.value?.value ?? null,
  };
}

const lookupTimeoutMs = 1500;

/**
 * Asks Slack who each approver is (`users.info`, which needs users:read.email): the service
 * refuses bots, people who left and people without an address, and remembers the rest.
 * Lookups run side by side and give up in time for the 3-second answer; one that failed is
 * left out, and the service says it could not look that person up.
 */
async function lookUpApprovers(client: WebClient, userIds: readonly string[]): Promise<ApproverProfile[]> {
  const wanted = [...new Set(userIds)]
    .filter((id) => SlackUserId.safeParse(id).success)
    .slice(0, configLimits.approvers);
  const profiles = await Promise.all(
    wanted.map(async (id): Promise<ApproverProfile | undefined> => {
      try {
        const answer = await Promise.race([
          client.users.info({ user: id }),
          new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), lookupTimeoutMs).unref()),
        ]);
        const user = answer?.user;
        if (!user) return undefined;
        return {
          slackUserId: id,
          email: user.profile?.email ?? null,
          name: user.real_name || user.profile?.real_name || user.name || null,
          isBot: user.is_bot === true,
          deleted: user.deleted === true,
        };
      } catch {
        return undefined;
      }
    }),
  );
  return profiles.filter((p): p is ApproverProfile => p !== undefined);
}

/**
 * Saves the config form: looks up the approvers, creates or updates the config, and answers
 * in the modal: field errors beside their inputs, a stale edit as an error on the name, or
 * the saved summary in place of the form.
 */
export async function saveConfigForm(ctx: ServiceContext, { ack, body, view, client, logger }: ViewArgs) {
  const meta = configFormMetadata.parse(view.private_metadata);
  const fields = readForm(view.state.values);
  if (!meta || !fields || (meta.configId === null) !== (meta.updatedAt === null)) {
    await ack({ response_action: 'update', view: staleFormView() });
    return;
  }
  const actor = body.user.id;
  const approverProfiles = await lookUpApprovers(client, fields.approvers ?? []);
  try {
    const input = { actor, fields, approverProfiles };
    const saved =
      meta.configId === null || meta.updatedAt === null
        ? createConfig(ctx, input)
        : updateConfig(ctx, { ...input, configId: meta.configId, expectedUpdatedAt: meta.updatedAt });
    await ack({ response_action: 'update', view: renderConfigSaved(saved, meta.configId === null) });
  } catch (error) {
    if (error instanceof InvalidConfig) {
      const errors: Record<string, string> = {};
      for (const [field, message] of Object.entries(error.fields))
        errors[configFieldBlocks[field as ConfigField]] = message;
      await ack({ response_action: 'errors', errors });
    } else if (error instanceof ServiceError && error.kind === 'conflict') {
      await ack({ response_action: 'errors', errors: { [B.name]: error.message } });
    } else {
      await ack({
        response_action: 'update',
        view: renderConfigNotice(explainError(error, logger.error.bind(logger))),
      });
    }
  }
}

export function registerConfigSave(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.configSave, (args) => saveConfigForm(ctx, args));
}
