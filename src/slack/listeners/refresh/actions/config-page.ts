import { renderConfigList } from '../../../../../blocks/refresh/messages/config-list.js';
import type { ServiceContext } from '../../../../services/context.js';
import { listConfigs } from '../../../../services/refresh/configs/list-configs.js';
import { answerButton, postToResponseUrl, tellClicker } from '../../../plumbing/button.js';
import { configPageValue } from '../../../values/refresh.js';

/** "Previous page" / "Next page" on the config list: the list message is replaced by that page. */
export function showConfigPage(ctx: ServiceContext) {
  return answerButton(ctx, {
    // A damaged page number shows the first page.
    read: (click) => configPageValue.parse(click.raw) ?? { page: 1 },
    staleNote: 'That button is out of date, so nothing was changed.',
    run: async ({ page }, { userId }) => renderConfigList(await listConfigs(ctx, userId, page)),
    answer: async (outcome, click) => {
      if (!outcome.ok) return tellClicker(click, outcome.note);
      if (click.place.kind !== 'message' || !click.place.responseUrl) return;
      await postToResponseUrl(click.place.responseUrl, {
        response_type: 'ephemeral',
        replace_original: true,
        ...outcome.result,
      });
    },
  });
}
