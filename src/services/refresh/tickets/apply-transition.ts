import { and, eq, sql } from 'drizzle-orm';
import type { SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import {
  InvalidTransition,
  type RefreshEffect,
  type RefreshEvent,
  transition,
} from '../../../domain/refresh/index.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import { recordAudit } from '../../audit.js';
import { conflict } from '../../errors.js';
import type { TicketRow } from './load-ticket.js';

type TicketChanges = Partial<Omit<typeof refreshTickets.$inferInsert, 'id' | 'status' | 'statusBeforeHold'>>;

const prepareGuardedUpdate = (db: Db | Tx, set: SQLiteUpdateSetSource<typeof refreshTickets>, name: string) =>
  prepared(
    db
      .update(refreshTickets)
      .set(set)
      .where(
        and(
          eq(refreshTickets.id, sql.placeholder('where.id')),
          eq(refreshTickets.status, sql.placeholder('where.status')),
        ),
      )
      .returning(),
    name,
  );

// One statement name per set of columns, the same on every handle: PostgreSQL prepares a name
// once per connection, and a name must always stand for the same statement.
const shapeNames = new Map<string, string>();
const nameOfShape = (shape: string) => {
  let name = shapeNames.get(shape);
  if (name === undefined) {
    name = `apply-transition-update-${shapeNames.size + 1}`;
    shapeNames.set(shape, name);
  }
  return name;
};

/**
 * The guarded update, prepared once per set of columns it writes (a handful: one per kind of
 * change). A column set to null is written as a plain null: the columns' encoders would turn a
 * null placeholder into 0, 'null' or an error.
 */
const guardedUpdates = preparedFor((db: Db | Tx) => {
  const byColumns = new Map<string, ReturnType<typeof prepareGuardedUpdate>>();
  return async (ticket: TicketRow, values: Record<string, unknown>): Promise<TicketRow | undefined> => {
    const columns = Object.keys(values)
      .filter((key) => values[key] !== undefined)
      .sort();
    const shape = columns.map((key) => (values[key] === null ? `${key}=null` : key)).join(',');
    let update = byColumns.get(shape);
    if (update === undefined) {
      const set = Object.fromEntries(
        columns.map((key) => [key, values[key] === null ? null : sql.placeholder(key)]),
      );
      update = prepareGuardedUpdate(
        db,
        set as SQLiteUpdateSetSource<typeof refreshTickets>,
        nameOfShape(shape),
      );
      byColumns.set(shape, update);
    }
    return (await update.execute({ ...values, 'where.id': ticket.id, 'where.status': ticket.status }))[0];
  };
});

/**
 * Decides with the pure state machine, then saves with a guarded update (`where status =
 * the status we read`): a stale button or a double click finds the status moved on, changes
 * nothing, and is told the ticket's state now. Runs inside the caller's transaction.
 */
export async function applyTransition(
  tx: Tx,
  ticket: TicketRow,
  event: RefreshEvent,
  options: {
    actor: string;
    now: Date;
    set?: TicketChanges;
    /** Saved in the same update, but bookkeeping the audit leaves out (a calendar event's version). */
    alsoSet?: TicketChanges | undefined;
  },
): Promise<{ ticket: TicketRow; effects: RefreshEffect[] }> {
  let decided: ReturnType<typeof transition>;
  try {
    decided = transition(ticket, event, options.now);
  } catch (error) {
    if (error instanceof InvalidTransition) throw conflict(`Ticket #${ticket.id}: ${error.message}`);
    throw error;
  }
  const saved = await guardedUpdates(tx)(ticket, {
    ...options.alsoSet,
    ...options.set,
    ...decided.next,
    updatedAt: options.now,
  });
  if (!saved) {
    const [current] = await tx
      .select({ status: refreshTickets.status })
      .from(refreshTickets)
      .where(eq(refreshTickets.id, ticket.id))
      .limit(1);
    throw conflict(
      `Ticket #${ticket.id} changed while you were looking: it is now ${current ? statusPhrase(current.status) : 'gone'}. Nothing was changed.`,
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
