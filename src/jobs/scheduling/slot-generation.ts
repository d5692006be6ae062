import type { ServiceContext } from '../../services/context.js';
import { generateSlots } from '../../services/scheduling/generate-slots.js';
import type { JobDefinition } from '../scheduler.js';

/** 01:00 nightly: schedule slots from the teams' weekly rules, 35 days ahead (idempotent). */
export function slotGenerationJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'slot-generation',
    schedule: '0 1 * * *',
    async run({ now }) {
      return { ...(await generateSlots(ctx, now)) };
    },
  };
}
