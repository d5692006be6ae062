import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials } from '../../../../db/schema/index.js';
import type { BatchLookupResult, RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { sqliteOf } from '../../sqlite-of.js';
import { createTickets, loadCreationConfig, resolveDelegate } from '../tickets/create-tickets.js';
import { FieldError, onField } from './field-error.js';
import { isReady, lookUpSerials, lookupResultOf, type ReadySystem } from './lookup-serials.js';

export const Delegate = z
  .object({
    slackUserId: SlackUserId.optional(),
    email: z.email().optional(),
    name: z.string().max(200).optional(),
  })
  .refine(
    (d) => d.slackUserId !== undefined || d.email !== undefined,
    'A delegate needs a Slack account or an e-mail address.',
  );
export type Delegate = z.infer<typeof Delegate>;

export const CreateTicketsFromBatchInput = z.object({
  actor: SlackUserId,
  batchId: z.number().int().positive(),
  configId: z.number().int().positive(),
  delegate: Delegate.optional(),
  noCustomer: z.boolean().default(false),
});
export type CreateTicketsFromBatchInput = z.input<typeof CreateTicketsFromBatchInput>;

export type SkipReason = Exclude<BatchLookupResult, 'ready'>;

export interface BatchCreation {
  batchId: number;
  batchName: string;
  configName: string;
  style: RefreshStyle;
  status: RefreshStatus;
  invitationDueAt: Date | null;
  ticketIds: number[];
  /** Serials that had their ticket before this call: creating twice creates nothing twice. */
  alreadyCreated: number;
  /** Serials without a ticket that were not created, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
}

// One update per created ticket: a plain SQLite statement, as drizzle's per-call work would double its cost.
const setTicket = preparedFor((db) =>
  sqliteOf(db).prepare('update batch_serials set ticket_id = ? where id = ? and ticket_id is null'),
);

const statements = preparedFor((db) => ({
  batch: db
    .select({ id: batches.id, name: batches.name })
    .from(batches)
    .where(eq(batches.id, sql.placeholder('id')))
    .prepare(),
  withTicket: db
    .select({ count: sql<number>`count(*)` })
    .from(batchSerials)
    .where(
      and(eq(batchSerials.batchId, sql.placeholder('batchId')), sql`${batchSerials.ticketId} is not null`),
    )
    .prepare(),
  withoutTicket: db
    .select({ id: batchSerials.id, serial: batchSerials.serial, result: batchSerials.lookupResult })
    .from(batchSerials)
    .where(and(eq(batchSerials.batchId, sql.placeholder('batchId')), isNull(batchSerials.ticketId)))
    .prepare(),
  setResult: db
    .update(batchSerials)
    .set({ lookupResult: sql`${sql.placeholder('result')}` })
    .where(eq(batchSerials.id, sql.placeholder('id')))
    .prepare(),
}));

/**
 * "Create tickets" on a batch: one ticket per ready serial that has none yet, all in one
 * transaction that also marks each serial with its ticket, so a second call (a double click,
 * a second modal) creates nothing and says so. Ready serials are checked again first: a
 * system that lost its user or got a ticket since the lookup is skipped with the reason.
 */
export function createTicketsFromBatch(ctx: ServiceContext, raw: CreateTicketsFromBatchInput): BatchCreation {
  const input = CreateTicketsFromBatchInput.parse(raw);
  requireAdmin(ctx, input.actor, 'create refresh tickets');
  const now = ctx.clock.now();
  const s = statements(ctx.db);
  return ctx.db.transaction(() => {
    const batch = s.batch.get({ id: input.batchId });
    if (!batch) throw notFound(`There is no batch #${input.batchId}. It may have been deleted.`);
    const config = onField('config', () => loadCreationConfig(ctx.db, input.configId));
    if (config.style === 'bump_down' && !input.noCustomer) {
      // A batch holds serials only; bump-down tickets need their replacement from creation (SPEC §2.1).
      throw new FieldError(
        'config',
        `“${config.name}” is a bump-down config: its tickets carry their replacement from creation, which a batch does not have. Use \`/otto create\` and paste \`existing replacement\` lines instead.`,
      );
    }
    const delegateId = input.delegate
      ? onField('delegate', () => resolveDelegate(ctx.db, input.delegate!))
      : null;
    const alreadyCreated = s.withTicket.get({ batchId: batch.id })?.count ?? 0;

    const skipped: Partial<Record<SkipReason, number>> = {};
    const skip = (reason: SkipReason) => {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    };
    const rows = s.withoutTicket.all({ batchId: batch.id });
    const candidates = rows.filter((row) => row.result === 'ready');
    for (const row of rows) if (row.result !== 'ready') skip(row.result);

    const facts = lookUpSerials(
      ctx.db,
      candidates.map((row) => row.serial),
    );
    const rowIdBySerial = new Map(candidates.map((row) => [row.serial, row.id]));
    const ready: ReadySystem[] = [];
    facts.forEach((fact, i) => {
      if (isReady(fact)) {
        ready.push(fact);
        return;
      }
      const result = lookupResultOf(fact) as SkipReason;
      s.setResult.run({ id: candidates[i]!.id, result });
      skip(result);
    });

    const made = createTickets(ctx.db, ctx.calendar, ready, {
      config,
      delegateId,
      noCustomer: input.noCustomer,
      actor: input.actor,
      now,
      batchId: batch.id,
    });
    const markCreated = setTicket(ctx.db);
    for (const ticket of made.created) markCreated.run(ticket.ticketId, rowIdBySerial.get(ticket.serial)!);
    for (const serial of made.alreadyOpen) {
      s.setResult.run({ id: rowIdBySerial.get(serial)!, result: 'open_ticket' });
      skip('open_ticket');
    }
    if (made.created.length > 0) {
      ctx.db.update(batches).set({ configId: config.id }).where(eq(batches.id, batch.id)).run();
    }
    return {
      batchId: batch.id,
      batchName: batch.name,
      configName: config.name,
      style: made.style,
      status: made.status,
      invitationDueAt: made.invitationDueAt,
      ticketIds: made.created.map((t) => t.ticketId),
      alreadyCreated,
      skipped,
    };
  });
}
