import { renderConfigForm } from '../../../../../blocks/refresh/modals/config-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getConfigForm } from '../../../../services/refresh/configs/get-config-form.js';
import { answerButton, tellRefusal } from '../../../plumbing/button.js';
import { configValue } from '../../../values/refresh.js';

/** The list's "Edit" (value: the config) and "New config" buttons open the config form. */
export function openConfigForm(ctx: ServiceContext, button: 'edit' | 'new') {
  return answerButton(ctx, {
    read: (click) => (button === 'new' ? { configId: undefined } : configValue.parse(click.raw)),
    staleNote:
      'That button is out of date, so nothing was opened. `/otto config` lists the configs as they are now.',
    run: async ({ configId }, { userId, client, triggerId }) => {
      const form = await getConfigForm(ctx, userId, configId);
      await client.views.open({ trigger_id: triggerId, view: renderConfigForm(form) });
    },
    answer: tellRefusal,
  });
}
