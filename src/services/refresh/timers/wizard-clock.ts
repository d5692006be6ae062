import { sql } from 'drizzle-orm';
import { refreshTickets } from '../../../../db/schema/index.js';
import { greatest } from '../../../../db/sql.js';
import type { BusinessCalendar } from '../../../domain/calendar/index.js';

/** SPEC §2.2: wizard reminders 5 and 10 business days after the invitation. */
export const reminderBusinessDays = { 1: 5, 2: 10 } as const;
/** SPEC §2.2: after 14 business days an unfinished wizard moves the ticket to pending_location_info. */
export const wizardExpiryBusinessDays = 14;

/** Tickets are handled this many at a time, one transaction each. */
export const timerChunkSize = 200;

/** The actor on audits the timers write. */
export const timerActor = 'otto';

/**
 * When the customer's wizard time started: the invitation, or a later denial that sent the
 * ticket back to them (SPEC §2.1), so a denied customer gets a fresh 14 business days. Built per
 * query, so it names the open database's table in its dialect.
 */
export const wizardClockStart = () =>
  greatest(refreshTickets.invitedAt, sql`coalesce(${refreshTickets.decidedAt}, ${refreshTickets.invitedAt})`);

export function wizardClockStartOf(ticket: { invitedAt: Date; decidedAt: Date | null }): Date {
  return ticket.decidedAt && ticket.decidedAt > ticket.invitedAt ? ticket.decidedAt : ticket.invitedAt;
}

const hourMs = 60 * 60 * 1000;

/**
 * The latest clock start that can be `businessDays` business days old at `now`: n business days
 * span at least n calendar days less a daylight-saving hour. A cheap SQL bound; the exact test is
 * `calendar.addBusinessDays(start, n) <= now` on the rows it lets through.
 */
export function latestPossibleStart(now: Date, businessDays: number): Date {
  return new Date(now.getTime() - businessDays * 24 * hourMs + 2 * hourMs);
}

/**
 * `calendar.addBusinessDays`, remembered for one run: the tickets of one invitation run share their
 * clock start, and the calendar walk costs far more than a map lookup.
 */
export function businessDayClock(calendar: BusinessCalendar) {
  const known = new Map<string, Date>();
  const after = (start: Date, businessDays: number): Date => {
    const key = `${start.getTime()}+${businessDays}`;
    let at = known.get(key);
    if (!at) {
      at = calendar.addBusinessDays(start, businessDays);
      known.set(key, at);
    }
    return at;
  };
  return {
    after,
    /** True when `businessDays` business days have passed since `start`, wall clock kept (SPEC §2.2). */
    passed: (start: Date, businessDays: number, now: Date) => after(start, businessDays) <= now,
  };
}
