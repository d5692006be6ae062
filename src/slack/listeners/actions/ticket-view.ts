import { ticketCardModal } from '../../../../blocks/messages/ticket-card.js';
import type { ServiceContext } from '../../../services/context.js';
import { getTicketCard } from '../../../services/tickets/ticket-card.js';
import type { ActionArgs } from '../register.js';
import { answerTicketAction, buttonValue, refusal, sourceOf, staleButtonNote } from './ticket-surface.js';

/** "View" on the Home or a list: the ticket card in a modal. */
export async function viewTicketFromButton(ctx: ServiceContext, { ack, body, client, logger }: ActionArgs) {
  await ack();
  const userId = body.user.id;
  const log = logger.error.bind(logger);
  const source = sourceOf(body);
  const value = buttonValue(body);
  if (!value) {
    await answerTicketAction({ ctx, client, userId, log }, source, { ok: false, note: staleButtonNote });
    return;
  }
  try {
    const card = getTicketCard(ctx, { actor: userId, ticket: value.ticketId });
    const view = ticketCardModal(card, { fromHome: source?.kind === 'home' });
    await client.views.open({ trigger_id: body.trigger_id, view });
  } catch (error) {
    await answerTicketAction({ ctx, client, userId, log }, source, refusal(error, log));
  }
}
