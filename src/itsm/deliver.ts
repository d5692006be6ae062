import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, refreshTickets } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import type { ItsmTaskKind } from '../domain/refresh/enums.js';
import { openCreationJournal } from './creation-journal.js';
import { ItsmError } from './errors.js';
import type { ItsmPort, ItsmRequest } from './port.js';

/** What a delivered ITSM request leaves behind: the event on the refresh ticket, and the link to it. */
export interface ItsmDelivery {
  ref: string;
  event: { kind: string; detail: Record<string, unknown> };
  /** The ITSM ticket that is now the refresh ticket's own (a created `refresh` ticket). */
  linkTicket?: string;
}

const operationEvents = {
  create_ticket: 'itsm_create_ticket',
  update_ticket: 'itsm_update_ticket',
  close_task: 'itsm_close_task',
} as const;

/** The event kind of a failed attempt at a request (`ok` false on the row). */
export function itsmFailureEventKind(payload: unknown): string {
  const operation = (payload as { operation?: unknown } | null)?.operation;
  return typeof operation === 'string' && operation in operationEvents
    ? operationEvents[operation as keyof typeof operationEvents]
    : 'itsm_request';
}

async function ownTicket(
  db: Db,
  refreshTicketId: number | null,
  itsmTicketId: string | undefined,
): Promise<string> {
  if (itsmTicketId) return itsmTicketId;
  const linked = refreshTicketId
    ? (
        await db
          .select({ id: refreshTickets.itsmTicketId })
          .from(refreshTickets)
          .where(eq(refreshTickets.id, refreshTicketId))
          .limit(1)
      )[0]?.id
    : undefined;
  // Its creation is still queued (or being retried): this request waits its turn.
  if (!linked) throw new ItsmError(`refresh ticket #${refreshTicketId ?? '?'} has no ITSM ticket yet`);
  return linked;
}

/** The tasks an ITSM ticket was opened with, as the event that recorded its creation has them. */
export async function createdTasks(
  db: Db,
  refreshTicketId: number | null,
  itsmTicketId: string,
): Promise<Array<{ id: string; kind: ItsmTaskKind }>> {
  const created = refreshTicketId
    ? (
        await db
          .select({ detail: events.detail })
          .from(events)
          .where(and(eq(events.ticketId, refreshTicketId), eq(events.kind, 'itsm_ticket_created')))
          .orderBy(desc(events.id))
      ).find((row) => row.detail?.itsmTicketId === itsmTicketId)
    : undefined;
  return (created?.detail?.tasks ?? []) as Array<{ id: string; kind: ItsmTaskKind }>;
}

/** The ITSM's id of a task named by kind, from the event that recorded the ticket's creation. */
async function taskId(
  db: Db,
  refreshTicketId: number | null,
  itsmTicketId: string,
  task: { id?: string | undefined; kind?: ItsmTaskKind | undefined },
): Promise<string> {
  if (task.id) return task.id;
  const tasks = await createdTasks(db, refreshTicketId, itsmTicketId);
  const found = tasks.find((t) => t.kind === task.kind);
  if (!found) {
    throw new ItsmError(`ITSM ticket ${itsmTicketId} has no ${task.kind} task`, { permanent: true });
  }
  return found.id;
}

/**
 * Delivers one outbox request through the port (the dispatcher records the outcome). With the
 * outbox row (`outbox`), a creation keeps its journal there: a retry resumes it.
 */
export async function deliverItsmRequest(
  itsm: ItsmPort,
  db: Db,
  request: ItsmRequest,
  refreshTicketId: number | null,
  outbox?: { id: number; clock: Clock },
): Promise<ItsmDelivery> {
  const adapter = itsm.name;
  switch (request.operation) {
    case 'create_ticket': {
      const journal = outbox ? await openCreationJournal(db, outbox.id, outbox.clock) : undefined;
      const created = await itsm.createTicket({
        ...request,
        refreshTicketId,
        ...(journal ? { journal } : {}),
      });
      return {
        ref: `${adapter}:${created.id}`,
        event: {
          kind: 'itsm_ticket_created',
          detail: {
            kind: request.kind,
            itsmTicketId: created.id,
            adapter,
            ...(created.tasks.length > 0 ? { tasks: created.tasks } : {}),
            ...(created.warnings?.length ? { warnings: created.warnings } : {}),
          },
        },
        ...(request.kind === 'refresh' ? { linkTicket: created.id } : {}),
      };
    }
    case 'update_ticket': {
      const id = await ownTicket(db, refreshTicketId, request.itsmTicketId);
      const tasks: Array<{ id: string; dueAt?: Date }> = [];
      for (const task of request.tasks ?? []) {
        tasks.push({
          id: await taskId(db, refreshTicketId, id, task),
          ...(task.dueAt ? { dueAt: new Date(task.dueAt) } : {}),
        });
      }
      await itsm.updateTicket(id, { ...(request.note ? { note: request.note } : {}), tasks });
      return {
        ref: `${adapter}:${id}`,
        event: {
          kind: 'itsm_ticket_updated',
          detail: {
            itsmTicketId: id,
            adapter,
            noted: Boolean(request.note),
            tasks: tasks.map((t) => ({ id: t.id, dueAt: t.dueAt?.toISOString() ?? null })),
          },
        },
      };
    }
    case 'close_task': {
      const id = await ownTicket(db, refreshTicketId, request.itsmTicketId);
      const task = await taskId(db, refreshTicketId, id, request.task);
      await itsm.closeTask(id, task);
      return {
        ref: `${adapter}:${id}:${task}`,
        event: {
          kind: 'itsm_task_closed',
          detail: {
            itsmTicketId: id,
            taskId: task,
            ...(request.task.kind ? { taskKind: request.task.kind } : {}),
            adapter,
          },
        },
      };
    }
  }
}
