import type { ServiceContext } from '../../../../services/context.js';
import { cancelTicket } from '../../../../services/refresh/tickets/cancel.js';
import { holdTicket } from '../../../../services/refresh/tickets/hold.js';
import { resumeTicket } from '../../../../services/refresh/tickets/resume.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import { onTicketButton } from './ticket-surface.js';

const verbs = {
  hold: { run: holdTicket, done: 'put on hold' },
  resume: { run: resumeTicket, done: 'resumed' },
  cancel: { run: cancelTicket, done: 'canceled' },
} as const;

/** Hold, Resume and Cancel on the ticket card (managers; the service checks). */
export function manageFromButton(ctx: ServiceContext, verb: keyof typeof verbs) {
  return onTicketButton(ctx, async ({ value, answering }) => {
    const ticket = await verbs[verb].run(ctx, {
      actor: answering.userId,
      ticket: value.ticketId,
      seenStatus: value.status,
    });
    return {
      ok: true,
      ticketId: ticket.id,
      note: `Refresh #${ticket.id} ${verbs[verb].done}; ${describeTicketState(ticket)}.`,
    };
  });
}
