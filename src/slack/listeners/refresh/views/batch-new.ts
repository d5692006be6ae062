import type { App } from '@slack/bolt';
import { z } from 'zod';
import { renderBatchProgress } from '../../../../../blocks/refresh/messages/batch.js';
import { batchNameInput } from '../../../../../blocks/refresh/modals/batch-new.js';
import { creationInputs as F } from '../../../../../blocks/refresh/modals/create-options.js';
import type { ServiceContext } from '../../../../services/context.js';
import { createBatch } from '../../../../services/refresh/batches/create-batch.js';
import { batchView } from '../../../../services/refresh/batches/get-batch.js';
import { ids } from '../../../ids.js';
import { batchNewMetadata } from '../../../values/refresh.js';
import type { KnownIds } from '../../index.js';
import { onView, type ViewArgs } from '../../register.js';
import { lookUpWithProgress, postBatchMessage } from '../actions/batch-message.js';
import { errorsFor } from './batch-form.js';

const BatchNewForm = z.object({
  [batchNameInput]: z.object({ [batchNameInput]: z.object({ value: z.string().nullish() }) }),
  [F.serials]: z.object({ [F.serials]: z.object({ value: z.string().nullish() }) }),
});

/**
 * Starts a batch and its lookup in the conversation the command came from: the batch is
 * saved before the modal closes (a bad name or paste is answered on its field), then one
 * message shows the lookup's progress and its outcome.
 */
export async function startBatch(
  ctx: ServiceContext,
  client: ViewArgs['client'],
  input: { userId: string; channelId: string; name: string; serials: string },
  log: (...args: unknown[]) => void,
  beforeLookup: () => Promise<void> = async () => {},
) {
  const created = createBatch(ctx, { actor: input.userId, name: input.name, serials: input.serials });
  await beforeLookup();
  const { batchId, duplicates, serialCount } = created;
  const ref = await postBatchMessage(
    client,
    ctx,
    {
      batchId,
      userId: input.userId,
      channelId: input.channelId,
      message: renderBatchProgress({
        batch: batchView(ctx.db, batchId),
        progress: { done: 0, total: serialCount },
        duplicates,
      }),
    },
    log,
  );
  await lookUpWithProgress(client, ctx, { batchId, userId: input.userId, ref, duplicates }, log);
  return created;
}

export function registerBatchNewView(app: App, ctx: ServiceContext, known: KnownIds): void {
  onView(app, known, ids.batchNew, async ({ ack, body, view, client, logger }: ViewArgs) => {
    const log = logger.error.bind(logger);
    const metadata = batchNewMetadata.parse(view.private_metadata);
    const form = BatchNewForm.safeParse(view.state.values);
    if (!metadata || !form.success) {
      await ack({
        response_action: 'errors',
        errors: { [batchNameInput]: 'Otto could not read this form; open it again with `/otto batch new`.' },
      });
      return;
    }
    let acked = false;
    try {
      await startBatch(
        ctx,
        client,
        {
          userId: body.user.id,
          channelId: metadata.channelId,
          name: form.data[batchNameInput][batchNameInput].value ?? '',
          serials: form.data[F.serials][F.serials].value ?? '',
        },
        log,
        async () => {
          acked = true;
          await ack();
        },
      );
    } catch (error) {
      if (!acked) await ack({ response_action: 'errors', errors: errorsFor(error, 'name', log) });
      else log('batch lookup failed', error);
    }
  });
}
