import { inArray } from 'drizzle-orm';
import { supportTeams } from '../../../db/schema/index.js';
import { formatDay, formatTimeOfDay } from '../../domain/calendar/format-date-time.js';
import type { ServiceContext } from '../context.js';
import type { HomeOptions, HomeViewer } from '../home/sections.js';
import { type CalendarOverview, getCalendarOverview, isCalendarStaff } from './calendar-overview.js';
import { slotAdminPreferences, type TeamPreferences } from './preferences/list-preferences.js';
import { type SlotBooking, type TeamSlot, upcomingTeamSlots } from './team-slots.js';

/** Slots, their seats, and the seats booked; free seats are seats less booked. */
export interface SlotCounts {
  slots: number;
  seats: number;
  booked: number;
}

/** One slot on the slot admin's Home, its times already written in the team's zone. */
export interface SlotAdminSlot {
  id: number;
  /** "09:00–10:00" */
  time: string;
  capacity: number;
  booked: number;
  bookings: Array<Pick<SlotBooking, 'ticketId' | 'customer'>>;
}

export interface SlotAdminDay {
  /** "Tue 8 Dec" */
  day: string;
  counts: SlotCounts;
  slots: SlotAdminSlot[];
}

export interface SlotAdminTeam {
  team: string;
  timeZone: string;
  /** The next two weeks in all. */
  counts: SlotCounts;
  /** Days with slots, in order. */
  days: SlotAdminDay[];
}

/** Slot admins: each team's slots of the next two weeks by day, with who is booked, to delete from. */
export interface SlotTeamsSection {
  module: 'scheduling';
  kind: 'slot_teams';
  band: 'team';
  slotTeams: SlotAdminTeam[];
}

/** Slot admins: the weekly slot rules of each team they administer. */
export interface SlotRulesSection {
  module: 'scheduling';
  kind: 'slot_rules';
  band: 'team';
  teams: TeamPreferences[];
}

/** Staff: free and booked slots per team for the next days, filtered by team if asked. */
export interface CalendarSection {
  module: 'scheduling';
  kind: 'calendar';
  band: 'team';
  days: number;
  calendar: CalendarOverview;
  /** Admins reschedule a team's days in bulk from here. */
  bulkReschedule: boolean;
}

export type SchedulingHomeSection = SlotTeamsSection | SlotRulesSection | CalendarSection;

const calendarDays = 7;

const countSlots = (slots: readonly TeamSlot[]): SlotCounts => ({
  slots: slots.length,
  seats: slots.reduce((n, slot) => n + slot.capacity, 0),
  booked: slots.reduce((n, slot) => n + slot.booked, 0),
});

/** A team's next two weeks for its slot admins, by local day, written in the team's zone. */
export function slotAdminTeam(
  team: { name: string; timeZone: string },
  slots: readonly TeamSlot[],
): SlotAdminTeam {
  const days: Array<{ day: string; slots: TeamSlot[] }> = [];
  for (const slot of slots) {
    const day = formatDay(slot.startsAt, team.timeZone);
    const last = days.at(-1);
    if (last?.day === day) last.slots.push(slot);
    else days.push({ day, slots: [slot] });
  }
  return {
    team: team.name,
    timeZone: team.timeZone,
    counts: countSlots(slots),
    days: days.map(({ day, slots: ofDay }) => ({
      day,
      counts: countSlots(ofDay),
      slots: ofDay.map((slot) => ({
        id: slot.id,
        time: `${formatTimeOfDay(slot.startsAt, team.timeZone)}–${formatTimeOfDay(slot.endsAt, team.timeZone)}`,
        capacity: slot.capacity,
        booked: slot.booked,
        bookings: slot.bookings.map(({ ticketId, customer }) => ({ ticketId, customer })),
      })),
    })),
  };
}

/** The Home's calendar overview; a filter naming a team that is gone shows every team. */
async function homeCalendar(
  ctx: ServiceContext,
  userId: string,
  team: string | undefined,
): Promise<CalendarOverview> {
  if (team) {
    try {
      return await getCalendarOverview(ctx, { userId, days: calendarDays, team });
    } catch {
      // Fall through to every team.
    }
  }
  return await getCalendarOverview(ctx, { userId, days: calendarDays });
}

/** What scheduling shows on a person's Home: slot admins' teams and rules, staff's calendar. */
export async function schedulingHomeSections(
  ctx: ServiceContext,
  { userId, roles }: HomeViewer,
  options: HomeOptions,
): Promise<SchedulingHomeSection[]> {
  const { db } = ctx;
  const sections: SchedulingHomeSection[] = [];
  const now = ctx.clock.now();
  const scopes = roles.filter((r) => r.role === 'slot_admin').map((r) => r.scope);
  const teams =
    scopes.length === 0
      ? []
      : await db
          .select({ id: supportTeams.id, name: supportTeams.name, timeZone: supportTeams.timeZone })
          .from(supportTeams)
          .where(inArray(supportTeams.name, scopes));
  const slotTeams: SlotAdminTeam[] = [];
  for (const scope of scopes) {
    const team = teams.find((t) => t.name === scope);
    // A role naming a team that is gone (renamed or removed) has no slots to show.
    if (!team) continue;
    slotTeams.push(slotAdminTeam(team, await upcomingTeamSlots(db, team.id, now)));
  }
  if (scopes.length > 0) {
    sections.push({ module: 'scheduling', kind: 'slot_teams', band: 'team', slotTeams });
    sections.push({
      module: 'scheduling',
      kind: 'slot_rules',
      band: 'team',
      teams: await slotAdminPreferences(db, userId),
    });
  }
  if (await isCalendarStaff(ctx, userId)) {
    sections.push({
      module: 'scheduling',
      kind: 'calendar',
      band: 'team',
      days: calendarDays,
      calendar: await homeCalendar(ctx, userId, options.calendarTeam),
      bulkReschedule: roles.some((r) => r.role === 'admin'),
    });
  }
  return sections;
}
