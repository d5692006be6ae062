import type { Tx } from '../../../../db/client.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { readerFields } from '../../notices/index.js';
import { deliveryAudience } from '../tickets/delivery-audience.js';
import type { TicketRow } from '../tickets/load-ticket.js';

type NoticeContext = Pick<ServiceContext, 'links'>;

/** The tracking number notice to the customer, or their delegate (DM + e-mail; SPEC §3). */
export async function enqueueTrackingNotice(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  now: Date,
): Promise<void> {
  const trackingNumber = ticket.trackingNumber;
  const who = trackingNumber ? await deliveryAudience(tx, ticket) : undefined;
  if (!who || !trackingNumber) return;
  await enqueueCustomerNotice(
    tx,
    {
      to: who.recipient,
      kind: 'tracking',
      view: {
        ...readerFields(who, who.details.supportTeam),
        ticketId: ticket.id,
        computer: who.computer,
        trackingNumber,
        openApp: ctx.links.openApp,
      },
      ticketId: ticket.id,
      dedupeKey: `tracking:${ticket.id}:${trackingNumber}`,
    },
    now,
  );
}

/** The completion notice to the customer, or their delegate; none for no-customer tickets. */
export async function enqueueCompletionNotice(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  now: Date,
): Promise<void> {
  const who = await deliveryAudience(tx, ticket);
  if (!who) return;
  await enqueueCustomerNotice(
    tx,
    {
      to: who.recipient,
      kind: 'completed',
      view: {
        ...readerFields(who, who.details.supportTeam),
        ticketId: ticket.id,
        computer: who.computer,
        openApp: ctx.links.openApp,
      },
      ticketId: ticket.id,
      dedupeKey: `completed:${ticket.id}`,
    },
    now,
  );
}
