import type { ServiceContext } from '../../services/context.js';
import { withdrawHeldAppointments } from '../../services/refresh/timers/index.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Every hour at :20 from 07:20 to 21:20: a held ticket's appointment closer than the lead time
 * (tomorrow or sooner, by default) is taken back and its customer told. The cut-off moves a day
 * at a time, so the day's first run finds the next day's appointments; the later runs take those
 * of tickets put on hold since. Nobody is messaged in the night. A hold placed when its
 * appointment is already that close wakes it at once.
 */
export function heldAppointmentsJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'held-appointments',
    schedule: '20 7-21 * * *',
    async run({ now }) {
      return { ...(await withdrawHeldAppointments(ctx, now)) };
    },
  };
}
