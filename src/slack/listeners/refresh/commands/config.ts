import { configUsage, renderConfigList } from '../../../../../blocks/refresh/messages/config-list.js';
import { renderConfigForm } from '../../../../../blocks/refresh/modals/config-form.js';
import { plainMessageText } from '../../../../../blocks/shared/text.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { getConfigForm } from '../../../../services/refresh/configs/get-config-form.js';
import { listConfigs } from '../../../../services/refresh/configs/list-configs.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

/**
 * `/otto config` lists configs; `/otto config new` and `/otto config edit <name|id>` open the
 * form. Admins only: anyone else is refused before anything opens.
 */
export async function configSubcommand({
  ctx,
  userId,
  words,
  rest,
  triggerId,
  client,
}: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  await requireAdmin(ctx, userId, 'manage refresh configs');
  const verb = (words[0] ?? 'list').toLowerCase();
  if (verb === 'list' && words.length <= 2) {
    return renderConfigList(await listConfigs(ctx, userId, Number(words[1] ?? 1) || 1));
  }
  if (verb === 'new' && words.length === 1) {
    await client.views.open({
      trigger_id: triggerId,
      view: renderConfigForm(await getConfigForm(ctx, userId)),
    });
    return undefined;
  }
  // Names have spaces, so the name is the rest of the text, not the next word.
  const ref = rest.replace(/^\S+\s*/, '').trim();
  if (verb === 'edit' && ref) {
    await client.views.open({
      trigger_id: triggerId,
      view: renderConfigForm(await getConfigForm(ctx, userId, ref)),
    });
    return undefined;
  }
  return { text: plainMessageText(configUsage) };
}
