import type { ServiceContext } from '../../services/context.js';
import { sendFridayDigest } from '../../services/refresh/digest/index.js';
import type { JobDefinition } from '../scheduler.js';

/** Fridays at 08:00 (SPEC §2.2): every approver's digest of their configs' tickets. */
export function approverDigestJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'approver-digest',
    schedule: '0 8 * * 5',
    run: async ({ now }) => ({ ...(await sendFridayDigest(ctx, now)) }),
  };
}
