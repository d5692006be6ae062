import { and, eq } from 'drizzle-orm';
import { events, itsmTasks, itsmTickets } from '../../../../db/schema/index.js';
import type { ItsmTicketView } from '../../../domain/refresh/notices.js';
import { builtinTicketView } from '../../../itsm/builtin.js';
import type { ServiceContext } from '../../context.js';
import { conflict, notAllowed, notFound } from '../../errors.js';
import { isManager } from '../../people/access.js';

export type BuiltinTicketStep =
  | { kind: 'task_done'; taskId: number }
  | { kind: 'installed' }
  | { kind: 'closed' };

export interface WorkBuiltinTicketInput {
  actor: string;
  itsmTicketId: number;
  step: BuiltinTicketStep;
}

const eventKinds = {
  task_done: 'itsm_task_done',
  installed: 'itsm_ticket_installed',
  closed: 'itsm_ticket_closed',
} as const;

/**
 * The support team works a built-in ITSM ticket from its channel message: a task done, the
 * system installed, the ticket closed. Each step is recorded as an ITSM event on the refresh
 * ticket, as a change seen in an external ITSM would be, and the completion sync reads the
 * same rows through the port. Managers and admins only; a step already taken changes nothing.
 */
export async function workBuiltinTicket(
  ctx: ServiceContext,
  input: WorkBuiltinTicketInput,
): Promise<ItsmTicketView> {
  const { actor, itsmTicketId, step } = input;
  if (!(await isManager(ctx, actor)))
    throw notAllowed('Only refresh managers and admins can work ITSM tickets.');
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [ticket] = await tx.select().from(itsmTickets).where(eq(itsmTickets.id, itsmTicketId)).limit(1);
    if (!ticket) throw notFound(`ITSM ticket #${itsmTicketId} does not exist.`);
    if (ticket.status === 'closed') throw conflict(`ITSM ticket #${itsmTicketId} is closed already.`);
    const detail: Record<string, unknown> = {
      itsmTicketId: String(itsmTicketId),
      adapter: 'builtin',
      by: actor,
    };
    if (step.kind === 'task_done') {
      const [done] = await tx
        .update(itsmTasks)
        .set({ status: 'done', completedAt: now, completedBy: actor })
        .where(
          and(
            eq(itsmTasks.id, step.taskId),
            eq(itsmTasks.itsmTicketId, itsmTicketId),
            eq(itsmTasks.status, 'open'),
          ),
        )
        .returning({ id: itsmTasks.id, kind: itsmTasks.kind });
      if (!done) {
        const [task] = await tx
          .select({ id: itsmTasks.id })
          .from(itsmTasks)
          .where(and(eq(itsmTasks.id, step.taskId), eq(itsmTasks.itsmTicketId, itsmTicketId)))
          .limit(1);
        throw task
          ? conflict('That task is done already.')
          : notFound(`ITSM ticket #${itsmTicketId} has no such task.`);
      }
      Object.assign(detail, { taskId: String(done.id), taskKind: done.kind });
    } else {
      if (step.kind === 'installed' && ticket.status === 'installed') {
        throw conflict(`ITSM ticket #${itsmTicketId} is marked installed already.`);
      }
      await tx
        .update(itsmTickets)
        .set({ status: step.kind, updatedAt: now })
        .where(and(eq(itsmTickets.id, itsmTicketId), eq(itsmTickets.status, ticket.status)));
    }
    await tx.insert(events).values({
      ticketId: ticket.refreshTicketId,
      source: 'itsm',
      kind: eventKinds[step.kind],
      detail,
      at: now,
    });
    return (await builtinTicketView(tx, itsmTicketId, ctx.calendar.timeZone))!;
  });
}
