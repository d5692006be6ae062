import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { insertRows } from '../../../../db/bulk.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials } from '../../../../db/schema/index.js';
import { maxBatchNameLength } from '../../../domain/refresh/forms.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { requireAdmin } from '../../people/access.js';
import { FieldError, onField } from './field-error.js';
import { parseSerials } from './parse-serials.js';

export const CreateBatchInput = z.object({
  actor: SlackUserId,
  name: z.string(),
  /** Serial numbers as pasted. */
  serials: z.string(),
});
export type CreateBatchInput = z.infer<typeof CreateBatchInput>;

export interface CreatedBatch {
  batchId: number;
  name: string;
  serialCount: number;
  duplicates: string[];
}

const statements = preparedFor((db) => ({
  byName: prepared(
    db
      .select({ id: batches.id })
      .from(batches)
      .where(sql`lower(${batches.name}) = lower(${sql.placeholder('name')})`)
      .limit(1),
    'refresh-batch-by-name',
  ),
}));

/** Checks a batch name; names that are only a number would read as a batch id. */
export function checkBatchName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (trimmed === '') throw new FieldError('name', 'Give the batch a name.');
  if (trimmed.length > maxBatchNameLength) {
    throw new FieldError('name', `A batch name is at most ${maxBatchNameLength} characters.`);
  }
  if (/^#?\d+$/.test(trimmed)) throw new FieldError('name', 'A batch name needs at least one letter.');
  return trimmed;
}

/** Saves a named batch of pasted serials, each waiting to be looked up (SPEC §2 Refresh Ticket Batch). */
export async function createBatch(ctx: ServiceContext, raw: CreateBatchInput): Promise<CreatedBatch> {
  const input = CreateBatchInput.parse(raw);
  await requireAdmin(ctx, input.actor, 'create batches');
  const name = checkBatchName(input.name);
  const { serials, duplicates } = onField('serials', () => parseSerials(input.serials));
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    if ((await statements(tx).byName.execute({ name })).length > 0) {
      throw new FieldError('name', `There is already a batch named “${name}”. Pick another name.`);
    }
    const [batch] = await tx
      .insert(batches)
      .values({ name, createdBy: input.actor, createdAt: now })
      .returning({ id: batches.id });
    const batchId = batch!.id;
    const rows = serials.map((serial, i) => ({ batchId, serial, lineNo: i + 1 }));
    await insertRows(tx, batchSerials, rows);
    await recordAudit(
      tx,
      {
        entity: 'batch',
        entityId: batchId,
        action: 'created',
        actor: input.actor,
        changes: { serials: { from: null, to: serials.length } },
      },
      now,
    );
    return { batchId, name, serialCount: serials.length, duplicates };
  });
}
