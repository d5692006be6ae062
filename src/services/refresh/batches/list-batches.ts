import { desc, sql } from 'drizzle-orm';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { batches } from '../../../../db/schema/index.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';

export interface BatchListItem {
  id: number;
  name: string;
  createdAt: Date;
  createdBy: string;
  total: number;
  ticketsCreated: number;
}

const statements = preparedFor((db) => ({
  recent: prepared(
    db
      .select({
        id: batches.id,
        name: batches.name,
        createdAt: batches.createdAt,
        createdBy: batches.createdBy,
        total: sql<number>`(select count(*) from batch_serials s where s.batch_id = "batches"."id")`.mapWith(
          Number,
        ),
        ticketsCreated:
          sql<number>`(select count(*) from batch_serials s where s.batch_id = "batches"."id" and s.ticket_id is not null)`.mapWith(
            Number,
          ),
      })
      .from(batches)
      .orderBy(desc(batches.id))
      .limit(sql.placeholder('limit')),
    'refresh-batches-recent',
  ),
}));

/** `/otto batch`: the latest batches, newest first. */
export async function listBatches(
  ctx: ServiceContext,
  input: { actor: string; limit?: number },
): Promise<BatchListItem[]> {
  await requireAdmin(ctx, input.actor, 'see batches');
  return statements(ctx.db).recent.execute({ limit: input.limit ?? 10 });
}
