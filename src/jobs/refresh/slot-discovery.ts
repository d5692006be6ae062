import type { ServiceContext } from '../../services/context.js';
import { discoverSlots } from '../../services/refresh/booking/discover-slots.js';
import type { JobDefinition } from '../scheduler.js';

/** 07:00 and 13:00: tickets waiting for slots move on when their team has enough free ones (SPEC §2.3). */
export function slotDiscoveryJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'slot-discovery',
    schedule: '0 7,13 * * *',
    async run({ now }) {
      return { ...(await discoverSlots(ctx, now)) };
    },
  };
}
