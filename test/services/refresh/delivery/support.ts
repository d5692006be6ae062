import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { events, outbox, scheduleSlots } from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../../src/domain/refresh/enums.js';
import type { DeliveryContext } from '../../../../src/services/refresh/delivery/open-delivery-itsm-ticket.js';
import { advanceFound } from '../../../../src/services/refresh/lookup/look-up-ticket.js';
import { makeSystem, makeTicket } from '../../../helpers/factories.js';
import { delivered } from '../../../helpers/notices.js';
import type { ServiceWorld } from '../approvals/support.js';

/** A ticket waiting for its existence lookup, with a replacement of the given platform. */
export function awaitingLookup(
  sw: ServiceWorld,
  style: RefreshStyle,
  platform: 'windows' | 'mac' = 'windows',
) {
  const replacement = makeSystem(sw.db, sw.world, {
    userId: null,
    building: null,
    room: null,
    platform,
    modelId: platform === 'mac' ? sw.world.models.macbook : sw.world.models.latitude,
  });
  const ticket = makeTicket(sw.db, sw.world, {
    style,
    status: 'pending_itsm_existence',
    replacementSystemId: replacement.id,
    ...(style === 'no_customer' ? { userId: null } : {}),
    ...(style === 'remote_customer'
      ? {
          shippingAddress: {
            recipient: 'Casey Customer',
            line1: '500 S State St',
            city: 'Ann Arbor',
            region: 'MI',
            postalCode: '48109',
            country: 'US',
          },
        }
      : {}),
  });
  return { ticket, replacement };
}

/** The lookup found the replacement: the transition and its effects, as the lookup queue runs them. */
export function found(sw: ServiceWorld, ticketId: number, ctx: DeliveryContext = sw.ctx) {
  return sw.db.transaction((tx) => advanceFound(tx, ctx, ticketId, sw.clock.now()))!;
}

export const outboxOf = (db: Db, ticketId: number) =>
  db
    .select({
      channel: outbox.channel,
      recipient: outbox.recipient,
      notice: outbox.notice,
      payload: outbox.payload,
      payloadForm: outbox.payloadForm,
    })
    .from(outbox)
    .where(eq(outbox.ticketId, ticketId))
    .orderBy(asc(outbox.id))
    .all()
    .map(delivered);

export const eventsOf = (db: Db, ticketId: number) =>
  db.select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id)).all();

export const slotOf = (db: Db, id: number | null) =>
  id === null ? undefined : db.select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).get();
