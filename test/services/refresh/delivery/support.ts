import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { scheduleSlots } from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../../src/domain/refresh/enums.js';
import type { DeliveryContext } from '../../../../src/services/refresh/delivery/open-delivery-itsm-ticket.js';
import { advanceFound } from '../../../../src/services/refresh/lookup/look-up-ticket.js';
import { makeSystem, makeTicket } from '../../../helpers/factories.js';
import type { ServiceWorld } from '../../../helpers/world.js';

/** A ticket waiting for its existence lookup, with a replacement of the given platform. */
export async function awaitingLookup(
  sw: ServiceWorld,
  style: RefreshStyle,
  platform: 'windows' | 'mac' = 'windows',
) {
  const replacement = await makeSystem(sw.db, sw.world, {
    userId: null,
    building: null,
    room: null,
    platform,
    modelId: platform === 'mac' ? sw.world.models.macbook : sw.world.models.latitude,
  });
  const ticket = await makeTicket(sw.db, sw.world, {
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
export async function found(sw: ServiceWorld, ticketId: number, ctx: DeliveryContext = sw.ctx) {
  return (await sw.db.transaction(async (tx) => advanceFound(tx, ctx, ticketId, sw.clock.now())))!;
}

export const slotOf = async (db: Db, id: number | null) =>
  id === null
    ? undefined
    : (await db.select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0];
