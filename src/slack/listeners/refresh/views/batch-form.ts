import { batchNameInput } from '../../../../../blocks/refresh/modals/batch-new.js';
import { creationInputs as F } from '../../../../../blocks/refresh/modals/create-options.js';
import { SlackUserId } from '../../../../domain/slack-ids.js';
import type { Delegate } from '../../../../services/refresh/batches/create-tickets-from-batch.js';
import type { CreationField } from '../../../../services/refresh/batches/field-error.js';
import { lookUpUserInTime, slackNameOf } from '../../../plumbing/look-up-user.js';
import { element, input, required } from '../../../plumbing/modal-form.js';
import type { ViewArgs } from '../../register.js';

/** The creation inputs, shared by the batch's "Create tickets" and the bulk creator; serials only in the latter. */
export const CreationForm = {
  serials: input(F.serials, F.serials, element.text),
  configId: input(F.config, undefined, required(element.choiceId, 'Pick a refresh config.')),
  delegateUserId: input(F.delegate, F.delegate, element.user.pipe(SlackUserId.optional())),
  noCustomer: input(
    F.noCustomer,
    F.noCustomer,
    element.choices.transform((checked) => checked.includes('no_customer')),
  ),
};

/** Where the creation verbs' refusals go: the input of the field they name. */
export const creationBlocks: Record<CreationField, string> = {
  name: batchNameInput,
  serials: F.serials,
  config: F.config,
  delegate: F.delegate,
};

/**
 * The delegate as Slack knows them: their e-mail and name from `users.info`, so the service
 * can find or remember the person. Undefined when none was picked.
 */
export async function delegateFromSlack(
  client: ViewArgs['client'],
  userId: string | undefined,
): Promise<Delegate | undefined> {
  if (!userId) return undefined;
  // Not known in time: the service says the delegate has no e-mail address Otto can see.
  const user = await lookUpUserInTime(client, userId);
  const email = user?.profile?.email;
  const name = user && slackNameOf(user);
  return { slackUserId: userId, ...(email ? { email } : {}), ...(name ? { name } : {}) };
}
