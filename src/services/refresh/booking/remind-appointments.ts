import { and, asc, eq, gte, lt, ne } from 'drizzle-orm';
import { refreshTickets, scheduleSlots } from '../../../../db/schema/index.js';
import { addDays } from '../../../domain/calendar/index.js';
import type { ServiceContext } from '../../context.js';
import { enqueueAppointmentNotice } from './book-notices.js';

export interface AppointmentReminderRun {
  /** Reminders queued by this run (a ticket already reminded for its slot is not counted again). */
  reminded: number;
}

/**
 * On each business day, reminds customers whose day1 falls after today and on or before the next
 * business day: the business day before day1 (seed 000, "appointment reminder"). The dedupe key is
 * per ticket and slot, so a second run sends nothing and a rescheduled ticket is reminded again.
 */
export async function sendAppointmentReminders(
  ctx: ServiceContext,
  now: Date,
): Promise<AppointmentReminderRun> {
  const today = ctx.calendar.localDateOf(now);
  if (!ctx.calendar.isBusinessDay(today)) return { reminded: 0 };
  const from = ctx.calendar.atLocalTime(addDays(today, 1), '00:00');
  const until = ctx.calendar.atLocalTime(addDays(ctx.calendar.nextBusinessDay(today), 1), '00:00');
  let reminded = 0;
  await ctx.db.transaction(async (tx) => {
    const due = await tx
      .select({ ticket: refreshTickets, slot: scheduleSlots })
      .from(refreshTickets)
      .innerJoin(scheduleSlots, eq(scheduleSlots.id, refreshTickets.scheduleSlotId))
      .where(
        and(
          eq(refreshTickets.status, 'delivery_scheduled'),
          ne(refreshTickets.style, 'no_customer'),
          gte(scheduleSlots.startsAt, from),
          lt(scheduleSlots.startsAt, until),
        ),
      )
      .orderBy(asc(scheduleSlots.startsAt), asc(refreshTickets.id));
    for (const { ticket, slot } of due) {
      if (await enqueueAppointmentNotice(tx, ctx, ticket, slot, 'reminder', now)) reminded += 1;
    }
  });
  if (reminded > 0) ctx.noticesWritten();
  return { reminded };
}
