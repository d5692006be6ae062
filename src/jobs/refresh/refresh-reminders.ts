import type { ServiceContext } from '../../services/context.js';
import { expireUnfinishedWizards, sendDueReminders } from '../../services/refresh/timers/index.js';
import type { JobDefinition } from '../scheduler.js';

/**
 * Daily at 10:10, just after the invitations: reminders fall due 5 and 10 business days after an
 * invitation at its wall-clock time (10:05), so this run sends them on that day, not the next.
 * Expiry goes first: a ticket past 14 business days moves to pending_location_info and is not
 * reminded any more.
 */
export function refreshRemindersJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'refresh-reminders',
    schedule: '10 10 * * *',
    async run({ now }) {
      const expiry = await expireUnfinishedWizards(ctx, now);
      return { ...expiry, ...(await sendDueReminders(ctx, now)) };
    },
  };
}
