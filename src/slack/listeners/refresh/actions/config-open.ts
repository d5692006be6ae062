import type { ButtonAction } from '@slack/bolt';
import { renderConfigForm } from '../../../../../blocks/refresh/modals/config-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getConfigForm } from '../../../../services/refresh/configs/get-config-form.js';
import { ids } from '../../../ids.js';
import { explainError } from '../../../plumbing/answers.js';
import { configValue } from '../../../values/refresh.js';
import type { ActionArgs } from '../../register.js';

/** The list's "Edit" (value: the config) and "New config" buttons open the config form. */
export async function openConfigForm(
  ctx: ServiceContext,
  { ack, body, action, client, respond, logger }: ActionArgs,
): Promise<void> {
  await ack();
  const log = logger.error.bind(logger);
  try {
    let ref: number | undefined;
    if (action.action_id === ids.configEdit) {
      const value = configValue.parse((action as ButtonAction).value);
      if (!value) {
        await respond({
          response_type: 'ephemeral',
          replace_original: false,
          text: 'That button is out of date, so nothing was opened. `/otto config` lists the configs as they are now.',
        });
        return;
      }
      ref = value.configId;
    }
    const form = getConfigForm(ctx, body.user.id, ref);
    await client.views.open({ trigger_id: body.trigger_id, view: renderConfigForm(form) });
  } catch (error) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: explainError(error, log) });
  }
}
