import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import {
  itsmTasks,
  itsmTickets,
  outbox,
  refreshTickets,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { formatMoment } from '../domain/calendar/format-date-time.js';
import type { ItsmTicketView } from '../domain/refresh/notices.js';
import { enqueueNotice } from '../effects/outbox.js';
import { ItsmError } from './errors.js';
import type { ItsmPort, ItsmTicketRef } from './port.js';

/** The line of a delivery ticket's body that names day1 when it was opened; the card shows it live. */
const day1Line = /^Day1: .*$\n?/gm;

/**
 * A built-in ticket with its tasks, as its channel message shows it: times in its refresh
 * ticket's support team's zone, else in `timeZone` (the organisation's), and a delivery's day1
 * as it is now (the refresh ticket's booked time) rather than as it was when the ticket opened.
 */
export async function builtinTicketView(
  db: Db | Tx,
  id: number,
  timeZone: string,
): Promise<ItsmTicketView | undefined> {
  const [ticket] = await db
    .select({
      ticket: itsmTickets,
      teamTimeZone: supportTeams.timeZone,
      style: refreshTickets.style,
      day1: scheduleSlots.startsAt,
    })
    .from(itsmTickets)
    .leftJoin(refreshTickets, eq(refreshTickets.id, itsmTickets.refreshTicketId))
    .leftJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
    .leftJoin(scheduleSlots, eq(scheduleSlots.id, refreshTickets.scheduleSlotId))
    .where(eq(itsmTickets.id, id))
    .limit(1);
  if (!ticket) return undefined;
  const tasks = await db
    .select()
    .from(itsmTasks)
    .where(eq(itsmTasks.itsmTicketId, id))
    .orderBy(asc(itsmTasks.id));
  const row = ticket.ticket;
  // Remote customers get their replacement shipped: no day1.
  const hasDay1 = row.kind === 'refresh' && ticket.style !== null && ticket.style !== 'remote_customer';
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: hasDay1 ? row.body.replace(day1Line, '').trimEnd() : row.body,
    status: row.status,
    refreshTicketId: row.refreshTicketId,
    timeZone: ticket.teamTimeZone ?? timeZone,
    ...(hasDay1 ? { day1: ticket.day1 ?? null } : {}),
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

const postedKey = (itsmTicketId: number) => `itsm-ticket:${itsmTicketId}`;

/**
 * The ticket's channel message shows it as it is now: after a change Otto made (a task closed,
 * tasks re-dated, a note), an update of the message posted for it is queued behind that post.
 * A ticket never posted (no team channel) has nothing to update.
 */
export async function queueTicketMessageUpdate(
  tx: Tx,
  itsmTicketId: number,
  timeZone: string,
  now: Date,
): Promise<void> {
  const [posted] = await tx
    .select({ id: outbox.id, recipient: outbox.recipient, ticketId: outbox.ticketId })
    .from(outbox)
    .where(and(eq(outbox.dedupeKey, postedKey(itsmTicketId)), eq(outbox.notice, 'itsm_ticket_posted')))
    .limit(1);
  const view = posted && (await builtinTicketView(tx, itsmTicketId, timeZone));
  if (!posted || !view) return;
  await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: posted.recipient,
      kind: 'itsm_ticket_updated',
      view: { ...view, postedAs: posted.id },
      ...(posted.ticketId ? { ticketId: posted.ticketId } : {}),
    },
    now,
  );
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
              dedupeKey: postedKey(ticket.id),
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
        await queueTicketMessageUpdate(tx, ticketId, timeZone, now);
      });
    },

    async closeTask(ticketId, taskId) {
      const now = clock.now();
      await db.transaction(async (tx) => {
        const [task] = await tx
          .select()
          .from(itsmTasks)
          .where(
            and(
              eq(itsmTasks.id, rowId(taskId, 'task')),
              eq(itsmTasks.itsmTicketId, rowId(ticketId, 'ticket')),
            ),
          )
          .limit(1);
        if (!task) throw new ItsmError(`no task #${taskId} on ITSM ticket #${ticketId}`, { permanent: true });
        // Closing a closed task again (a retried request) changes nothing.
        if (task.status === 'done') return;
        const [closed] = await tx
          .update(itsmTasks)
          .set({ status: 'done', completedAt: now, completedBy: 'otto' })
          .where(and(eq(itsmTasks.id, task.id), eq(itsmTasks.status, 'open')))
          .returning({ id: itsmTasks.id });
        if (closed) await queueTicketMessageUpdate(tx, task.itsmTicketId, timeZone, now);
      });
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
