import { eq } from 'drizzle-orm';
import { systems } from '../../../../db/schema/index.js';
import { allows } from '../../../domain/refresh/index.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import type { ServiceContext } from '../../context.js';
import { conflict, notAllowed } from '../../errors.js';
import { isManager } from '../../people/access.js';
import { loadTicket, type TicketRow } from '../tickets/load-ticket.js';
import { describeTicketState } from '../tickets/ticket-state.js';
import { advanceFound, lookUpSerial } from './look-up-ticket.js';

/** How long "Retry lookup" waits for the ITSM's rate limit before answering that it could not ask. */
const interactiveWaitMs = 5000;

export interface RetryLookupInput {
  actor: string;
  ticket: number;
  /** The status the person saw on the button. */
  seenStatus: string;
}

export interface RetryLookupResult {
  ticketId: number;
  /** The replacement was found and the ticket moved on. */
  found: boolean;
  /** What the person is told. */
  note: string;
}

/**
 * "Retry lookup" on the Problems list: looks one ticket's replacement up in the ITSM at once
 * (recorded as an event like every lookup) and moves the ticket on when it is found. Refresh
 * managers and admins only; a stale button changes nothing.
 */
export async function retryLookup(ctx: ServiceContext, input: RetryLookupInput): Promise<RetryLookupResult> {
  if (!(await isManager(ctx, input.actor))) {
    throw notAllowed('Only refresh managers and admins can retry an ITSM lookup.');
  }
  const ticket: TicketRow = await loadTicket(ctx.db, input.ticket);
  if (ticket.status !== input.seenStatus || !allows(ticket, 'itsm_found')) {
    throw conflict(
      `Refresh #${ticket.id} is now ${statusPhrase(ticket.status)}, so there is nothing to look up. Nothing was changed.`,
    );
  }
  const serial =
    ticket.replacementSystemId === null
      ? undefined
      : (
          await ctx.db
            .select({ serial: systems.serial })
            .from(systems)
            .where(eq(systems.id, ticket.replacementSystemId))
            .limit(1)
        )[0]?.serial;
  if (!serial) throw conflict(`Refresh #${ticket.id} has no replacement to look up. Nothing was changed.`);

  // Someone is waiting for the answer: a rate limit longer than a few seconds is the job's to wait out.
  const result = await lookUpSerial(ctx, ticket.id, serial, undefined, { maxWaitMs: interactiveWaitMs });
  if (result.outcome === 'failed') {
    return {
      ticketId: ticket.id,
      found: false,
      note: `Refresh #${ticket.id}: the ITSM could not be asked (${result.error}). Otto keeps trying on its own.`,
    };
  }
  if (result.outcome === 'not_found') {
    return {
      ticketId: ticket.id,
      found: false,
      note: `Refresh #${ticket.id}: replacement ${serial} is still not found in the ITSM.`,
    };
  }
  const now = ctx.clock.now();
  const advanced = await ctx.db.transaction((tx) => advanceFound(tx, ctx, ticket.id, now, input.actor));
  if (!advanced) {
    const current = await loadTicket(ctx.db, ticket.id);
    return {
      ticketId: ticket.id,
      found: false,
      note: `Refresh #${ticket.id}: found in the ITSM, but the ticket is now ${statusPhrase(current.status)}. Nothing was changed.`,
    };
  }
  ctx.noticesWritten();
  return {
    ticketId: ticket.id,
    found: true,
    note: `Refresh #${ticket.id}: replacement ${serial} found in the ITSM; ${describeTicketState(advanced)}.`,
  };
}
