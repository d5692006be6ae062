import type { ServiceContext } from '../../context.js';
import type { TicketRow } from './load-ticket.js';
import { type ManageTicketInput, manageTicket } from './manage-ticket.js';

/** Puts an open ticket on hold; it remembers its status to resume to (SPEC §2.1). */
export function holdTicket(ctx: ServiceContext, input: ManageTicketInput): Promise<TicketRow> {
  return manageTicket(ctx, { type: 'hold' }, input);
}
