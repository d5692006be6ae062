import { and, asc, count, eq, gt, gte, isNull, lt, type Placeholder, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { scheduleSlots } from '../../../../db/schema/index.js';
import { formatDay, formatMoment, formatTimeOfDay } from '../../../domain/calendar/format-date-time.js';

export type FreeSlot = Pick<typeof scheduleSlots.$inferSelect, 'id' | 'startsAt' | 'endsAt'>;

/** Block Kit allows 100 options in a select: the booking and reschedule modals offer the next 100 free times. */
export const bookSlotOptionLimit = 100;

/** Free times of one local day, as the modals' selects group them. */
export interface BookSlotDay {
  /** "Mon 23 Nov" */
  label: string;
  slots: Array<{ id: number; label: string }>;
}

/**
 * Free: not deleted, a seat left, starting after now and not before `from` (the customers' lead
 * time; staff pass now). Generic no-customer slots are always full.
 */
const freeFor = (supportTeamId: number | Placeholder, now: Date | Placeholder, from: Date | Placeholder) =>
  and(
    eq(scheduleSlots.supportTeamId, supportTeamId),
    isNull(scheduleSlots.deletedAt),
    lt(scheduleSlots.booked, scheduleSlots.capacity),
    gt(scheduleSlots.startsAt, now),
    gte(scheduleSlots.startsAt, from),
  );

const statements = preparedFor((db: Db | Tx) => ({
  freeSlots: prepared(
    db
      .select({ id: scheduleSlots.id, startsAt: scheduleSlots.startsAt, endsAt: scheduleSlots.endsAt })
      .from(scheduleSlots)
      .where(freeFor(sql.placeholder('supportTeamId'), sql.placeholder('now'), sql.placeholder('from')))
      .orderBy(asc(scheduleSlots.startsAt))
      .limit(sql.placeholder('limit')),
    'book-free-slots-free-slots',
  ),
}));

/** The next free slots of a team, soonest first; none starting before `from` (customers' lead time). */
export function findFreeSlots(
  tx: Db | Tx,
  supportTeamId: number,
  now: Date,
  limit: number,
  from: Date = now,
): Promise<FreeSlot[]> {
  // A placeholder in a where clause is bound as given: the instant as a Date.
  return statements(tx).freeSlots.execute({ supportTeamId, now, from, limit });
}

/**
 * The free times to offer in a select, grouped by day: at most `limit`, leaving out the slot the
 * ticket has already; `more` when later ones exist.
 */
export async function offeredSlots(
  tx: Db | Tx,
  supportTeamId: number,
  now: Date,
  opts: { limit: number; except: number | null; timeZone: string; from?: Date },
): Promise<{ days: BookSlotDay[]; more: boolean }> {
  const slots = (await findFreeSlots(tx, supportTeamId, now, opts.limit + 2, opts.from)).filter(
    (slot) => slot.id !== opts.except,
  );
  return {
    days: groupSlotsByDay(slots.slice(0, opts.limit), opts.timeZone),
    more: slots.length > opts.limit,
  };
}

/** Free slots of a team a customer could book: none starting before `from`. */
export async function countFreeSlots(
  tx: Db | Tx,
  supportTeamId: number,
  now: Date,
  from: Date = now,
): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(scheduleSlots)
    .where(freeFor(supportTeamId, now, from));
  return row?.n ?? 0;
}

/** "Mon 23 Nov, 09:00" in the team's time zone. */
export const formatSlotTime = formatMoment;

// A slot's labels are pure in (zone, start, end), and a team's customers are all offered the same
// slots: each is formatted once (four Intl calls) instead of for every one of a hundred options on
// every modal. Cleared when it grows, so it stays small.
const slotLabels = new Map<string, { day: string; option: string }>();

function labelsOf(slot: FreeSlot, timeZone: string): { day: string; option: string } {
  const key = `${timeZone} ${slot.startsAt.getTime()} ${slot.endsAt.getTime()}`;
  let labels = slotLabels.get(key);
  if (labels === undefined) {
    const day = formatDay(slot.startsAt, timeZone);
    labels = {
      day,
      option: `${day} · ${formatTimeOfDay(slot.startsAt, timeZone)} – ${formatTimeOfDay(slot.endsAt, timeZone)}`,
    };
    if (slotLabels.size >= 20_000) slotLabels.clear();
    slotLabels.set(key, labels);
  }
  return labels;
}

/** Slots grouped by their local day, each labelled "Mon 23 Nov · 09:00 – 10:00". */
export function groupSlotsByDay(slots: readonly FreeSlot[], timeZone: string): BookSlotDay[] {
  const days: BookSlotDay[] = [];
  for (const slot of slots) {
    const labels = labelsOf(slot, timeZone);
    let group = days.at(-1);
    if (group?.label !== labels.day) {
      group = { label: labels.day, slots: [] };
      days.push(group);
    }
    group.slots.push({ id: slot.id, label: labels.option });
  }
  return days;
}
