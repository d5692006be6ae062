import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials, refreshConfigs } from '../../../../db/schema/index.js';
import type { BatchLookupResult, RefreshStyle } from '../../../domain/refresh/enums.js';
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
  /** That config's style: with no-customer, a serial without a user is no problem. */
  configStyle: RefreshStyle | null;
  total: number;
  /** Serials that already carry a ticket made from this batch. */
  ticketsCreated: number;
  /** Per lookup result, over the serials without a ticket. */
  counts: Record<BatchLookupResult, number>;
  /** The first serials that are not plainly ready (no ticket yet), in the order pasted. */
  problems: BatchProblem[];
  messageChannel: string | null;
  messageTs: string | null;
}

const statements = preparedFor((db) => ({
  batch: prepared(
    db
      .select({
        id: batches.id,
        name: batches.name,
        createdBy: batches.createdBy,
        createdAt: batches.createdAt,
        lookedUpAt: batches.lookedUpAt,
        configId: batches.configId,
        configName: refreshConfigs.name,
        configStyle: refreshConfigs.style,
        messageChannel: batches.messageChannel,
        messageTs: batches.messageTs,
      })
      .from(batches)
      .leftJoin(refreshConfigs, eq(refreshConfigs.id, batches.configId))
      .where(eq(batches.id, sql.placeholder('id'))),
    'refresh-batch-view',
  ),
  idByName: prepared(
    db
      .select({ id: batches.id })
      .from(batches)
      .where(sql`lower(${batches.name}) = lower(${sql.placeholder('name')})`)
      .limit(1),
    'refresh-batch-id-by-name',
  ),
  counts: prepared(
    db
      .select({
        result: batchSerials.lookupResult,
        // SQLite answers 1/0, PostgreSQL true/false: read as a boolean either way.
        withTicket: sql<boolean>`${batchSerials.ticketId} is not null`.mapWith(Boolean),
        count: sql<number>`count(*)`.mapWith(Number),
      })
      .from(batchSerials)
      .where(eq(batchSerials.batchId, sql.placeholder('id')))
      .groupBy(batchSerials.lookupResult, sql`${batchSerials.ticketId} is not null`),
    'refresh-batch-counts',
  ),
  problems: prepared(
    db
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
      .limit(listedProblems),
    'refresh-batch-problems',
  ),
}));

const emptyCounts = (): Record<BatchLookupResult, number> => ({
  pending: 0,
  ready: 0,
  unknown_serial: 0,
  no_group: 0,
  no_user: 0,
  no_support_team: 0,
  open_ticket: 0,
  no_slack_account: 0,
});

/** The batch as it stands; no access check (callers have made theirs). */
export async function batchView(db: Db, batchId: number): Promise<BatchView> {
  const s = statements(db);
  const [batch] = await s.batch.execute({ id: batchId });
  if (!batch) throw notFound(`There is no batch #${batchId}. It may have been deleted.`);
  const counts = emptyCounts();
  let total = 0;
  let ticketsCreated = 0;
  for (const row of await s.counts.execute({ id: batchId })) {
    total += row.count;
    if (row.withTicket) ticketsCreated += row.count;
    else counts[row.result] += row.count;
  }
  const problems = (await s.problems.execute({ id: batchId })) as BatchProblem[];
  return { ...batch, total, ticketsCreated, counts, problems };
}

/** Finds a batch by id (`12` or `#12`) or by name, whatever the case. */
export async function findBatchId(db: Db, nameOrId: string): Promise<number> {
  const text = nameOrId.trim().replace(/\s+/g, ' ');
  const id = /^#?(\d+)$/.exec(text)?.[1];
  if (id !== undefined) {
    const [found] = await statements(db).batch.execute({ id: Number(id) });
    if (found) return found.id;
  } else {
    const [found] = await statements(db).idByName.execute({ name: text });
    if (found) return found.id;
  }
  throw notFound(`There is no batch “${text.slice(0, 80)}”. Type \`/otto batch\` to see the latest ones.`);
}

/** `/otto batch <name|id>`: the batch as it stands, for admins. */
export async function getBatch(
  ctx: ServiceContext,
  input: { actor: string; batch: string | number },
): Promise<BatchView> {
  await requireAdmin(ctx, input.actor, 'see batches');
  const batchId = typeof input.batch === 'number' ? input.batch : await findBatchId(ctx.db, input.batch);
  return batchView(ctx.db, batchId);
}
