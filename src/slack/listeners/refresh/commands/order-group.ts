import {
  orderGroupUsage,
  renderOrderGroupList,
  renderOrderGroupMessage,
} from '../../../../../blocks/refresh/messages/order-group.js';
import { renderOrderGroupNewModal } from '../../../../../blocks/refresh/modals/order-group-new.js';
import { plainMessageText } from '../../../../../blocks/shared/text.js';
import { getOrderGroup } from '../../../../services/refresh/ordering/get-order-group.js';
import {
  getOrderGroupFilterChoices,
  listOrderGroups,
} from '../../../../services/refresh/ordering/list-order-groups.js';
import { recordOrderGroupMessage } from '../../../../services/refresh/ordering/order-group-messages.js';
import { postWhereAsked } from '../../../plumbing/progress-message.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

/**
 * `/otto order-group` lists the groups; `new` opens the form that groups waiting tickets;
 * `<name|id>` posts the group's manifest with its buttons where the admin asked.
 */
export async function orderGroupSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const { ctx, userId, words, rest, client } = i;
  const [first] = words;
  if (first === undefined) return renderOrderGroupList(await listOrderGroups(ctx, { actor: userId }));
  if (first.toLowerCase() === 'help') return { text: plainMessageText(orderGroupUsage) };
  if (first.toLowerCase() === 'new') {
    const choices = await getOrderGroupFilterChoices(ctx, { actor: userId });
    await client.views.open({
      trigger_id: i.triggerId,
      view: renderOrderGroupNewModal(choices, { channelId: i.channelId }),
    });
    return undefined;
  }
  const manifest = await getOrderGroup(ctx, { actor: userId, group: rest });
  const posted = await postWhereAsked(
    client,
    { channelId: i.channelId, userId },
    renderOrderGroupMessage(manifest),
    i.log,
  );
  if (posted) await recordOrderGroupMessage(ctx, { orderGroupId: manifest.group.id, ...posted });
  return posted
    ? undefined
    : { text: plainMessageText('Otto could not post the order group here or in your DM.') };
}
