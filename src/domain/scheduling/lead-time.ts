import { DateTime } from 'luxon';
import type { IsoDate } from '../calendar/iso-date.js';

/** Issue 13: customers are offered slots from the next business day on, unless configured otherwise. */
export const defaultSlotLeadBusinessDays = 1;

/** The most business days of lead time Otto accepts: more would leave most of the 35 days of slots unbookable. */
export const maxSlotLeadBusinessDays = 20;

interface Remembered {
  /** The local day the answer holds for, as epoch ms [from, to). */
  from: number;
  to: number;
  instant: Date;
}

// Every booking asks; the answer changes only at local midnight (and with the calendar, which is
// fixed while Otto runs). Keyed by the calendar too, so tests with other calendars stay apart.
const remembered = new WeakMap<object, Map<string, Remembered>>();

/**
 * The first instant a customer may be offered a slot: 00:00, in the team's zone, of the `lead`th
 * business day after the team's today; with no lead time, `now` itself. Slots laid out today are
 * there at once for staff to see, but the depot and the team get at least `lead` business days.
 */
export function firstBookableInstant(
  now: Date,
  lead: number,
  calendar: { nextBusinessDay(day: IsoDate): IsoDate },
  timeZone: string,
): Date {
  if (lead <= 0) return now;
  let byKey = remembered.get(calendar);
  if (!byKey) {
    byKey = new Map();
    remembered.set(calendar, byKey);
  }
  const key = `${timeZone}|${lead}`;
  const known = byKey.get(key);
  const at = now.getTime();
  if (known && known.from <= at && at < known.to) return known.instant;
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  let day = today.toISODate() as IsoDate;
  for (let i = 0; i < lead; i++) day = calendar.nextBusinessDay(day);
  const instant = DateTime.fromISO(day, { zone: timeZone }).toJSDate();
  byKey.set(key, { from: today.toMillis(), to: today.plus({ days: 1 }).toMillis(), instant });
  return instant;
}

/**
 * Until when a held ticket's booked appointment is taken back (SPEC §2.1, issue 13): one that
 * starts before this is closer than the lead time — by default tomorrow or sooner — so the customer
 * hears it is off before they would turn up for it. It is 00:00, in the team's zone, of the
 * business day after the lead time's last business day.
 */
export function heldAppointmentCutoff(
  now: Date,
  lead: number,
  calendar: { nextBusinessDay(day: IsoDate): IsoDate },
  timeZone: string,
): Date {
  return firstBookableInstant(now, Math.max(lead, 0) + 1, calendar, timeZone);
}
