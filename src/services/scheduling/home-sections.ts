import { and, count, eq, gte, isNull, lt } from 'drizzle-orm';
import { scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import type { HomeOptions, HomeViewer } from '../home/sections.js';
import { type CalendarOverview, getCalendarOverview, isCalendarStaff } from './calendar-overview.js';
import { slotAdminPreferences, type TeamPreferences } from './preferences/list-preferences.js';

/** Slot admins: each team's slots of the next two weeks, counted. */
export interface SlotTeamsSection {
  module: 'scheduling';
  kind: 'slot_teams';
  band: 'team';
  slotTeams: Array<{ team: string; upcomingSlots: number }>;
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
const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

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
  const slotTeams: SlotTeamsSection['slotTeams'] = [];
  for (const { scope } of roles.filter((r) => r.role === 'slot_admin')) {
    const [upcoming] = await db
      .select({ n: count() })
      .from(scheduleSlots)
      .innerJoin(supportTeams, eq(supportTeams.id, scheduleSlots.supportTeamId))
      .where(
        and(
          eq(supportTeams.name, scope),
          isNull(scheduleSlots.deletedAt),
          gte(scheduleSlots.startsAt, now),
          lt(scheduleSlots.startsAt, new Date(now.getTime() + TWO_WEEKS_MS)),
        ),
      );
    slotTeams.push({ team: scope, upcomingSlots: upcoming?.n ?? 0 });
  }
  if (slotTeams.length > 0) {
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
