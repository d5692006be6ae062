import {
  batchUsage,
  renderBatchList,
  renderBatchMessage,
} from '../../../../../blocks/refresh/messages/batch.js';
import { renderBatchNewModal } from '../../../../../blocks/refresh/modals/batch-new.js';
import { plainMessageText } from '../../../../../blocks/shared/text.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { createBatch } from '../../../../services/refresh/batches/create-batch.js';
import { getBatch } from '../../../../services/refresh/batches/get-batch.js';
import { listBatches } from '../../../../services/refresh/batches/list-batches.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';
import { lookUpNewBatch, postBatchMessage } from '../actions/batch-message.js';

/**
 * `/otto batch` lists the latest batches; `/otto batch new [name]` opens the form, or, with
 * serials on the lines after the name, starts the batch at once (more than a modal's 3,000
 * characters fit there); `/otto batch <name|id>` posts the batch's message again.
 */
export async function batchSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const { ctx, userId, words, rest, client } = i;
  const [first] = words;
  if (first === undefined) return renderBatchList(await listBatches(ctx, { actor: userId }));
  if (first.toLowerCase() === 'new') {
    await requireAdmin(ctx, userId, 'create batches');
    const [nameLine = '', ...lines] = rest.slice(first.length).split('\n');
    const name = nameLine.trim();
    const serials = lines.join('\n');
    if (serials.trim() !== '') {
      const created = await createBatch(ctx, { actor: userId, name, serials });
      await lookUpNewBatch(ctx, client, { userId, channelId: i.channelId, created }, i.log);
      return undefined;
    }
    await client.views.open({
      trigger_id: i.triggerId,
      view: renderBatchNewModal({ metadata: { channelId: i.channelId }, name }),
    });
    return undefined;
  }
  if (first.toLowerCase() === 'help') return { text: plainMessageText(batchUsage) };
  const batch = await getBatch(ctx, { actor: userId, batch: rest });
  const posted = await postBatchMessage(
    client,
    ctx,
    {
      batchId: batch.id,
      userId,
      channelId: i.channelId,
      message: renderBatchMessage({ batch, timeZone: ctx.calendar.timeZone }),
    },
    i.log,
  );
  return posted
    ? undefined
    : { text: plainMessageText('Otto could not post the batch’s message here or in your DM.') };
}
