import type { ServiceContext } from '../../../services/context.js';
import { cancelTicket } from '../../../services/tickets/cancel.js';
import { holdTicket } from '../../../services/tickets/hold.js';
import { resumeTicket } from '../../../services/tickets/resume.js';
import { describeTicketState } from '../../../services/tickets/ticket-state.js';
import type { ActionArgs } from '../register.js';
import {
  answerTicketAction,
  buttonValue,
  type Outcome,
  refusal,
  sourceOf,
  staleButtonNote,
} from './ticket-surface.js';

const verbs = {
  hold: { run: holdTicket, done: 'put on hold' },
  resume: { run: resumeTicket, done: 'resumed' },
  cancel: { run: cancelTicket, done: 'canceled' },
} as const;

/** Hold, Resume and Cancel on the ticket card (managers; the service checks). */
export async function manageFromButton(
  ctx: ServiceContext,
  verb: keyof typeof verbs,
  { ack, body, client, logger }: ActionArgs,
) {
  await ack();
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const value = buttonValue(body);
  let outcome: Outcome;
  if (!value) {
    outcome = { ok: false, note: staleButtonNote };
  } else {
    try {
      const ticket = verbs[verb].run(ctx, {
        actor: userId,
        ticket: value.ticketId,
        seenStatus: value.status,
      });
      outcome = {
        ok: true,
        ticketId: ticket.id,
        note: `Refresh #${ticket.id} ${verbs[verb].done}; ${describeTicketState(ticket)}.`,
      };
    } catch (error) {
      outcome = refusal(error, log, value.ticketId);
    }
  }
  await answerTicketAction({ ctx, client, userId, log }, sourceOf(body), outcome);
}
