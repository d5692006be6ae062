import { forActor, messageText, plainMessageText } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { cancelTicket } from '../../../../services/refresh/tickets/cancel.js';
import { holdTicket } from '../../../../services/refresh/tickets/hold.js';
import { resumeTicket } from '../../../../services/refresh/tickets/resume.js';
import { describeTicketState } from '../../../../services/refresh/tickets/ticket-state.js';
import type { SubcommandReply } from '../../../plumbing/subcommands.js';

const verbs = {
  hold: {
    run: holdTicket,
    done: 'put on hold',
    hint: (id: number) => ` \`/otto resume ${id}\` lifts the hold.`,
  },
  resume: { run: resumeTicket, done: 'resumed', hint: () => '' },
  cancel: { run: cancelTicket, done: 'canceled', hint: () => '' },
} as const;

/** `/otto hold|resume|cancel <id|serial>` for refresh managers; the service checks the role. */
export function manageSubcommand(verb: keyof typeof verbs) {
  return async (ctx: ServiceContext, userId: string, words: string[]): Promise<SubcommandReply> => {
    const ref = words.join(' ').trim();
    if (!ref) {
      return {
        text: plainMessageText(`Usage: \`/otto ${verb} <number|serial>\`, e.g. \`/otto ${verb} 12\`.`),
      };
    }
    const ticket = await verbs[verb].run(ctx, { actor: userId, ticket: ref });
    return {
      text: messageText(
        forActor(
          `Refresh #${ticket.id} ${verbs[verb].done}; ${describeTicketState(ticket)}.${verbs[verb].hint(ticket.id)}`,
        ),
      ),
    };
  };
}
