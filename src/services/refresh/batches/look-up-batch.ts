import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { updateRows } from '../../../../db/bulk.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { lookUpSerials, lookupResultOf } from './lookup-serials.js';

/** Serials looked up per transaction; the batch message shows progress after each chunk. */
export const lookupChunkSize = 500;

export type LookupProgress = (done: number, total: number) => void | Promise<void>;

const statements = preparedFor((db) => ({
  exists: prepared(
    db
      .select({ id: batches.id })
      .from(batches)
      .where(eq(batches.id, sql.placeholder('id'))),
    'refresh-look-up-batch-exists',
  ),
  withoutTicket: prepared(
    db
      .select({ id: batchSerials.id, serial: batchSerials.serial })
      .from(batchSerials)
      .where(and(eq(batchSerials.batchId, sql.placeholder('batchId')), isNull(batchSerials.ticketId)))
      .orderBy(asc(batchSerials.lineNo)),
    'refresh-look-up-batch-without-ticket',
  ),
}));

/**
 * Looks up every serial of a batch that has no ticket yet (SPEC §2: unknown serial, no
 * group, no user, no support team, already has an open ticket, or ready) and stores the
 * answer per serial. Works in chunks, one short transaction each, and reports progress
 * after each, so one message can show it and nothing else waits on a long transaction.
 */
export async function lookUpBatch(
  ctx: ServiceContext,
  input: { actor: string; batchId: number },
  onProgress?: LookupProgress,
  chunkSize = lookupChunkSize,
): Promise<{ total: number }> {
  await requireAdmin(ctx, input.actor, 'look up batches');
  const s = statements(ctx.db);
  const { batchId } = input;
  if ((await s.exists.execute({ id: batchId })).length === 0)
    throw notFound(`There is no batch #${batchId}.`);
  const rows = await s.withoutTicket.execute({ batchId });
  const total = rows.length;
  for (let start = 0; start < total; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    await ctx.db.transaction(async (tx) => {
      const facts = await lookUpSerials(
        tx,
        chunk.map((row) => row.serial),
      );
      // One statement for the chunk: a serial that got its ticket meanwhile keeps its answer.
      await updateRows(
        tx,
        batchSerials,
        chunk.map((row, i) => ({
          id: row.id,
          lookupResult: lookupResultOf(facts[i]!),
          systemId: facts[i]!.systemId,
        })),
        { key: 'id', whileNull: ['ticketId'] },
      );
    });
    const done = start + chunk.length;
    if (onProgress) await onProgress(done, total);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  await ctx.db.update(batches).set({ lookedUpAt: ctx.clock.now() }).where(eq(batches.id, batchId));
  return { total };
}
