import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { updateRows } from '../../../../db/bulk.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { batches, batchSerials } from '../../../../db/schema/index.js';
import type { BatchLookupResult, RefreshStatus, RefreshStyle } from '../../../domain/refresh/enums.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { createTickets, loadCreationConfig, resolveDelegate } from '../tickets/create-tickets.js';
import { FieldError, onFieldAsync } from './field-error.js';
import { creatableAs, isReady, lookUpSerials, lookupResultOf, type ReadySystem } from './lookup-serials.js';

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

/** Why a serial got no ticket (a user without Slack never stops one). */
export type SkipReason = Exclude<BatchLookupResult, 'ready' | 'no_slack_account'>;

export interface BatchCreation {
  batchId: number;
  batchName: string;
  configName: string;
  style: RefreshStyle;
  status: RefreshStatus;
  invitationDueAt: Date | null;
  /** The organisation's zone, that the invitation's time is written in. */
  timeZone: string;
  ticketIds: number[];
  /** Of the tickets created, those whose customer has no Slack account: they hear by e-mail only. */
  withoutSlack: number;
  /** Serials that had their ticket before this call: creating twice creates nothing twice. */
  alreadyCreated: number;
  /** Serials without a ticket that were not created, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
}

const statements = preparedFor((db) => ({
  batch: prepared(
    db
      .select({ id: batches.id, name: batches.name })
      .from(batches)
      .where(eq(batches.id, sql.placeholder('id'))),
    'refresh-create-from-batch-batch',
  ),
  withTicket: prepared(
    db
      .select({ count: sql<number>`count(*)`.mapWith(Number) })
      .from(batchSerials)
      .where(
        and(eq(batchSerials.batchId, sql.placeholder('batchId')), sql`${batchSerials.ticketId} is not null`),
      ),
    'refresh-create-from-batch-with-ticket',
  ),
  withoutTicket: prepared(
    db
      .select({ id: batchSerials.id, serial: batchSerials.serial, result: batchSerials.lookupResult })
      .from(batchSerials)
      .where(and(eq(batchSerials.batchId, sql.placeholder('batchId')), isNull(batchSerials.ticketId))),
    'refresh-create-from-batch-without-ticket',
  ),
  setResult: prepared(
    db
      .update(batchSerials)
      .set({ lookupResult: sql`${sql.placeholder('result')}` })
      .where(eq(batchSerials.id, sql.placeholder('id'))),
    'refresh-create-from-batch-set-result',
  ),
}));

/**
 * "Create tickets" on a batch: one ticket per ready serial that has none yet, all in one
 * transaction that also marks each serial with its ticket, so a second call (a double click,
 * a second modal) creates nothing and says so. Ready serials are checked again first: a
 * system that lost its user or got a ticket since the lookup is skipped with the reason.
 */
export async function createTicketsFromBatch(
  ctx: ServiceContext,
  raw: CreateTicketsFromBatchInput,
): Promise<BatchCreation> {
  const input = CreateTicketsFromBatchInput.parse(raw);
  await requireAdmin(ctx, input.actor, 'create refresh tickets');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const s = statements(tx);
    const [batch] = await s.batch.execute({ id: input.batchId });
    if (!batch) throw notFound(`There is no batch #${input.batchId}. It may have been deleted.`);
    const config = await onFieldAsync('config', () => loadCreationConfig(tx, input.configId));
    if (config.style === 'bump_down' && !input.noCustomer) {
      // A batch holds serials only; bump-down tickets need their replacement from creation (SPEC §2.1).
      throw new FieldError(
        'config',
        `“${config.name}” is a bump-down config: its tickets carry their replacement from creation, which a batch does not have. Use \`/otto create\` and paste \`existing replacement\` lines instead.`,
      );
    }
    const delegateId = input.delegate
      ? await onFieldAsync('delegate', () => resolveDelegate(tx, input.delegate!))
      : null;
    const alreadyCreated = (await s.withTicket.execute({ batchId: batch.id }))[0]?.count ?? 0;

    const skipped: Partial<Record<SkipReason, number>> = {};
    const skip = (reason: SkipReason) => {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
    };
    const style: RefreshStyle = input.noCustomer ? 'no_customer' : config.style;
    const rows = await s.withoutTicket.execute({ batchId: batch.id });
    const candidates = rows.filter((row) => creatableAs(row.result, style));
    for (const row of rows) if (!creatableAs(row.result, style)) skip(row.result as SkipReason);

    const facts = await lookUpSerials(
      tx,
      candidates.map((row) => row.serial),
    );
    const rowIdBySerial = new Map(candidates.map((row) => [row.serial, row.id]));
    const ready: ReadySystem[] = [];
    for (const [i, fact] of facts.entries()) {
      const result = lookupResultOf(fact);
      // The row keeps what is true now (a user may have joined Slack, or left the system).
      if (result !== candidates[i]!.result) await s.setResult.execute({ id: candidates[i]!.id, result });
      if (isReady(fact, style)) {
        ready.push(fact);
        continue;
      }
      skip(result as SkipReason);
    }

    const withoutSlack = new Set(ready.filter((f) => f.userSlackUserId === null).map((f) => f.serial));
    const made = await createTickets(tx, ctx.calendar, ready, {
      config,
      delegateId,
      noCustomer: input.noCustomer,
      actor: input.actor,
      now,
      batchId: batch.id,
    });
    await updateRows(
      tx,
      batchSerials,
      made.created.map((ticket) => ({ id: rowIdBySerial.get(ticket.serial)!, ticketId: ticket.ticketId })),
      { key: 'id', whileNull: ['ticketId'] },
    );
    for (const serial of made.alreadyOpen) {
      await s.setResult.execute({ id: rowIdBySerial.get(serial)!, result: 'open_ticket' });
      skip('open_ticket');
    }
    if (made.created.length > 0) {
      await tx.update(batches).set({ configId: config.id }).where(eq(batches.id, batch.id));
    }
    return {
      batchId: batch.id,
      batchName: batch.name,
      configName: config.name,
      style: made.style,
      status: made.status,
      invitationDueAt: made.invitationDueAt,
      timeZone: ctx.calendar.timeZone,
      ticketIds: made.created.map((t) => t.ticketId),
      withoutSlack:
        made.style === 'no_customer' ? 0 : made.created.filter((t) => withoutSlack.has(t.serial)).length,
      alreadyCreated,
      skipped,
    };
  });
}
