import type { ButtonAction } from '@slack/bolt';
import { renderConfigList } from '../../../../../blocks/refresh/messages/config-list.js';
import type { ServiceContext } from '../../../../services/context.js';
import { listConfigs } from '../../../../services/refresh/configs/list-configs.js';
import { explainError } from '../../../plumbing/answers.js';
import { configPageValue } from '../../../values/refresh.js';
import type { ActionArgs } from '../../register.js';

/** "Previous page" / "Next page" on the config list: the list message is replaced by that page. */
export async function showConfigPage(
  ctx: ServiceContext,
  { ack, body, action, respond, logger }: ActionArgs,
): Promise<void> {
  await ack();
  const value = configPageValue.parse((action as ButtonAction).value);
  try {
    const page = listConfigs(ctx, body.user.id, value?.page ?? 1);
    await respond({ response_type: 'ephemeral', replace_original: true, ...renderConfigList(page) });
  } catch (error) {
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: explainError(error, logger.error.bind(logger)),
    });
  }
}
