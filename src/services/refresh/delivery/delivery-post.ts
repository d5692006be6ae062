import { and, desc, eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { outbox } from '../../../../db/schema/index.js';
import { DeliveryBookedView, type DeliveryBookingEndedView } from '../../../domain/refresh/notices.js';
import { enqueueNotice } from '../../../effects/outbox.js';

/**
 * A booking is over (moved to another time, or off): the support team's channel post that
 * announced it is rewritten to say so, with its day1 struck through. A ticket whose booking was
 * never posted (no team channel) has nothing to rewrite.
 */
export async function endDeliveryPost(
  tx: Tx,
  ticketId: number,
  ended: DeliveryBookingEndedView['ended'],
  now: Date,
): Promise<void> {
  const [posted] = await tx
    .select({ id: outbox.id, recipient: outbox.recipient, form: outbox.payloadForm, payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.notice, 'delivery_booked')))
    .orderBy(desc(outbox.id))
    .limit(1);
  const view = posted?.form === 'view' ? DeliveryBookedView.safeParse(posted.payload) : undefined;
  if (!posted || !view?.success) return;
  await enqueueNotice(
    tx,
    {
      channel: 'slack_channel',
      recipient: posted.recipient,
      kind: 'delivery_booking_ended',
      view: { ...view.data, postedAs: posted.id, ended },
      ticketId,
    },
    now,
  );
}
