import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { sqliteOf } from '../../sqlite-of.js';
import { lookUpSerials, lookupResultOf } from './lookup-serials.js';

/** Serials looked up per transaction; the batch message shows progress after each chunk. */
export const lookupChunkSize = 500;

export type LookupProgress = (done: number, total: number) => void | Promise<void>;

// One update per serial: a plain SQLite statement, as drizzle's per-call work would double its cost.
const saveResult = preparedFor((db) =>
  sqliteOf(db).prepare(
    'update batch_serials set lookup_result = ?, system_id = ? where id = ? and ticket_id is null',
  ),
);

const statements = preparedFor((db) => ({
  exists: db
    .select({ id: batches.id })
    .from(batches)
    .where(eq(batches.id, sql.placeholder('id')))
    .prepare(),
  withoutTicket: db
    .select({ id: batchSerials.id, serial: batchSerials.serial })
    .from(batchSerials)
    .where(and(eq(batchSerials.batchId, sql.placeholder('batchId')), isNull(batchSerials.ticketId)))
    .orderBy(asc(batchSerials.lineNo))
    .prepare(),
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
  requireAdmin(ctx, input.actor, 'look up batches');
  const s = statements(ctx.db);
  const { batchId } = input;
  if (!s.exists.get({ id: batchId })) throw notFound(`There is no batch #${batchId}.`);
  const save = saveResult(ctx.db);
  const rows = s.withoutTicket.all({ batchId });
  const total = rows.length;
  for (let start = 0; start < total; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    ctx.db.transaction(() => {
      const facts = lookUpSerials(
        ctx.db,
        chunk.map((row) => row.serial),
      );
      chunk.forEach((row, i) => {
        const fact = facts[i]!;
        save.run(lookupResultOf(fact), fact.systemId, row.id);
      });
    });
    const done = start + chunk.length;
    if (onProgress) await onProgress(done, total);
    else await new Promise((resolve) => setImmediate(resolve));
  }
  ctx.db.update(batches).set({ lookedUpAt: ctx.clock.now() }).where(eq(batches.id, batchId)).run();
  return { total };
}
