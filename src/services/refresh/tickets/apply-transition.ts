import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import { statusLabel } from '../../../domain/naming.js';
import {
  InvalidTransition,
  type RefreshEffect,
  type RefreshEvent,
  transition,
} from '../../../domain/refresh/index.js';
import { recordAudit } from '../../audit.js';
import { conflict } from '../../errors.js';
import type { TicketRow } from './load-ticket.js';

type TicketChanges = Partial<Omit<typeof refreshTickets.$inferInsert, 'id' | 'status' | 'statusBeforeHold'>>;

/**
 * Decides with the pure state machine, then saves with a guarded update (`where status =
 * the status we read`): a stale button or a double click finds the status moved on, changes
 * nothing, and is told the ticket's state now. Runs inside the caller's transaction.
 */
export async function applyTransition(
  tx: Tx,
  ticket: TicketRow,
  event: RefreshEvent,
  options: { actor: string; now: Date; set?: TicketChanges },
): Promise<{ ticket: TicketRow; effects: RefreshEffect[] }> {
  let decided: ReturnType<typeof transition>;
  try {
    decided = transition(ticket, event, options.now);
  } catch (error) {
    if (error instanceof InvalidTransition) throw conflict(`Ticket #${ticket.id}: ${error.message}`);
    throw error;
  }
  const [saved] = await tx
    .update(refreshTickets)
    .set({ ...options.set, ...decided.next, updatedAt: options.now })
    .where(and(eq(refreshTickets.id, ticket.id), eq(refreshTickets.status, ticket.status)))
    .returning();
  if (!saved) {
    const [current] = await tx
      .select({ status: refreshTickets.status })
      .from(refreshTickets)
      .where(eq(refreshTickets.id, ticket.id))
      .limit(1);
    throw conflict(
      `Ticket #${ticket.id} changed while you were looking: it is now ${current ? statusLabel(current.status) : 'gone'}. Nothing was changed.`,
    );
  }
  const changes: Record<string, { from: unknown; to: unknown }> = {
    status: { from: ticket.status, to: saved.status },
  };
  for (const [key, value] of Object.entries(options.set ?? {})) {
    const before = ticket[key as keyof TicketRow];
    if (JSON.stringify(before) !== JSON.stringify(value))
      changes[key] = { from: before ?? null, to: value ?? null };
  }
  await recordAudit(
    tx,
    {
      entity: 'refresh_ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      action: event.type,
      actor: options.actor,
      changes,
    },
    options.now,
  );
  return { ticket: saved, effects: decided.effects };
}
