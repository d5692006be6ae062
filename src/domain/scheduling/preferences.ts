import { isIsoDate } from '../calendar/iso-date.js';

/** A weekly rule of a support team: on these ISO weekdays, slots of `slotMinutes` from start to end. */
export interface SlotPreference {
  id: number;
  /** ISO weekdays, 1 (Monday) … 7 (Sunday). */
  weekdays: number[];
  /** Wall clock 'HH:MM' in the team's time zone. */
  startTime: string;
  endTime: string;
  slotMinutes: number;
  capacity: number;
  /** 'YYYY-MM-DD', inclusive; `effectiveTo` null means open-ended. */
  effectiveFrom: string;
  effectiveTo: string | null;
}

export type PreferenceInput = Omit<SlotPreference, 'id'>;
export type PreferenceField = keyof PreferenceInput;

export type PreferenceCheck =
  | { ok: true; value: PreferenceInput; layout: SlotLayout }
  | { ok: false; errors: Partial<Record<PreferenceField, string>> };

/** How a rule's window divides: whole slots, and the minutes at the end too short for another. */
export interface SlotLayout {
  slotsPerDay: number;
  remainderMinutes: number;
}

export const weekdayShortNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

const timePattern = /^([01]\d|2[0-3]):([0-5]\d)$/;
const maxCapacity = 100;

/** Minutes after midnight of 'HH:MM', or undefined for anything else. */
export function minuteOfDay(time: string): number | undefined {
  const match = timePattern.exec(time);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

export function slotLayout(rule: Pick<PreferenceInput, 'startTime' | 'endTime' | 'slotMinutes'>): SlotLayout {
  const window = (minuteOfDay(rule.endTime) ?? 0) - (minuteOfDay(rule.startTime) ?? 0);
  if (window <= 0 || rule.slotMinutes <= 0) return { slotsPerDay: 0, remainderMinutes: Math.max(window, 0) };
  return { slotsPerDay: Math.floor(window / rule.slotMinutes), remainderMinutes: window % rule.slotMinutes };
}

/** Same weekday, overlapping time window and overlapping effective dates: two rules would make the same slots. */
export function preferencesOverlap(a: PreferenceInput, b: PreferenceInput): boolean {
  if (!a.weekdays.some((day) => b.weekdays.includes(day))) return false;
  const aStart = minuteOfDay(a.startTime) ?? 0;
  const aEnd = minuteOfDay(a.endTime) ?? 0;
  const bStart = minuteOfDay(b.startTime) ?? 0;
  const bEnd = minuteOfDay(b.endTime) ?? 0;
  if (aStart >= bEnd || bStart >= aEnd) return false;
  const aTo = a.effectiveTo ?? '9999-12-31';
  const bTo = b.effectiveTo ?? '9999-12-31';
  return a.effectiveFrom <= bTo && b.effectiveFrom <= aTo;
}

/** One line for a rule: "Mon, Wed · 09:00–12:00 · 30 min × 2 · from 2026-11-02". */
export function describePreference(rule: PreferenceInput): string {
  const days = [...rule.weekdays]
    .sort((a, b) => a - b)
    .map((day) => weekdayShortNames[day - 1])
    .join(', ');
  const dates = rule.effectiveTo
    ? `${rule.effectiveFrom} to ${rule.effectiveTo}`
    : `from ${rule.effectiveFrom}`;
  const { remainderMinutes } = slotLayout(rule);
  const dropped = remainderMinutes > 0 ? ` · last ${remainderMinutes} min unused` : '';
  return `${days} · ${rule.startTime}–${rule.endTime} · ${rule.slotMinutes} min × ${rule.capacity} · ${dates}${dropped}`;
}

/**
 * Checks a rule against itself and the team's other rules (the one being edited left out by the
 * caller). A window that does not divide evenly is accepted: the layout says what is dropped.
 */
export function validatePreference(
  input: PreferenceInput,
  others: readonly SlotPreference[],
): PreferenceCheck {
  const errors: Partial<Record<PreferenceField, string>> = {};
  const weekdays = [...new Set(input.weekdays)].sort((a, b) => a - b);
  if (weekdays.length === 0) errors.weekdays = 'Pick at least one weekday.';
  else if (weekdays.some((day) => !Number.isInteger(day) || day < 1 || day > 7)) {
    errors.weekdays = 'Weekdays are Monday to Sunday.';
  }
  const start = minuteOfDay(input.startTime);
  const end = minuteOfDay(input.endTime);
  if (start === undefined) errors.startTime = 'Pick a start time.';
  if (end === undefined) errors.endTime = 'Pick an end time.';
  else if (start !== undefined && end <= start) errors.endTime = 'The end must be after the start.';
  if (!Number.isInteger(input.slotMinutes) || input.slotMinutes < 5) {
    errors.slotMinutes = 'Slots are at least 5 minutes, in whole minutes.';
  } else if (start !== undefined && end !== undefined && end > start && input.slotMinutes > end - start) {
    errors.slotMinutes = `A ${input.slotMinutes}-minute slot does not fit in ${end - start} minutes.`;
  }
  if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > maxCapacity) {
    errors.capacity = `Capacity is a whole number from 1 to ${maxCapacity}.`;
  }
  if (!isIsoDate(input.effectiveFrom)) errors.effectiveFrom = 'Pick the first day the rule applies.';
  if (input.effectiveTo !== null) {
    if (!isIsoDate(input.effectiveTo)) errors.effectiveTo = 'Pick a real date, or leave it empty.';
    else if (isIsoDate(input.effectiveFrom) && input.effectiveTo < input.effectiveFrom) {
      errors.effectiveTo = 'The last day must not be before the first.';
    }
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const value: PreferenceInput = { ...input, weekdays };
  const clash = others.find((other) => preferencesOverlap(value, other));
  if (clash) {
    return {
      ok: false,
      errors: { weekdays: `Overlaps another rule of this team: ${describePreference(clash)}.` },
    };
  }
  return { ok: true, value, layout: slotLayout(value) };
}
