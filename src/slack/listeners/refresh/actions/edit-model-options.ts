import type { PlainTextOption } from '@slack/types';
import { editModelOption, noChosenModelOption } from '../../../../../blocks/refresh/modals/edit-ticket.js';
import type { ServiceContext } from '../../../../services/context.js';
import { searchEditTicketModels } from '../../../../services/refresh/tickets/edit-ticket.js';
import { loadOptions } from '../../../plumbing/options.js';
import { ticketFormMetadata } from '../../../values/refresh.js';

/** Whether the typed words, in order, are in "No chosen model: the proposed one" (as a search matches). */
function meansNoChoice(query: string): boolean {
  const text = noChosenModelOption.text.text.toLowerCase();
  let at = 0;
  for (const word of query.toLowerCase().split(/\s+/).filter(Boolean)) {
    const found = text.indexOf(word, at);
    if (found < 0) return false;
    at = found + word.length;
  }
  return true;
}

/**
 * The edit form's model selects when there are more models than a select holds: the models the
 * ticket may get that match what was typed; the chosen-model select also offers "no chosen model".
 */
export function loadEditModelOptions(ctx: ServiceContext, select: 'proposed' | 'chosen') {
  return loadOptions('ticket edit models', 200, async ({ userId, query, metadata }) => {
    const form = ticketFormMetadata.parse(metadata);
    if (!form) return [];
    const found = await searchEditTicketModels(ctx, { actor: userId, ticketId: form.ticketId, query });
    const options: PlainTextOption[] = found.map(editModelOption);
    return select === 'chosen' && meansNoChoice(query)
      ? [noChosenModelOption, ...options].slice(0, 100)
      : options;
  });
}
