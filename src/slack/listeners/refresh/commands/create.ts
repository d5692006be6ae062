import { ticketCreatedSentence } from '../../../../../blocks/refresh/messages/batch.js';
import { renderCreateTicketsModal } from '../../../../../blocks/refresh/modals/create-tickets.js';
import { messageText, plainMessageText } from '../../../../../blocks/shared/text.js';
import { invalid } from '../../../../services/errors.js';
import { requireAdmin } from '../../../../services/people/access.js';
import { createTicketForSerial } from '../../../../services/refresh/batches/create-ticket-for-serial.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';
import { configSelectFor } from '../actions/create-config-options.js';

/** What one text input of a modal takes. */
const maxPrefill = 3000;

export const createUsage =
  'Usage: `/otto create` opens the bulk creator (paste serials), `/otto create <serial>` opens it for one system, `/otto create <serial> <config name>` creates that ticket at once (bump-down configs: `/otto create <serial> <replacement serial> <config name>`).';

/**
 * `/otto create`: the bulk creator modal, prefilled with what follows the command when it is
 * a serial or a pasted list; a serial followed by a config's name creates the ticket at once.
 */
export async function createSubcommand(i: SubcommandInteraction): Promise<SubcommandReply | undefined> {
  const { ctx, userId, words, rest, client } = i;
  await requireAdmin(ctx, userId, 'create refresh tickets');
  const [serial, ...configWords] = words;
  const isList = /[\n,;]/.test(rest);
  if (serial !== undefined && configWords.length > 0 && !isList) {
    if (serial.toLowerCase() === 'help') return { text: plainMessageText(createUsage) };
    const made = await createTicketForSerial(ctx, {
      actor: userId,
      serial,
      configName: configWords.join(' '),
    });
    return { text: messageText(ticketCreatedSentence(made)) };
  }
  if (serial?.toLowerCase() === 'help') return { text: plainMessageText(createUsage) };
  if (rest.length > maxPrefill) {
    throw invalid(
      'That is more than the creator’s form takes (3,000 characters). Make a batch instead: `/otto batch new <name>` with the serials on the lines below it.',
    );
  }
  await client.views.open({
    trigger_id: i.triggerId,
    view: renderCreateTicketsModal({ configs: await configSelectFor(ctx, userId), serials: rest }),
  });
  return undefined;
}
