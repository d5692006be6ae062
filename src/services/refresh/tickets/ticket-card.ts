import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Tx } from '../../../../db/client.js';
import { audits, emailLog, events, outbox } from '../../../../db/schema/index.js';
import type { EventSource, OutboxChannel, OutboxStatus } from '../../../domain/enums.js';
import { allowedEvents } from '../../../domain/refresh/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid, notAllowed } from '../../errors.js';
import { isManager } from '../../people/access.js';
import { isApproverOf } from '../approvals/approvers.js';
import { canExchangeReplacement } from '../ordering/exchange-replacement.js';
import { canEditTicket } from './edit-ticket.js';
import { findTicket } from './find-ticket.js';
import { loadTicket } from './load-ticket.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';
import { isBeforeOrdering } from './ticket-state.js';

/** One line of a ticket's history: Otto's own changes, what it sent, and what happened outside. */
export type HistoryEntry =
  | {
      kind: 'audit';
      at: Date;
      actor: string;
      action: string;
      changes: Record<string, { from: unknown; to: unknown }> | null;
    }
  | {
      kind: 'notice';
      at: Date;
      notice: string;
      channel: OutboxChannel;
      recipient: string;
      status: OutboxStatus;
      deliveredAt: Date | null;
      /** The e-mail's subject as sent (email_log). */
      subject: string | null;
    }
  | {
      kind: 'event';
      at: Date;
      source: EventSource;
      eventKind: string;
      ok: boolean;
      detail: Record<string, unknown> | null;
    };

/** What the viewer may do from the card; the services check again when they do it. */
export interface TicketCapabilities {
  approve: boolean;
  edit: boolean;
  changeRequest: boolean;
  fillLocation: boolean;
  hold: boolean;
  resume: boolean;
  cancel: boolean;
  reschedule: boolean;
}

/** The latest approve/deny in the ticket's audits; it stays true after the ticket moves on. */
export interface Decision {
  approved: boolean;
  by: string;
  at: Date;
  reason: string | null;
}

export interface TicketCard {
  details: TicketDetails;
  history: HistoryEntry[];
  lastDecision: Decision | null;
  can: TicketCapabilities;
  /** The zone its times are written in: its support team's, else the organisation's. */
  timeZone: string;
}

function lastDecisionIn(history: HistoryEntry[]): Decision | null {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const entry = history[i];
    if (entry?.kind !== 'audit' || (entry.action !== 'approve' && entry.action !== 'deny')) continue;
    const reason = entry.changes?.denialReason?.to;
    return {
      approved: entry.action === 'approve',
      by: entry.actor,
      at: entry.at,
      reason: entry.action === 'deny' && typeof reason === 'string' ? reason : null,
    };
  }
  return null;
}

export const TicketCardInput = z.object({
  actor: SlackUserId,
  /** A ticket id, or what staff typed: `12`, `#12` or a serial. */
  ticket: z.union([z.number().int().positive(), z.string().min(1).max(100)]),
});
export type TicketCardInput = z.infer<typeof TicketCardInput>;

const kindOrder = { audit: 0, event: 1, notice: 2 } as const;

/** Audits, notices (with the e-mail log) and events of a ticket, merged in time order. */
export async function ticketHistory(db: Db | Tx, ticketId: number): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = [];
  for (const row of await db
    .select()
    .from(audits)
    .where(eq(audits.ticketId, ticketId))
    .orderBy(asc(audits.id))) {
    entries.push({ kind: 'audit', at: row.at, actor: row.actor, action: row.action, changes: row.changes });
  }
  const notices = await db
    .select({
      createdAt: outbox.createdAt,
      notice: outbox.notice,
      channel: outbox.channel,
      recipient: outbox.recipient,
      status: outbox.status,
      deliveredAt: outbox.deliveredAt,
      subject: emailLog.subject,
    })
    .from(outbox)
    .leftJoin(emailLog, eq(emailLog.outboxId, outbox.id))
    .where(eq(outbox.ticketId, ticketId))
    .orderBy(asc(outbox.id));
  for (const { createdAt, ...row } of notices) entries.push({ kind: 'notice', at: createdAt, ...row });
  for (const row of await db
    .select()
    .from(events)
    .where(eq(events.ticketId, ticketId))
    .orderBy(asc(events.id))) {
    entries.push({
      kind: 'event',
      at: row.at,
      source: row.source,
      eventKind: row.kind,
      ok: row.ok,
      detail: row.detail,
    });
  }
  // Stable: rows of one kind keep their insertion order within the same instant.
  return entries.sort((a, b) => a.at.getTime() - b.at.getTime() || kindOrder[a.kind] - kindOrder[b.kind]);
}

/**
 * A ticket by id or serial with its history, for refresh managers, admins and the approvers of
 * its config (SPEC §5: `/otto ticket <id|serial>`).
 */
export async function getTicketCard(ctx: ServiceContext, input: TicketCardInput): Promise<TicketCard> {
  const parsed = TicketCardInput.safeParse(input);
  if (!parsed.success) throw invalid('Say which ticket: its number (e.g. `#12`) or a serial number.');
  const { actor, ticket: ref } = parsed.data;
  const manager = await isManager(ctx, actor);
  const ticket = typeof ref === 'number' ? await loadTicket(ctx.db, ref) : await findTicket(ctx.db, ref);
  const approver = await isApproverOf(ctx.db, actor, ticket.configId);
  if (!manager && !approver) {
    throw notAllowed(
      'Only refresh managers, refresh admins and the approvers of its config can look at a ticket.',
    );
  }
  const editor = await canEditTicket(ctx, actor, ticket);
  // The role says who may; the state machine says what the ticket's state allows.
  const allowed = new Set(allowedEvents(ticket));
  const history = await ticketHistory(ctx.db, ticket.id);
  const details = await loadTicketDetails(ctx.db, ticket);
  return {
    details,
    timeZone: details.supportTeamTimeZone ?? ctx.calendar.timeZone,
    history,
    lastDecision: lastDecisionIn(history),
    can: {
      approve: approver && allowed.has('approve'),
      edit: editor && (isBeforeOrdering(ticket) || (await canExchangeReplacement(ctx, actor, ticket))),
      changeRequest: editor && !isBeforeOrdering(ticket) && ticket.status !== 'canceled',
      fillLocation: manager && allowed.has('location_provided'),
      hold: manager && allowed.has('hold'),
      resume: manager && allowed.has('resume'),
      cancel: manager && allowed.has('cancel'),
      // Staff change a booking by assigning a time (or asking the customer, from the same form).
      reschedule: manager && allowed.has('slot_assigned'),
    },
  };
}
