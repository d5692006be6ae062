import { ticketCardModal } from '../../../../../blocks/refresh/messages/ticket-card.js';
import type { ServiceContext } from '../../../../services/context.js';
import { getTicketCard } from '../../../../services/refresh/tickets/ticket-card.js';
import { onTicketButton } from './ticket-surface.js';

/** "View" on the Home or a list: the ticket card in a modal. */
export function viewTicketFromButton(ctx: ServiceContext) {
  return onTicketButton(ctx, async ({ value, source, answering, triggerId }) => {
    const card = await getTicketCard(ctx, { actor: answering.userId, ticket: value.ticketId });
    const view = ticketCardModal(card, { fromHome: source?.kind === 'home' });
    await answering.client.views.open({ trigger_id: triggerId, view });
    return undefined;
  });
}
