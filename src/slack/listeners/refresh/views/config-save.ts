import type { App } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  configFormBlocks as B,
  configFieldBlocks,
  renderConfigNotice,
  renderConfigSaved,
} from '../../../../../blocks/refresh/modals/config-form.js';
import { staleFormView } from '../../../../../blocks/shared/stale-form.js';
import { forActor } from '../../../../../blocks/shared/text.js';
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
import { lookUpUserInTime, slackNameOf } from '../../../plumbing/look-up-user.js';
import { element, input, readForm } from '../../../plumbing/modal-form.js';
import { fieldErrors, handleSubmission, replaceModal } from '../../../plumbing/submission.js';
import { configFormMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView } from '../../register.js';

/** An option's value as an id; anything else becomes NaN, which the service refuses by field. */
const toId = (value: string | undefined) =>
  value !== undefined && /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN;

/** The form's inputs; every one may be missing or empty, and the service names what is wrong. */
const ConfigForm = {
  name: input(B.name, 'value', element.text),
  unitId: input(B.unit, ids.configUnitOptions, element.choice.transform(toId)),
  style: input(
    B.style,
    ids.configStyle,
    element.choice.transform((v) => (v ?? '') as ConfigSaveInput['fields']['style']),
  ),
  options: input(B.options, 'value', element.choices),
  approvers: input(B.approvers, 'value', element.users),
  proposedModelId: input(B.proposedModel, ids.configModelOptions, element.choice.transform(toId)),
  approvedModelIds: input(
    B.approvedModels,
    ids.configModelOptions,
    element.choices.transform((v) => v.map(toId)),
  ),
  bundlePeripheralIds: input(
    B.bundle,
    ids.configPeripheralOptions,
    element.choices.transform((v) => v.map(toId)),
  ),
  unitSpecifiedLocation: input(
    B.location,
    'value',
    element.textOrNone.transform((v) => v ?? null),
  ),
};

/** The form's values as the person left them; undefined when the state is not what the form sends. */
export function readConfigForm(values: unknown): ConfigSaveInput['fields'] | undefined {
  const form = readForm(ConfigForm, values, 'unreadable');
  if (!form.ok) return undefined;
  const { options, ...fields } = form.values;
  const checked = new Set(options);
  return { ...fields, ...Object.fromEntries(configOptionKeys.map((key) => [key, checked.has(key)])) };
}

/**
 * Asks Slack who each approver is (`users.info`, which needs users:read.email): the service
 * refuses bots, people who left and people without an address, and remembers the rest.
 * Lookups run side by side, each within its time limit; one that failed is left out, and the
 * service says it could not look that person up.
 */
async function lookUpApprovers(client: WebClient, userIds: readonly string[]): Promise<ApproverProfile[]> {
  const wanted = [...new Set(userIds)]
    .filter((id) => SlackUserId.safeParse(id).success)
    .slice(0, configLimits.approvers);
  const profiles = await Promise.all(
    wanted.map(async (id): Promise<ApproverProfile | undefined> => {
      const user = await lookUpUserInTime(client, id);
      if (!user) return undefined;
      return {
        slackUserId: id,
        email: user.profile?.email ?? null,
        name: slackNameOf(user) ?? null,
        isBot: user.is_bot === true,
        deleted: user.deleted === true,
      };
    }),
  );
  return profiles.filter((p): p is ApproverProfile => p !== undefined);
}

/** The service's refusals by field, beside their inputs; a stale edit beside the name. */
function refusalErrors(error: unknown): Record<string, string> | undefined {
  if (error instanceof InvalidConfig) {
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(error.fields)) {
      errors[configFieldBlocks[field as ConfigField]] = message;
    }
    return errors;
  }
  if (error instanceof ServiceError && error.kind === 'conflict') return { [B.name]: error.message };
  return undefined;
}

/**
 * Saves the config form: looks up the approvers, creates or updates the config, and answers
 * in the modal: field errors beside their inputs, a stale edit as an error on the name, or
 * the saved summary in place of the form. Whether an approver can be one (an address, a
 * person, not gone) is Slack's to say and is a field error, so the lookups run before the
 * answer, within their time limit; nothing runs after it.
 */
export function saveConfigForm(ctx: ServiceContext) {
  return handleSubmission(ctx, {
    ack: async ({ view, userId, client, log }) => {
      const meta = configFormMetadata.parse(view.private_metadata);
      const fields = readConfigForm(view.state.values);
      if (!meta || !fields || (meta.configId === null) !== (meta.updatedAt === null)) {
        return { answer: replaceModal(staleFormView()) };
      }
      const approverProfiles = await lookUpApprovers(client, fields.approvers ?? []);
      try {
        const input = { actor: userId, fields, approverProfiles };
        const saved =
          meta.configId === null || meta.updatedAt === null
            ? await createConfig(ctx, input)
            : await updateConfig(ctx, {
                ...input,
                configId: meta.configId,
                expectedUpdatedAt: meta.updatedAt,
              });
        return { answer: replaceModal(renderConfigSaved(saved, meta.configId === null)) };
      } catch (error) {
        const errors = refusalErrors(error);
        return {
          answer: errors
            ? fieldErrors(errors)
            : replaceModal(renderConfigNotice(forActor(explainError(error, log)))),
        };
      }
    },
  });
}

export function registerConfigSave(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.configSave, saveConfigForm(ctx));
}
