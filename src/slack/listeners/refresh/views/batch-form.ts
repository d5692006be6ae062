import { z } from 'zod';
import { creationInputs as F } from '../../../../../blocks/refresh/modals/create-options.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import { ServiceError } from '../../../../services/errors.js';
import type { Delegate } from '../../../../services/refresh/batches/create-tickets-from-batch.js';
import { type CreationField, FieldError } from '../../../../services/refresh/batches/field-error.js';
import { explainError } from '../../../plumbing/answers.js';
import type { ViewArgs } from '../../register.js';

/** The creation inputs as Slack sends them; each block may be missing from a given modal. */
export const CreationForm = z.object({
  [F.serials]: z.object({ [F.serials]: z.object({ value: z.string().nullish() }) }).optional(),
  [F.config]: z
    .record(z.string(), z.object({ selected_option: z.object({ value: z.string() }).nullish() }))
    .optional(),
  [F.delegate]: z.object({ [F.delegate]: z.object({ selected_user: SlackUserId.nullish() }) }).optional(),
  [F.noCustomer]: z
    .object({
      [F.noCustomer]: z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }),
    })
    .optional(),
});
export type CreationForm = z.infer<typeof CreationForm>;

export interface CreationChoices {
  configId: number | undefined;
  delegateUserId: string | undefined;
  noCustomer: boolean;
  serials: string;
}

/** Reads the config (static or external select), delegate, no-customer box and serials. */
export function readCreationForm(form: CreationForm): CreationChoices {
  const selected = Object.values(form[F.config] ?? {})[0]?.selected_option?.value;
  const configId = selected !== undefined && /^\d+$/.test(selected) ? Number(selected) : undefined;
  return {
    configId,
    delegateUserId: form[F.delegate]?.[F.delegate].selected_user ?? undefined,
    noCustomer: (form[F.noCustomer]?.[F.noCustomer].selected_options ?? []).some(
      (o) => o.value === 'no_customer',
    ),
    serials: form[F.serials]?.[F.serials].value ?? '',
  };
}

/**
 * The delegate as Slack knows them: their e-mail and name from `users.info`, so the service
 * can find or remember the person. Undefined when none was picked.
 */
export async function delegateFromSlack(
  client: ViewArgs['client'],
  userId: string | undefined,
): Promise<Delegate | undefined> {
  if (!userId) return undefined;
  try {
    const info = await client.users.info({ user: userId });
    const email = info.user?.profile?.email;
    const name = info.user?.real_name ?? info.user?.name;
    return { slackUserId: userId, ...(email ? { email } : {}), ...(name ? { name } : {}) };
  } catch {
    // The service says the delegate has no e-mail address Otto can see.
    return { slackUserId: userId };
  }
}

const blockOf: Record<CreationField, string> = {
  name: 'name',
  serials: F.serials,
  config: F.config,
  delegate: F.delegate,
};

/** Field errors for `response_action: 'errors'`: on the field named, else on `fallback`. */
export function errorsFor(
  error: unknown,
  fallback: CreationField,
  log: (...args: unknown[]) => void,
): Record<string, string> {
  const field = error instanceof FieldError ? error.field : fallback;
  const message = error instanceof ServiceError ? error.message : explainError(error, log);
  return { [blockOf[field]]: message };
}
