import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import { statusLabel } from '../../../domain/naming.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import { recordAudit } from '../../audit.js';
import type { ServiceContext } from '../../context.js';
import { notAllowed, ServiceError } from '../../errors.js';
import { type LineProblem, readPairLines } from '../../pair-lines.js';
import { isManager } from '../../people/access.js';
import { findTicket } from '../tickets/find-ticket.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { enqueueTrackingNotice } from './delivery-notices.js';

/** A paste takes at most this many lines. */
export const maxTrackingLines = 5_000;

// Carriers' numbers are letters, digits and the odd dash (UPS 1Z…, FedEx, USPS 20–22 digits).
const trackingNumberPattern = /^[A-Z0-9][A-Z0-9-]{5,39}$/;

export interface TrackingLine {
  lineNo: number;
  ref: string;
  trackingNumber: string;
}

export interface EnterTrackingInput {
  actor: string;
  /** `<ticket number or serial> <tracking number>` lines, as typed or pasted. */
  text: string;
}

export interface EnterTrackingResult {
  total: number;
  /** Every bad line; when there is any, nothing was written. */
  problems: LineProblem[];
  entered: Array<{ ticketId: number; trackingNumber: string }>;
}

/** Reads `ref tracking` lines (spaces, tabs, a comma or a semicolon between); blank lines are skipped. */
export function parseTrackingLines(text: string): { lines: TrackingLine[]; problems: LineProblem[] } {
  return readPairLines<{ ref: string; trackingNumber: string }>(text, {
    shape: '`ticket-or-serial tracking-number` (two values)',
    empty: 'Give at least one line: the ticket number or serial, a space, then the tracking number.',
    maxLines: maxTrackingLines,
    read: (ref, number) => {
      const trackingNumber = number.toUpperCase();
      return trackingNumberPattern.test(trackingNumber)
        ? { ref: ref.startsWith('#') ? ref : ref.toUpperCase(), trackingNumber }
        : { problem: 'has a tracking number Otto cannot read (6–40 letters, digits or dashes)' };
    },
  });
}

/** Why a tracking number cannot go on this ticket, or undefined when it can. */
function ticketProblem(ticket: TicketRow, trackingNumber: string): string | undefined {
  if (ticket.status !== 'pending_delivery') {
    return `ticket #${ticket.id} is ${statusPhrase(ticket.status)}; tracking numbers go on remote tickets waiting for delivery`;
  }
  if (ticket.style !== 'remote_customer')
    return `ticket #${ticket.id} is not shipped (${statusLabel(ticket.style)})`;
  if (ticket.trackingNumber === trackingNumber) {
    return `ticket #${ticket.id} has this tracking number already`;
  }
  return undefined;
}

/**
 * Staff enter tracking numbers for shipped replacements, one or pasted in bulk (SPEC §2.1):
 * every line is checked first and, if any is bad, nothing is written and each bad line is
 * answered; otherwise each ticket gets its number (a correction replaces the old one) and the
 * customer, or their delegate, the tracking notice. Refresh managers and admins only.
 */
export async function enterTracking(
  ctx: ServiceContext,
  input: EnterTrackingInput,
): Promise<EnterTrackingResult> {
  if (!(await isManager(ctx, input.actor))) {
    throw notAllowed('Only refresh managers and admins can enter tracking numbers.');
  }
  const parsed = parseTrackingLines(input.text);
  const total = parsed.lines.length + parsed.problems.length;
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx): Promise<EnterTrackingResult> => {
    const problems = [...parsed.problems];
    const planned: Array<{ ticket: TicketRow; trackingNumber: string }> = [];
    const lineOfTicket = new Map<number, number>();
    for (const line of parsed.lines) {
      const text = `${line.ref} ${line.trackingNumber}`;
      let ticket: TicketRow;
      try {
        ticket = await findTicket(tx, line.ref);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        problems.push({ lineNo: line.lineNo, text, reason: error.message.replace(/\.$/, '') });
        continue;
      }
      const earlier = lineOfTicket.get(ticket.id);
      if (earlier !== undefined) {
        problems.push({
          lineNo: line.lineNo,
          text,
          reason: `duplicate: ticket #${ticket.id} is on line ${earlier} too`,
        });
        continue;
      }
      lineOfTicket.set(ticket.id, line.lineNo);
      const reason = ticketProblem(ticket, line.trackingNumber);
      if (reason) problems.push({ lineNo: line.lineNo, text, reason });
      else planned.push({ ticket, trackingNumber: line.trackingNumber });
    }
    if (problems.length > 0) {
      problems.sort((a, b) => a.lineNo - b.lineNo);
      return { total, problems, entered: [] };
    }
    const entered: EnterTrackingResult['entered'] = [];
    for (const p of planned) entered.push(await save(tx, ctx, input.actor, p, now));
    return { total, problems, entered };
  });
  if (result.entered.length > 0) ctx.noticesWritten();
  return result;
}

async function save(
  tx: Tx,
  ctx: ServiceContext,
  actor: string,
  { ticket, trackingNumber }: { ticket: TicketRow; trackingNumber: string },
  now: Date,
) {
  // Checked in this same transaction, so the status cannot have moved; the guard says so anyway.
  const [saved] = await tx
    .update(refreshTickets)
    .set({ trackingNumber, updatedAt: now })
    .where(and(eq(refreshTickets.id, ticket.id), eq(refreshTickets.status, 'pending_delivery')))
    .returning();
  await recordAudit(
    tx,
    {
      entity: 'refresh_ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      action: 'tracking_entered',
      actor,
      changes: { trackingNumber: { from: ticket.trackingNumber, to: trackingNumber } },
    },
    now,
  );
  await enqueueTrackingNotice(tx, ctx, saved!, now);
  return { ticketId: ticket.id, trackingNumber };
}
