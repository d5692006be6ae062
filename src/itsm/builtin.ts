import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { itsmTasks, itsmTickets, refreshTickets, supportTeams, systems } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { formatMoment } from '../domain/calendar/format-date-time.js';
import type { ItsmTicketView } from '../domain/refresh/notices.js';
import { enqueueNotice } from '../effects/outbox.js';
import { ItsmError } from './errors.js';
import type { ItsmPort, ItsmTicketRef } from './port.js';

/**
 * A built-in ticket with its tasks, as its channel message shows it: times in its refresh
 * ticket's support team's zone, else in `timeZone` (the organisation's).
 */
export async function builtinTicketView(
  db: Db | Tx,
  id: number,
  timeZone: string,
): Promise<ItsmTicketView | undefined> {
  const [ticket] = await db
    .select({ ticket: itsmTickets, teamTimeZone: supportTeams.timeZone })
    .from(itsmTickets)
    .leftJoin(refreshTickets, eq(refreshTickets.id, itsmTickets.refreshTicketId))
    .leftJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
    .where(eq(itsmTickets.id, id))
    .limit(1)
    .then((rows) => rows.map((row) => ({ ...row.ticket, timeZone: row.teamTimeZone ?? timeZone })));
  if (!ticket) return undefined;
  const tasks = await db
    .select()
    .from(itsmTasks)
    .where(eq(itsmTasks.itsmTicketId, id))
    .orderBy(asc(itsmTasks.id));
  return {
    id: ticket.id,
    kind: ticket.kind,
    title: ticket.title,
    body: ticket.body,
    status: ticket.status,
    refreshTicketId: ticket.refreshTicketId,
    timeZone: ticket.timeZone,
    tasks: tasks.map(({ id: taskId, kind, title, status, dueAt, completedAt, completedBy }) => ({
      id: taskId,
      kind,
      title,
      status,
      dueAt,
      completedAt,
      completedBy,
    })),
  };
}

/** The support team's channel of a refresh ticket, if it has one. */
async function teamChannelOf(tx: Tx, refreshTicketId: number): Promise<string | undefined> {
  const [row] = await tx
    .select({ channel: supportTeams.slackChannelId })
    .from(refreshTickets)
    .innerJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
    .where(eq(refreshTickets.id, refreshTicketId))
    .limit(1);
  return row?.channel ?? undefined;
}

/** ITSM ids are strings; the built-in desk's are row ids, so anything else names no ticket. */
function rowId(id: string, what: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new ItsmError(`no built-in ITSM ${what} #${id}`, { permanent: true });
  return n;
}

/**
 * The built-in adapter: ITSM tickets and tasks are kept in Otto's own database, and the refresh
 * ticket's support team works them from a message in its channel (posted through the outbox).
 */
export function createBuiltinItsm(db: Db, clock: Clock, timeZone: string): ItsmPort {
  return {
    name: 'builtin',

    async lookupSystem(serial) {
      const [system] = await db
        .select({ id: systems.id, name: systems.name, unconfirmed: systems.unconfirmed })
        .from(systems)
        .where(eq(systems.serial, serial))
        .limit(1);
      // A serial only pasted as a replacement is no proof the hardware exists: a typo would reach
      // delivery. It is found once it is imported or an admin confirms it.
      if (!system) return { found: false, reason: 'not in the inventory' };
      if (system.unconfirmed) {
        return {
          found: false,
          reason: 'not in the inventory yet: import it, or confirm the serial if it is right',
        };
      }
      return { found: true, assetId: String(system.id), ...(system.name ? { name: system.name } : {}) };
    },

    async createTicket(request) {
      const now = clock.now();
      return await db.transaction(async (tx) => {
        const [ticket] = await tx
          .insert(itsmTickets)
          .values({
            kind: request.kind,
            refreshTicketId: request.refreshTicketId ?? null,
            title: request.title,
            body: request.body,
            requestedBy: request.requestedBy,
            createdAt: now,
            updatedAt: now,
          })
          .returning({ id: itsmTickets.id });
        if (!ticket) throw new Error('the built-in ITSM ticket was not created');
        const tasks: ItsmTicketRef['tasks'] = [];
        for (const task of request.tasks ?? []) {
          const [row] = await tx
            .insert(itsmTasks)
            .values({
              itsmTicketId: ticket.id,
              kind: task.kind,
              title: task.title,
              dueAt: task.dueAt ? new Date(task.dueAt) : null,
            })
            .returning({ id: itsmTasks.id });
          tasks.push({ id: String(row!.id), kind: task.kind });
        }
        const channel = request.refreshTicketId
          ? await teamChannelOf(tx, request.refreshTicketId)
          : undefined;
        if (channel && request.refreshTicketId) {
          await enqueueNotice(
            tx,
            {
              channel: 'slack_channel',
              recipient: channel,
              kind: 'itsm_ticket_posted',
              view: (await builtinTicketView(tx, ticket.id, timeZone))!,
              ticketId: request.refreshTicketId,
              dedupeKey: `itsm-ticket:${ticket.id}`,
            },
            now,
          );
        }
        return { id: String(ticket.id), tasks };
      });
    },

    async updateTicket(id, update) {
      const ticketId = rowId(id, 'ticket');
      const now = clock.now();
      await db.transaction(async (tx) => {
        const [ticket] = await tx.select().from(itsmTickets).where(eq(itsmTickets.id, ticketId)).limit(1);
        if (!ticket) throw new ItsmError(`no built-in ITSM ticket #${id}`, { permanent: true });
        for (const task of update.tasks ?? []) {
          const [changed] = await tx
            .update(itsmTasks)
            .set({ dueAt: task.dueAt ?? null })
            .where(and(eq(itsmTasks.id, rowId(task.id, 'task')), eq(itsmTasks.itsmTicketId, ticketId)))
            .returning({ id: itsmTasks.id });
          if (!changed) throw new ItsmError(`no task #${task.id} on ITSM ticket #${id}`, { permanent: true });
        }
        const body = update.note
          ? `${ticket.body}\n\nNote, ${formatMoment(now, timeZone)}: ${update.note}`
          : ticket.body;
        await tx.update(itsmTickets).set({ body, updatedAt: now }).where(eq(itsmTickets.id, ticketId));
      });
    },

    async closeTask(ticketId, taskId) {
      const now = clock.now();
      const [task] = await db
        .select()
        .from(itsmTasks)
        .where(
          and(eq(itsmTasks.id, rowId(taskId, 'task')), eq(itsmTasks.itsmTicketId, rowId(ticketId, 'ticket'))),
        )
        .limit(1);
      if (!task) throw new ItsmError(`no task #${taskId} on ITSM ticket #${ticketId}`, { permanent: true });
      // Closing a closed task again (a retried request) changes nothing.
      if (task.status === 'done') return;
      await db
        .update(itsmTasks)
        .set({ status: 'done', completedAt: now, completedBy: 'otto' })
        .where(and(eq(itsmTasks.id, task.id), eq(itsmTasks.status, 'open')));
    },

    async getTicketState(id) {
      const [ticket] = await db
        .select({ status: itsmTickets.status })
        .from(itsmTickets)
        .where(eq(itsmTickets.id, rowId(id, 'ticket')))
        .limit(1);
      if (!ticket) throw new ItsmError(`no built-in ITSM ticket #${id}`, { permanent: true });
      return { installed: ticket.status !== 'open', closed: ticket.status === 'closed' };
    },
  };
}
