import type { ServiceContext } from '../../services/context.js';
import { sendAppointmentReminders } from '../../services/refresh/booking/remind-appointments.js';
import type { JobDefinition } from '../scheduler.js';

/** Daily at 09:30: the business day before day1, customers are reminded of their appointment. */
export function appointmentRemindersJob(ctx: ServiceContext): JobDefinition {
  return {
    name: 'appointment-reminders',
    schedule: '30 9 * * *',
    async run({ now }) {
      return { ...(await sendAppointmentReminders(ctx, now)) };
    },
  };
}
