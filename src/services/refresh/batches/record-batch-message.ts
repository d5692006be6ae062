import { eq } from 'drizzle-orm';
import { batches } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';

/** Remembers the one message that shows a batch, so later results update it. */
export async function recordBatchMessage(
  ctx: ServiceContext,
  input: { batchId: number; channel: string; ts: string },
): Promise<void> {
  await ctx.db
    .update(batches)
    .set({ messageChannel: input.channel, messageTs: input.ts })
    .where(eq(batches.id, input.batchId));
}
