import type { WebClient } from '@slack/web-api';
import { renderBatchMessage } from '../../../../../blocks/refresh/messages/batch.js';
import type { ServiceContext } from '../../../../services/context.js';
import type { BatchCreation } from '../../../../services/refresh/batches/create-tickets-from-batch.js';
import { batchView } from '../../../../services/refresh/batches/get-batch.js';
import { lookUpBatch } from '../../../../services/refresh/batches/look-up-batch.js';
import { recordBatchMessage } from '../../../../services/refresh/batches/record-batch-message.js';

export interface MessageRef {
  channel: string;
  ts: string;
}

type Log = (...args: unknown[]) => void;
type Rendered = ReturnType<typeof renderBatchMessage>;

/**
 * Posts a batch's message where the admin typed the command; when the bot cannot post there
 * (not a member, someone else's DM) it goes to the admin's DM instead. Remembered on the batch.
 */
export async function postBatchMessage(
  client: WebClient,
  ctx: ServiceContext,
  input: { batchId: number; userId: string; channelId: string; message: Rendered },
  log: Log,
): Promise<MessageRef | undefined> {
  const targets =
    input.channelId && input.channelId !== input.userId ? [input.channelId, input.userId] : [input.userId];
  const failures: unknown[] = [];
  for (const channel of targets) {
    try {
      const posted = await client.chat.postMessage({ channel, ...input.message });
      if (posted.channel && posted.ts) {
        const ref = { channel: posted.channel, ts: posted.ts };
        recordBatchMessage(ctx, { batchId: input.batchId, ...ref });
        return ref;
      }
    } catch (error) {
      // Not in that channel is expected; only when the DM fails too is something wrong.
      failures.push(error);
    }
  }
  log(`batch #${input.batchId}: could not post its message to ${targets.join(' or ')}`, ...failures);
  return undefined;
}

async function update(client: WebClient, ref: MessageRef | undefined, message: Rendered, log: Log) {
  if (!ref) return;
  try {
    await client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
  } catch (error) {
    log(`could not update the batch message ${ref.channel}/${ref.ts}`, error);
  }
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
  const { batchId, ref, duplicates } = input;
  // Progress shows the batch's heading only, which the lookup does not change.
  const before = batchView(ctx.db, batchId);
  await lookUpBatch(ctx, { actor: input.userId, batchId }, async (done, total) => {
    // The last chunk is followed at once by the counts.
    if (done >= total) return;
    await update(
      client,
      ref,
      renderBatchMessage({ batch: before, progress: { done, total }, duplicates }),
      log,
    );
  });
  await update(client, ref, renderBatchMessage({ batch: batchView(ctx.db, batchId), duplicates }), log);
}

/** After "Create tickets": the batch's message shows the outcome; a new one if it has none. */
export async function showCreation(
  client: WebClient,
  ctx: ServiceContext,
  input: { userId: string; creation: BatchCreation },
  log: Log,
): Promise<void> {
  const batch = batchView(ctx.db, input.creation.batchId);
  const message = renderBatchMessage({ batch, creation: input.creation });
  if (batch.messageChannel && batch.messageTs) {
    try {
      await client.chat.update({ channel: batch.messageChannel, ts: batch.messageTs, ...message });
      return;
    } catch (error) {
      log(`batch #${batch.id}: could not update its message; posting a new one`, error);
    }
  }
  await postBatchMessage(
    client,
    ctx,
    { batchId: batch.id, userId: input.userId, channelId: input.userId, message },
    log,
  );
}
