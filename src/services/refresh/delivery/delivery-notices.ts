import {
  renderCompletionNotice,
  renderTrackingNotice,
} from '../../../../blocks/refresh/messages/delivery-notices.js';
import type { Tx } from '../../../../db/client.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import { customerRecipient } from '../tickets/recipients.js';
import { computerLabel, loadTicketDetails } from '../tickets/ticket-details.js';

type NoticeContext = Pick<ServiceContext, 'links'>;

/** Who is told and about what computer; undefined when nobody is (no-customer tickets). */
function audience(tx: Tx, ticket: TicketRow) {
  const recipient = customerRecipient(tx, ticket);
  if (!recipient) return undefined;
  const details = loadTicketDetails(tx, ticket);
  const onBehalfOf =
    ticket.delegateId !== null && details.user ? (details.user.name ?? details.user.email) : undefined;
  const computer = computerLabel(details.replacement ?? details.system);
  return { recipient, onBehalfOf, computer };
}

/** The tracking number notice to the customer, or their delegate (DM + e-mail; SPEC §3). */
export function enqueueTrackingNotice(tx: Tx, ctx: NoticeContext, ticket: TicketRow, now: Date): void {
  const who = audience(tx, ticket);
  const trackingNumber = ticket.trackingNumber;
  if (!who || !trackingNumber) return;
  const { recipient, onBehalfOf, computer } = who;
  const dm = renderTrackingNotice({ ticketId: ticket.id, computer, onBehalfOf, trackingNumber });
  enqueueCustomerNotice(
    tx,
    {
      slackUserId: recipient.slackUserId,
      email: recipient.email,
      notice: 'tracking',
      ...dm,
      template: 'tracking',
      subject: `Refresh #${ticket.id}: your new computer has shipped`,
      data: {
        recipientName: recipient.name ?? undefined,
        onBehalfOf,
        ticketId: ticket.id,
        computer,
        trackingNumber,
        preview: `Tracking number ${trackingNumber}`,
        action: { label: 'Open Otto', url: ctx.links.openApp },
      },
      ticketId: ticket.id,
      dedupeKey: `tracking:${ticket.id}:${trackingNumber}`,
    },
    now,
  );
}

/** The completion notice to the customer, or their delegate; none for no-customer tickets. */
export function enqueueCompletionNotice(tx: Tx, ctx: NoticeContext, ticket: TicketRow, now: Date): void {
  const who = audience(tx, ticket);
  if (!who) return;
  const { recipient, onBehalfOf, computer } = who;
  const dm = renderCompletionNotice({ ticketId: ticket.id, computer, onBehalfOf });
  enqueueCustomerNotice(
    tx,
    {
      slackUserId: recipient.slackUserId,
      email: recipient.email,
      notice: 'completed',
      ...dm,
      template: 'completion',
      subject: `Refresh #${ticket.id} is complete`,
      data: {
        recipientName: recipient.name ?? undefined,
        onBehalfOf,
        ticketId: ticket.id,
        computer,
        preview: `Your refresh #${ticket.id} is complete.`,
        action: { label: 'Open Otto', url: ctx.links.openApp },
      },
      ticketId: ticket.id,
      dedupeKey: `completed:${ticket.id}`,
    },
    now,
  );
}
