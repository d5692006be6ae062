import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { refreshTickets, scheduleSlots, supportTeams } from '../../../../db/schema/index.js';
import { addDays, isIsoDate } from '../../../domain/calendar/index.js';
import { SlackUserId } from '../../../domain/slack-ids.js';
import type { ServiceContext } from '../../context.js';
import { invalid, notFound } from '../../errors.js';
import { requireAdmin } from '../../people/access.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { loadTicket } from '../tickets/load-ticket.js';
import { findFreeSlots, formatSlotTime } from './book-free-slots.js';
import { placeBooking } from './place-booking.js';
import { askCustomerToRebook } from './reschedule.js';
import { takeSeat } from './seats.js';

/** The longest range one bulk reschedule covers. */
export const bulkRescheduleMaxDays = 62;
const chunk = 25;

const IsoDay = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');

export const BulkRescheduleInput = z.object({
  actor: SlackUserId,
  supportTeamId: z.number().int().positive(),
  /** First and last day of the range, in the team's time zone. */
  from: IsoDay,
  to: IsoDay,
  /** `ask`: every customer is asked to pick again; `assign`: each gets the team's next free time after the range. */
  mode: z.enum(['ask', 'assign']),
});
export type BulkRescheduleInput = z.infer<typeof BulkRescheduleInput>;

export interface BulkRescheduleResult {
  team: string;
  total: number;
  asked: number[];
  moved: Array<{ ticketId: number; when: string }>;
  skipped: Array<{ ticketId: number; reason: string }>;
}

export type BulkRescheduleProgress = (done: number, total: number) => void | Promise<void>;

/** What the bulk form offers an admin: every support team, and today to start from. */
export async function getBulkRescheduleForm(ctx: ServiceContext, input: { actor: string }) {
  await requireAdmin(ctx, input.actor, 'reschedule in bulk');
  const teams = await ctx.db
    .select({ id: supportTeams.id, name: supportTeams.name })
    .from(supportTeams)
    .orderBy(supportTeams.name);
  return { teams, today: ctx.calendar.localDateOf(ctx.clock.now()) };
}

/** Checks the request and finds the team: refusals here change nothing and name the field. */
export async function checkBulkReschedule(ctx: ServiceContext, input: BulkRescheduleInput) {
  await requireAdmin(ctx, input.actor, 'reschedule in bulk');
  const parsed = BulkRescheduleInput.safeParse(input);
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'supportTeamId');
    throw invalid('Pick a team, a first and a last day, and what to do.', field);
  }
  const { from, to } = parsed.data;
  if (to < from) throw invalid('The last day must not be before the first.', 'to');
  if (addDays(from, bulkRescheduleMaxDays - 1) < to) {
    throw invalid(`One bulk reschedule covers at most ${bulkRescheduleMaxDays} days.`, 'to');
  }
  const [team] = await ctx.db
    .select()
    .from(supportTeams)
    .where(eq(supportTeams.id, parsed.data.supportTeamId))
    .limit(1);
  if (!team) throw notFound('That support team no longer exists.', 'supportTeamId');
  const startOf = (day: string) => DateTime.fromISO(day, { zone: team.timeZone }).toJSDate();
  return { ...parsed.data, team, start: startOf(from), end: startOf(addDays(to, 1)) };
}

/**
 * Admins reschedule every booked ticket of a team in a date range (SPEC §1), one ticket per
 * transaction so customers booking meanwhile are never held up, with progress every few tickets.
 * A ticket that changed since the list was read is skipped with its reason.
 */
export async function rescheduleInBulk(
  ctx: ServiceContext,
  input: BulkRescheduleInput,
  onProgress?: BulkRescheduleProgress,
): Promise<BulkRescheduleResult> {
  const { team, start, end, mode, actor } = await checkBulkReschedule(ctx, input);
  const booked = await ctx.db
    .select({ id: refreshTickets.id, slotId: scheduleSlots.id })
    .from(refreshTickets)
    .innerJoin(scheduleSlots, eq(scheduleSlots.id, refreshTickets.scheduleSlotId))
    .where(
      and(
        eq(refreshTickets.supportTeamId, team.id),
        eq(refreshTickets.status, 'delivery_scheduled'),
        gte(scheduleSlots.startsAt, start),
        lt(scheduleSlots.startsAt, end),
      ),
    )
    .orderBy(asc(scheduleSlots.startsAt), asc(refreshTickets.id));
  const result: BulkRescheduleResult = {
    team: team.name,
    total: booked.length,
    asked: [],
    moved: [],
    skipped: [],
  };
  // Assigned tickets go to the team's free times after the range, soonest first.
  let free = mode === 'assign' ? await findFreeSlots(ctx.db, team.id, end, booked.length + 50) : [];

  for (const [index, entry] of booked.entries()) {
    const now = ctx.clock.now();
    type Outcome = { asked: true } | { moved: string } | { skipped: string };
    const outcome = await ctx.db.transaction(async (tx): Promise<Outcome> => {
      const ticket = await loadTicket(tx, entry.id);
      if (ticket.status !== 'delivery_scheduled' || ticket.scheduleSlotId !== entry.slotId) {
        return { skipped: 'it changed meanwhile' };
      }
      if (ticket.style === 'no_customer') {
        return { skipped: 'it has no customer; its slot is the generic 00:00 one' };
      }
      if (mode === 'ask') {
        await askCustomerToRebook(tx, ctx, ticket, actor, now);
        return { asked: true };
      }
      for (;;) {
        const candidate = free[0];
        if (!candidate) return { skipped: `no free time left after ${input.to}` };
        const slot = await takeSeat(tx, candidate.id, now);
        if (!slot) {
          free = free.slice(1);
          continue;
        }
        await placeBooking(tx, ctx, ticket, slot, { event: 'slot_assigned', actor, now });
        return { moved: formatSlotTime(slot.startsAt, team.timeZone) };
      }
    });
    if ('asked' in outcome) result.asked.push(entry.id);
    else if ('moved' in outcome) result.moved.push({ ticketId: entry.id, when: outcome.moved });
    else result.skipped.push({ ticketId: entry.id, reason: outcome.skipped });
    if ((index + 1) % chunk === 0 && index + 1 < booked.length) {
      ctx.noticesWritten();
      await onProgress?.(index + 1, booked.length);
      await yieldToEventLoop();
    }
  }
  if (result.asked.length + result.moved.length > 0) ctx.noticesWritten();
  return result;
}
