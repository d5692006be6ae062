import type { ServiceContext } from '../../context.js';
import type { TicketRow } from './load-ticket.js';
import { type ManageTicketInput, manageTicket } from './manage-ticket.js';

/** Cancels an open (or held) ticket for good (SPEC §2.1). */
export function cancelTicket(ctx: ServiceContext, input: ManageTicketInput): Promise<TicketRow> {
  return manageTicket(ctx, { type: 'cancel' }, input);
}
