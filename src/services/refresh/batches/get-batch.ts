import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials, refreshConfigs } from '../../../../db/schema/index.js';
import type { BatchLookupResult } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';

/** How many problem serials a batch message lists; the counts cover the rest. */
export const listedProblems = 20;

export interface BatchProblem {
  serial: string;
  result: Exclude<BatchLookupResult, 'ready'>;
}

/** A batch as its message shows it. */
export interface BatchView {
  id: number;
  name: string;
  createdBy: string;
  createdAt: Date;
  lookedUpAt: Date | null;
  /** The config tickets were last created with, preselected next time. */
  configId: number | null;
  configName: string | null;
  total: number;
  /** Serials that already carry a ticket made from this batch. */
  ticketsCreated: number;
  /** Per lookup result, over the serials without a ticket. */
  counts: Record<BatchLookupResult, number>;
  /** The first problem serials (not ready, no ticket), in the order pasted. */
  problems: BatchProblem[];
  messageChannel: string | null;
  messageTs: string | null;
}

const statements = preparedFor((db) => ({
  batch: db
    .select({
      id: batches.id,
      name: batches.name,
      createdBy: batches.createdBy,
      createdAt: batches.createdAt,
      lookedUpAt: batches.lookedUpAt,
      configId: batches.configId,
      configName: refreshConfigs.name,
      messageChannel: batches.messageChannel,
      messageTs: batches.messageTs,
    })
    .from(batches)
    .leftJoin(refreshConfigs, eq(refreshConfigs.id, batches.configId))
    .where(eq(batches.id, sql.placeholder('id')))
    .prepare(),
  idByName: db
    .select({ id: batches.id })
    .from(batches)
    .where(sql`lower(${batches.name}) = lower(${sql.placeholder('name')})`)
    .prepare(),
  counts: db
    .select({
      result: batchSerials.lookupResult,
      withTicket: sql<number>`${batchSerials.ticketId} is not null`,
      count: sql<number>`count(*)`,
    })
    .from(batchSerials)
    .where(eq(batchSerials.batchId, sql.placeholder('id')))
    .groupBy(batchSerials.lookupResult, sql`${batchSerials.ticketId} is not null`)
    .prepare(),
  problems: db
    .select({ serial: batchSerials.serial, result: batchSerials.lookupResult })
    .from(batchSerials)
    .where(
      and(
        eq(batchSerials.batchId, sql.placeholder('id')),
        isNull(batchSerials.ticketId),
        sql`${batchSerials.lookupResult} <> 'ready'`,
      ),
    )
    .orderBy(asc(batchSerials.lineNo))
    .limit(listedProblems)
    .prepare(),
}));

const emptyCounts = (): Record<BatchLookupResult, number> => ({
  pending: 0,
  ready: 0,
  unknown_serial: 0,
  no_group: 0,
  no_user: 0,
  no_support_team: 0,
  open_ticket: 0,
});

/** The batch as it stands; no access check (callers have made theirs). */
export function batchView(db: Db, batchId: number): BatchView {
  const s = statements(db);
  const batch = s.batch.get({ id: batchId });
  if (!batch) throw notFound(`There is no batch #${batchId}. It may have been deleted.`);
  const counts = emptyCounts();
  let total = 0;
  let ticketsCreated = 0;
  for (const row of s.counts.all({ id: batchId })) {
    total += row.count;
    if (row.withTicket) ticketsCreated += row.count;
    else counts[row.result] += row.count;
  }
  const problems = s.problems.all({ id: batchId }) as BatchProblem[];
  return { ...batch, total, ticketsCreated, counts, problems };
}

/** Finds a batch by id (`12` or `#12`) or by name, whatever the case. */
export function findBatchId(db: Db, nameOrId: string): number {
  const text = nameOrId.trim().replace(/\s+/g, ' ');
  const id = /^#?(\d+)$/.exec(text)?.[1];
  if (id !== undefined) {
    const found = statements(db).batch.get({ id: Number(id) });
    if (found) return found.id;
  } else {
    const found = statements(db).idByName.get({ name: text });
    if (found) return found.id;
  }
  throw notFound(`There is no batch “${text.slice(0, 80)}”. Type \`/otto batch\` to see the latest ones.`);
}

/** `/otto batch <name|id>`: the batch as it stands, for admins. */
export function getBatch(ctx: ServiceContext, input: { actor: string; batch: string | number }): BatchView {
  requireAdmin(ctx, input.actor, 'see batches');
  const batchId = typeof input.batch === 'number' ? input.batch : findBatchId(ctx.db, input.batch);
  return batchView(ctx.db, batchId);
}
