import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import { statusPhrase } from '../../../domain/refresh/status-wording.js';
import { conflict } from '../../errors.js';
import type { TicketRow } from './load-ticket.js';

/**
 * Where a ticket stands, for answers to stale buttons and double clicks: "it is now waiting to
 * be ordered (approved by <@U…>)".
 */
export function describeTicketState(
  ticket: Pick<
    TicketRow,
    'status' | 'statusBeforeHold' | 'decidedBy' | 'decidedAt' | 'denialReason' | 'updatedAt'
  >,
): string {
  let state = `it is now ${statusPhrase(ticket.status)}`;
  // Only when the decision was the ticket's last change: a re-walked wizard moves it on.
  const decidedLast =
    ticket.decidedBy && ticket.decidedAt && ticket.decidedAt.getTime() === ticket.updatedAt.getTime();
  if (ticket.status === 'on_hold' && ticket.statusBeforeHold) {
    state += ` (it was ${statusPhrase(ticket.statusBeforeHold)})`;
  } else if (decidedLast) {
    state += ` (${ticket.denialReason ? 'denied' : 'approved'} by <@${ticket.decidedBy}>)`;
  }
  return state;
}

/**
 * A button carries the status its viewer saw; when the ticket has moved since, nothing is
 * changed and the answer says where it stands now.
 */
export function requireSeenStatus(ticket: TicketRow, seenStatus: string | undefined): void {
  if (seenStatus === undefined || seenStatus === ticket.status) return;
  throw conflict(
    `Refresh #${ticket.id} changed since you saw it: ${describeTicketState(ticket)}. Nothing was changed.`,
  );
}

/** Statuses before the ordering decision: approvers may still edit the ticket (SPEC §1). */
export const preOrderingStatuses = [
  'pending_customer',
  'requires_approval',
  'pending_location_info',
] as const satisfies readonly RefreshStatus[];

/** The status that counts for a held ticket is the one it will resume to. */
export const effectiveStatus = (ticket: Pick<TicketRow, 'status' | 'statusBeforeHold'>): RefreshStatus =>
  ticket.status === 'on_hold' && ticket.statusBeforeHold ? ticket.statusBeforeHold : ticket.status;

export const isBeforeOrdering = (ticket: Pick<TicketRow, 'status' | 'statusBeforeHold'>) =>
  (preOrderingStatuses as readonly RefreshStatus[]).includes(effectiveStatus(ticket));
