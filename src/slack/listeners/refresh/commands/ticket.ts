import { renderTicketCard } from '../../../../../blocks/refresh/messages/ticket-card.js';
import { plainMessageText } from '../../../../../blocks/shared/text.js';
import { getTicketCard } from '../../../../services/refresh/tickets/ticket-card.js';
import type { SubcommandInteraction, SubcommandReply } from '../../../plumbing/subcommands.js';

export const ticketUsage =
  'Usage: `/otto ticket <number|serial>`, e.g. `/otto ticket 12` or `/otto ticket SN00012`.';

/**
 * `/otto ticket <id|serial>`: the card with its history, sent through the response_url so its
 * buttons can update it in place.
 */
export async function ticketSubcommand({
  ctx,
  userId,
  rest,
}: SubcommandInteraction): Promise<SubcommandReply> {
  if (!rest.trim()) return { text: plainMessageText(ticketUsage) };
  return renderTicketCard(await getTicketCard(ctx, { actor: userId, ticket: rest.trim() }));
}
