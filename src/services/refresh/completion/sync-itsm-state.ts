import { and, eq, exists, inArray, isNotNull, not, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { events, refreshTickets } from '../../../../db/schema/index.js';
import { jsonText } from '../../../../db/sql.js';
import { RunFrontier, readItsmCursor, saveItsmCursor, startingAfter } from '../../../itsm/cursors.js';
import { createdTasks } from '../../../itsm/deliver.js';
import { ItsmError } from '../../../itsm/errors.js';
import type { ItsmTicketState } from '../../../itsm/port.js';
import { withItsmEvent } from '../../../itsm/record.js';
import type { ServiceContext } from '../../context.js';
import { ServiceError } from '../../errors.js';
import { applyTransition } from '../tickets/apply-transition.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { enqueueTicketEffects } from '../tickets/run-effects.js';

export interface SyncItsmStateResult {
  read: number;
  installed: number;
  completed: number;
  /** Tickets whose ITSM ticket was found cancelled (raised under Problems, no longer read). */
  cancelled: number;
  /** Reads that failed (recorded as events; the next run tries again). */
  failed: number;
  /**
   * Tickets left for the next run because the ITSM's rate limit outlasted its waits: never
   * counted as failed, and the next run starts with them.
   */
  deferred: number;
}

/** How many ITSM reads are in flight at once: enough to be quick, few enough to spare its rate limit. */
const concurrency = 4;

/** Out for delivery: the statuses whose ITSM ticket is read. */
export const deliveryStatuses = ['pending_delivery', 'delivery_scheduled'] as const;

/** The event that records that a ticket's ITSM ticket was cancelled there. */
export const itsmCancelledEventKind = 'itsm_ticket_cancelled';

/**
 * On refresh tickets: its current ITSM ticket was found cancelled in the ITSM. The work will not
 * be done as asked, so staff decide (under Problems), and it is not read again; an ITSM ticket
 * opened anew is.
 */
export function itsmTicketCancelled(db: Db | Tx): SQL {
  return exists(
    db
      .select({ id: events.id })
      .from(events)
      .where(
        and(
          eq(events.ticketId, refreshTickets.id),
          eq(events.kind, itsmCancelledEventKind),
          eq(jsonText(events.detail, 'itsmTicketId'), refreshTickets.itsmTicketId),
        ),
      ),
  );
}

const cursor = 'itsm-sync';

/**
 * Twice a day (SPEC §2.2): reads the ITSM state of every ticket out for delivery. Installed is
 * recorded once as an event; closed completes the refresh ticket with the completion notice
 * (none for no-customer tickets); cancelled in the ITSM is recorded and raised under Problems,
 * and not read again. A failed read is recorded and left for the next run. The ITSM paces the
 * reads to its rate limit and waits out a 429; a rate limit that outlasts its waits stops the run,
 * and the next starts where it stopped (a cursor), not with the same tickets.
 */
export async function syncItsmState(ctx: ServiceContext, now: Date): Promise<SyncItsmStateResult> {
  const all = await ctx.db
    .select({ id: refreshTickets.id, itsmTicketId: refreshTickets.itsmTicketId })
    .from(refreshTickets)
    .where(
      and(
        inArray(refreshTickets.status, [...deliveryStatuses]),
        isNotNull(refreshTickets.itsmTicketId),
        not(itsmTicketCancelled(ctx.db)),
      ),
    )
    .orderBy(refreshTickets.id);
  const due = startingAfter(all, (t) => t.id, await readItsmCursor(ctx.db, cursor));
  const frontier = new RunFrontier(due.map((t) => t.id));
  const result: SyncItsmStateResult = {
    read: 0,
    installed: 0,
    completed: 0,
    cancelled: 0,
    failed: 0,
    deferred: 0,
  };
  let next = 0;
  let stop = false;
  const reached = async (position: number) => {
    const after = frontier.done(position);
    if (after !== undefined) await saveItsmCursor(ctx.db, cursor, after, ctx.clock.now());
  };
  const worker = async () => {
    while (!stop && next < due.length) {
      const position = next++;
      const ticket = due[position]!;
      let state: ItsmTicketState;
      try {
        state = await withItsmEvent(
          ctx,
          {
            ticketId: ticket.id,
            kind: 'itsm_ticket_state_read',
            adapter: ctx.itsm.name,
            detail: { itsmTicketId: ticket.itsmTicketId },
          },
          async () =>
            ctx.itsm.getTicketState(
              ticket.itsmTicketId!,
              await createdTasks(ctx.db, ticket.id, ticket.itsmTicketId!),
            ),
          (read) => ({
            installed: read.installed,
            closed: read.closed,
            ...(read.cancelled ? { cancelled: true } : {}),
            ...(read.status ? { status: read.status } : {}),
          }),
        );
      } catch (error) {
        if (error instanceof ItsmError && error.retryAfterMs !== undefined) {
          // Rate limited past every wait: this ticket and the rest are the next run's first.
          stop = true;
          result.deferred += 1;
          continue;
        }
        result.failed += 1;
        await reached(position);
        continue;
      }
      result.read += 1;
      const outcome = await record(ctx, ticket.id, ticket.itsmTicketId!, state, now);
      if (outcome.installed) result.installed += 1;
      if (outcome.completed) result.completed += 1;
      if (outcome.cancelled) result.cancelled += 1;
      await reached(position);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
  result.deferred += due.length - next;
  return result;
}

/** Saves what one read said, in one transaction. */
async function record(
  ctx: ServiceContext,
  ticketId: number,
  itsmTicketId: string,
  state: ItsmTicketState,
  now: Date,
) {
  const outcome = { installed: false, completed: false, cancelled: false };
  await ctx.db.transaction(async (tx) => {
    if (state.cancelled) {
      // Not completed and not read again: raised under Problems until staff act on the ticket.
      const ticket = await loadTicket(tx, ticketId);
      if (ticket.itsmTicketId !== itsmTicketId) return;
      await tx.insert(events).values({
        ticketId,
        source: 'itsm',
        kind: itsmCancelledEventKind,
        ok: false,
        detail: { itsmTicketId, ...(state.status ? { status: state.status } : {}) },
        at: now,
      });
      outcome.cancelled = true;
      return;
    }
    if (state.installed) {
      const [seen] = await tx
        .select({ id: events.id })
        .from(events)
        .where(and(eq(events.ticketId, ticketId), eq(events.kind, 'refresh_installed')))
        .limit(1);
      if (!seen) {
        await tx
          .insert(events)
          .values({ ticketId, source: 'itsm', kind: 'refresh_installed', detail: { itsmTicketId }, at: now });
        outcome.installed = true;
      }
    }
    if (!state.closed) return;
    const ticket = await loadTicket(tx, ticketId);
    // Put on hold, canceled or linked anew since it was read: the next run looks again.
    if (ticket.itsmTicketId !== itsmTicketId) return;
    if (!(deliveryStatuses as readonly string[]).includes(ticket.status)) return;
    try {
      const saved = await applyTransition(tx, ticket, { type: 'itsm_closed' }, { actor: 'otto', now });
      await enqueueTicketEffects(tx, ctx, saved.ticket, saved.effects, now);
      outcome.completed = true;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
    }
  });
  if (outcome.completed) ctx.noticesWritten();
  return outcome;
}
