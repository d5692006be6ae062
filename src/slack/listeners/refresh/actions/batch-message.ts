import type { WebClient } from '@slack/web-api';
import { renderBatchMessage, renderBatchProgress } from '../../../../../blocks/refresh/messages/batch.js';
import type { ServiceContext } from '../../../../services/context.js';
import type { createBatch } from '../../../../services/refresh/batches/create-batch.js';
import type { BatchCreation } from '../../../../services/refresh/batches/create-tickets-from-batch.js';
import { batchView } from '../../../../services/refresh/batches/get-batch.js';
import { lookUpBatch } from '../../../../services/refresh/batches/look-up-batch.js';
import { recordBatchMessage } from '../../../../services/refresh/batches/record-batch-message.js';
import {
  type MessageRef,
  postWhereAsked,
  progressMessage,
  updateOrPost,
} from '../../../plumbing/progress-message.js';

type Log = (...args: unknown[]) => void;

/**
 * Posts a batch's message where the admin typed the command, or in their DM when Otto cannot
 * post there; the batch remembers it, so later steps show their outcome in the same message.
 */
export async function postBatchMessage(
  client: WebClient,
  ctx: ServiceContext,
  input: {
    batchId: number;
    userId: string;
    channelId: string;
    message: ReturnType<typeof renderBatchMessage>;
  },
  log: Log,
): Promise<MessageRef | undefined> {
  const ref = await postWhereAsked(client, input, input.message, log);
  if (ref) await recordBatchMessage(ctx, { batchId: input.batchId, ...ref });
  return ref;
}

/**
 * Looks a batch up, showing "Looking up N serials… x/N" in its one message after each chunk,
 * and ends with the counts, the first problem serials and the buttons.
 */
export async function lookUpWithProgress(
  client: WebClient,
  ctx: ServiceContext,
  input: { batchId: number; userId: string; ref: MessageRef | undefined; duplicates?: readonly string[] },
  log: Log,
): Promise<void> {
  const { batchId, duplicates } = input;
  const timeZone = ctx.calendar.timeZone;
  const message = progressMessage(client, input.ref, log);
  // Progress shows the batch's heading only, which the lookup does not change.
  const before = await batchView(ctx.db, batchId);
  await lookUpBatch(ctx, { actor: input.userId, batchId }, async (done, total) => {
    // The last chunk is followed at once by the counts.
    if (done >= total) return;
    await message.show(
      renderBatchMessage({ batch: before, progress: { done, total }, duplicates, timeZone }),
    );
  });
  await message.show(renderBatchMessage({ batch: await batchView(ctx.db, batchId), duplicates, timeZone }));
}

/** After "Create tickets": the batch's message shows the outcome; a new one if it has none. */
export async function showCreation(
  client: WebClient,
  ctx: ServiceContext,
  input: { userId: string; creation: BatchCreation },
  log: Log,
): Promise<void> {
  const batch = await batchView(ctx.db, input.creation.batchId);
  const known =
    batch.messageChannel && batch.messageTs
      ? { channel: batch.messageChannel, ts: batch.messageTs }
      : undefined;
  const where = { channelId: input.userId, userId: input.userId };
  const message = renderBatchMessage({ batch, creation: input.creation, timeZone: ctx.calendar.timeZone });
  const ref = await updateOrPost(client, known, where, message, log);
  if (ref && ref !== known) await recordBatchMessage(ctx, { batchId: batch.id, ...ref });
}

/**
 * A new batch's lookup in the conversation the command came from: one message shows the lookup's
 * progress and its outcome. The batch is saved first (a bad name or paste is answered then).
 */
export async function lookUpNewBatch(
  ctx: ServiceContext,
  client: WebClient,
  input: { userId: string; channelId: string; created: Awaited<ReturnType<typeof createBatch>> },
  log: (...args: unknown[]) => void,
): Promise<void> {
  const { batchId, duplicates, serialCount } = input.created;
  const ref = await postBatchMessage(
    client,
    ctx,
    {
      batchId,
      userId: input.userId,
      channelId: input.channelId,
      message: renderBatchProgress({
        batch: await batchView(ctx.db, batchId),
        progress: { done: 0, total: serialCount },
        duplicates,
        timeZone: ctx.calendar.timeZone,
      }),
    },
    log,
  );
  await lookUpWithProgress(client, ctx, { batchId, userId: input.userId, ref, duplicates }, log);
}
