import type { Tx } from '../../../../db/client.js';
import type { RefreshEffect } from '../../../domain/refresh/index.js';
import type { WithdrawnAppointment } from '../../../domain/refresh/notices.js';
import { enqueueApprovalRequests, enqueueDecisionNotice } from '../approvals/approval-notices.js';
import { enqueueSlotInvitation } from '../booking/book-notices.js';
import { bookGenericSlot } from '../delivery/book-generic-slot.js';
import { enqueueCompletionNotice } from '../delivery/delivery-notices.js';
import { type DeliveryContext, openDeliveryItsmTicket } from '../delivery/open-delivery-itsm-ticket.js';
import type { TicketRow } from './load-ticket.js';
import { loadTicketDetails, type TicketDetails } from './ticket-details.js';

/**
 * Turns the effects of a transition into outbox rows, inside the transaction that saved it,
 * so the notices leave only if the change is committed (SPEC §3). `known`: the saved ticket's
 * details when the caller reads them anyway; else they are read if an effect needs them.
 */
export async function enqueueTicketEffects(
  tx: Tx,
  ctx: DeliveryContext,
  ticket: TicketRow,
  effects: readonly RefreshEffect[],
  now: Date,
  known?: TicketDetails,
  /** The booked appointment the change took away: an invitation to pick again says it is off. */
  withdrawn?: WithdrawnAppointment,
): Promise<void> {
  let details = known;
  const detailsOf = async () => {
    details ??= await loadTicketDetails(tx, ticket);
    return details;
  };
  // Booking the generic slot saves the ticket again; later effects date from that slot.
  let current = ticket;
  for (const effect of effects) {
    if (effect.type === 'notify_customer') {
      await enqueueDecisionNotice(tx, ctx, current, effect.notice, detailsOf, now);
    } else if (effect.type === 'notify_approvers') {
      await enqueueApprovalRequests(tx, ctx, current, await detailsOf(), now);
    } else if (effect.type === 'book_generic_slot') {
      current = await bookGenericSlot(tx, ctx.calendar, current, now);
    } else if (effect.type === 'open_delivery_itsm_ticket') {
      await openDeliveryItsmTicket(tx, ctx, current, now);
    } else if (effect.type === 'notify_completed') {
      await enqueueCompletionNotice(tx, ctx, current, now);
    } else if (effect.type === 'invite_to_schedule') {
      await enqueueSlotInvitation(tx, ctx, current, now, withdrawn);
    } else if (effect.type === 'lookup_replacement') {
      // The saved status is the lookup queue; this wakes the lookup, which runs after the commit.
      ctx.refresh?.replacementsQueued?.();
    }
  }
}
