import type { ServiceContext } from '../../context.js';
import type { TicketRow } from './load-ticket.js';
import { type ManageTicketInput, manageTicket } from './manage-ticket.js';

/** Lifts a hold: the ticket returns to the status it had (SPEC §2.1). */
export function resumeTicket(ctx: ServiceContext, input: ManageTicketInput): Promise<TicketRow> {
  return manageTicket(ctx, { type: 'resume' }, input);
}
