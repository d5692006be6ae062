import { DateTime } from 'luxon';
import { addDays, type IsoDate, parseIsoDate, weekdayOf } from '../calendar/iso-date.js';
import { minuteOfDay, type SlotPreference, slotLayout } from './preferences.js';

/** A slot to make: plain values, ready to insert. */
export interface GeneratedSlot {
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  preferenceId: number;
}

interface DayClock {
  /** Epoch ms of the day's 00:00 read as if it were UTC. */
  utcMidnight: number;
  /** The zone's offset in minutes at the day's start, when it holds all day; undefined on a DST day. */
  steadyOffset: number | undefined;
}

const minuteMs = 60_000;

// Offsets are looked up once per zone and day: 200 teams in one zone share 35 lookups, not 61,000.
const dayClocks = new Map<string, DayClock>();

function dayClock(day: IsoDate, timeZone: string): DayClock {
  const key = `${timeZone}|${day}`;
  let clock = dayClocks.get(key);
  if (clock === undefined) {
    const { year, month, day: dayOfMonth } = parseIsoDate(day);
    const next = parseIsoDate(addDays(day, 1));
    const startOffset = DateTime.fromObject({ year, month, day: dayOfMonth }, { zone: timeZone }).offset;
    const endOffset = DateTime.fromObject(
      { year: next.year, month: next.month, day: next.day },
      { zone: timeZone },
    ).offset;
    clock = {
      utcMidnight: Date.UTC(year, month - 1, dayOfMonth),
      steadyOffset: startOffset === endOffset ? startOffset : undefined,
    };
    if (dayClocks.size > 100_000) dayClocks.clear();
    dayClocks.set(key, clock);
  }
  return clock;
}

/**
 * The instant of wall clock `minute` on `day`, or undefined when that wall-clock time does not
 * exist (the spring-forward gap). A time in the repeated autumn hour gets one instant (luxon's
 * choice: standard time), so it makes one slot, not two.
 */
function wallClockInstant(
  day: IsoDate,
  minute: number,
  timeZone: string,
  clock: DayClock,
): number | undefined {
  if (clock.steadyOffset !== undefined) return clock.utcMidnight + (minute - clock.steadyOffset) * minuteMs;
  const { year, month, day: dayOfMonth } = parseIsoDate(day);
  const hour = Math.floor(minute / 60);
  const local = DateTime.fromObject(
    { year, month, day: dayOfMonth, hour, minute: minute % 60 },
    { zone: timeZone },
  );
  if (local.hour !== hour || local.minute !== minute % 60) return undefined;
  return local.toMillis();
}

/**
 * Every slot the rules make on the business days from `fromDay` to `toDay` (inclusive), wall clock
 * in `timeZone`. A window that does not divide by the slot length drops its remainder; a slot
 * starting in the spring-forward gap is skipped; a slot across a DST change keeps its wall-clock
 * end, so it is an hour shorter or longer in real time.
 */
export function slotsFor(
  preferences: readonly SlotPreference[],
  fromDay: IsoDate,
  toDay: IsoDate,
  isBusinessDay: (day: IsoDate) => boolean,
  timeZone: string,
): GeneratedSlot[] {
  const slots: GeneratedSlot[] = [];
  if (preferences.length === 0) return slots;
  const seen = new Set<number>();
  for (let day = fromDay; day <= toDay; day = addDays(day, 1)) {
    const sundayFirst = weekdayOf(day);
    const isoWeekday = sundayFirst === 0 ? 7 : sundayFirst;
    const rules = preferences.filter(
      (rule) =>
        rule.weekdays.includes(isoWeekday) &&
        rule.effectiveFrom <= day &&
        (rule.effectiveTo === null || day <= rule.effectiveTo),
    );
    if (rules.length === 0 || !isBusinessDay(day)) continue;
    const clock = dayClock(day, timeZone);
    for (const rule of rules) {
      const first = minuteOfDay(rule.startTime);
      if (first === undefined) continue;
      const { slotsPerDay } = slotLayout(rule);
      for (let i = 0; i < slotsPerDay; i++) {
        const startMinute = first + i * rule.slotMinutes;
        const startsAt = wallClockInstant(day, startMinute, timeZone, clock);
        if (startsAt === undefined || seen.has(startsAt)) continue;
        const endsAt =
          wallClockInstant(day, startMinute + rule.slotMinutes, timeZone, clock) ??
          startsAt + rule.slotMinutes * minuteMs;
        // A team holds one slot per start instant (the autumn hour can map two wall clocks to one).
        seen.add(startsAt);
        slots.push({
          startsAt: new Date(startsAt),
          endsAt: new Date(endsAt),
          capacity: rule.capacity,
          preferenceId: rule.id,
        });
      }
    }
  }
  return slots;
}
