import { and, asc, count, eq, gt, isNull, lt } from 'drizzle-orm';
import type { BookSlotDay } from '../../../blocks/modals/book-slot.js';
import type { Db, Tx } from '../../../db/client.js';
import { scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import { formatLongDateTime } from '../../domain/calendar/format-date-time.js';

export type FreeSlot = Pick<typeof scheduleSlots.$inferSelect, 'id' | 'startsAt' | 'endsAt'>;

/** Free: not deleted, a seat left, starting after now. Generic no-customer slots are always full. */
const freeFor = (supportTeamId: number, now: Date) =>
  and(
    eq(scheduleSlots.supportTeamId, supportTeamId),
    isNull(scheduleSlots.deletedAt),
    lt(scheduleSlots.booked, scheduleSlots.capacity),
    gt(scheduleSlots.startsAt, now),
  );

/** The next free slots of a team, soonest first. */
export function findFreeSlots(tx: Db | Tx, supportTeamId: number, now: Date, limit: number): FreeSlot[] {
  return tx
    .select({ id: scheduleSlots.id, startsAt: scheduleSlots.startsAt, endsAt: scheduleSlots.endsAt })
    .from(scheduleSlots)
    .where(freeFor(supportTeamId, now))
    .orderBy(asc(scheduleSlots.startsAt))
    .limit(limit)
    .all();
}

export function countFreeSlots(tx: Db | Tx, supportTeamId: number, now: Date): number {
  return tx.select({ n: count() }).from(scheduleSlots).where(freeFor(supportTeamId, now)).get()?.n ?? 0;
}

export function teamTimeZone(tx: Db | Tx, supportTeamId: number, fallback: string): string {
  return (
    tx
      .select({ timeZone: supportTeams.timeZone })
      .from(supportTeams)
      .where(eq(supportTeams.id, supportTeamId))
      .get()?.timeZone ?? fallback
  );
}

/** "Monday, November 23, 2026, 9:00 AM" in the team's time zone. */
export function formatSlotTime(instant: Date, timeZone: string): string {
  return formatLongDateTime(instant, timeZone);
}

const dayFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' });
const optionDayFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' });
const clockFormat = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit' });

/** Slots grouped by their local day, each labelled "Mon, Nov 23 · 9:00 AM – 10:00 AM". */
export function groupSlotsByDay(slots: readonly FreeSlot[], timeZone: string): BookSlotDay[] {
  const days: BookSlotDay[] = [];
  const day = dayFormat(timeZone);
  const optionDay = optionDayFormat(timeZone);
  const clock = clockFormat(timeZone);
  for (const slot of slots) {
    const label = day.format(slot.startsAt);
    let group = days.at(-1);
    if (group?.label !== label) {
      group = { label, slots: [] };
      days.push(group);
    }
    group.slots.push({
      id: slot.id,
      label: `${optionDay.format(slot.startsAt)} · ${clock.format(slot.startsAt)} – ${clock.format(slot.endsAt)}`,
    });
  }
  return days;
}
