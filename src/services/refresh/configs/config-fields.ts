import { z } from 'zod';
import { refreshStyles } from '../../../domain/refresh/enums.js';
import { configLimits, configOptionKeys } from '../../../domain/refresh/forms.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { ServiceError } from '../../errors.js';

// The form's options and limits live in the domain, where the Block Kit form reads them too.
export { type ConfigOptionKey, configLimits, configOptionKeys } from '../../../domain/refresh/forms.js';

const Id = z.number().int().positive();

/** What an admin sets on a refresh config (SPEC §2), as the form and the service exchange it. */
export const ConfigFields = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: 'Give the config a name.' })
    .max(configLimits.name, { error: `Keep the name within ${configLimits.name} characters.` }),
  unitId: Id,
  style: z.enum(refreshStyles, { error: 'Pick a style.' }),
  canCustomizeComputer: z.boolean().default(false),
  canCustomizePlatform: z.boolean().default(false),
  canRequestDifferentDevice: z.boolean().default(false),
  canCustomizePeripherals: z.boolean().default(false),
  canCustomizeSoftware: z.boolean().default(false),
  requiresApproval: z.boolean().default(false),
  approvers: z
    .array(SlackUserId)
    .max(configLimits.approvers, { error: `Name at most ${configLimits.approvers} approvers.` })
    .default([]),
  proposedModelId: Id,
  approvedModelIds: z
    .array(Id)
    .max(configLimits.approvedModels, {
      error: `Pick at most ${configLimits.approvedModels} approved models.`,
    })
    .default([]),
  bundlePeripheralIds: z
    .array(Id)
    .max(configLimits.bundlePeripherals, {
      error: `Put at most ${configLimits.bundlePeripherals} peripherals in the bundle.`,
    })
    .default([]),
  unitSpecifiedLocation: z
    .string()
    .trim()
    .max(configLimits.unitSpecifiedLocation, {
      error: `Keep the location within ${configLimits.unitSpecifiedLocation} characters.`,
    })
    .nullish()
    .transform((text) => text || null),
});
export type ConfigFields = z.infer<typeof ConfigFields>;

/**
 * Field names errors are reported against; `options` stands for the six checkboxes.
 * The form maps each to its input block.
 */
export type ConfigField =
  | 'name'
  | 'unitId'
  | 'style'
  | 'options'
  | 'approvers'
  | 'proposedModelId'
  | 'approvedModelIds'
  | 'bundlePeripheralIds'
  | 'unitSpecifiedLocation';

export type ConfigFieldErrors = Partial<Record<ConfigField, string>>;

/**
 * What Slack says about a person named as approver (`users.info`, looked up by the listener):
 * the Friday digest is e-mailed, so an approver needs an address Otto can remember.
 */
export const ApproverProfile = z.object({
  slackUserId: SlackUserId,
  email: z.string().trim().nullable(),
  name: z.string().trim().nullable(),
  isBot: z.boolean(),
  deleted: z.boolean(),
});
export type ApproverProfile = z.infer<typeof ApproverProfile>;

/** Problems with a config's fields, one per field, for the form to show beside each; nothing was saved. */
export class InvalidConfig extends ServiceError {
  constructor(readonly fields: ConfigFieldErrors) {
    super('invalid', `${Object.values(fields).join(' ')} Nothing was saved.`);
    this.name = 'InvalidConfig';
  }
}

/** Turns zod's issues into one sentence per field (the first issue of each wins). */
export function fieldErrorsOf(error: z.ZodError): ConfigFieldErrors {
  const errors: ConfigFieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'name');
    const field: ConfigField = (configOptionKeys as readonly string[]).includes(key)
      ? 'options'
      : (key as ConfigField);
    errors[field] ??= fieldMessage(field, issue.message);
  }
  return errors;
}

function fieldMessage(field: ConfigField, zodMessage: string): string {
  switch (field) {
    case 'unitId':
      return 'Pick the unit.';
    case 'proposedModelId':
      return 'Pick the proposed model.';
    case 'approvers':
      return zodMessage.startsWith('Name at most') ? zodMessage : 'Approvers must be people in Slack.';
    default:
      return zodMessage;
  }
}

/** Parses the form's fields, or throws `InvalidConfig` naming each bad field. */
export function parseConfigFields(raw: z.input<typeof ConfigFields>): ConfigFields {
  const parsed = ConfigFields.safeParse(raw);
  if (!parsed.success) throw new InvalidConfig(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** What the form hands the create and update verbs. */
export interface ConfigSaveInput {
  actor: string;
  fields: z.input<typeof ConfigFields>;
  /** `users.info` answers for the approvers, looked up before the call (no Slack calls in services). */
  approverProfiles?: readonly ApproverProfile[];
}

export const ApproverProfiles = z.array(ApproverProfile);

/** What a saved config looks like to the person who saved it. */
export interface ConfigSaved {
  configId: number;
  name: string;
  updatedAt: Date;
  /** Names of the fields that changed; empty when the edit changed nothing. */
  changed: string[];
  /** What Otto did besides saving the fields as given (defaults it filled in). */
  notes: string[];
}

/** True for SQLite's unique-constraint failure, whether drizzle wrapped it or not. */
export function isUniqueViolation(error: unknown): boolean {
  // SQLite's code, or PostgreSQL's unique_violation (SQLSTATE 23505), on the error or its cause.
  const unique = (e: unknown) => {
    const code = (e as { code?: unknown } | null)?.code;
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
  };
  return unique(error) || unique((error as { cause?: unknown } | null)?.cause);
}
