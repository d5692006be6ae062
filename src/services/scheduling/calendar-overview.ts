import { and, asc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../../db/client.js';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { roles, scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { isManager } from '../people/access.js';
import { ALL_TEAMS_FEED, feedSlug, feedUrl } from './calendar-feed.js';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface CalendarDay {
  /** The day in the team's time zone, YYYY-MM-DD. */
  day: string;
  slots: number;
  capacity: number;
  booked: number;
}

export interface TeamCalendar {
  teamId: number;
  team: string;
  timeZone: string;
  /** Days that have slots, in order. */
  days: CalendarDay[];
}

export interface CalendarOverview {
  teams: TeamCalendar[];
  /** Every team, for the filter. */
  teamChoices: Array<{ id: number; name: string }>;
  /** The team asked for, when one was. */
  filter?: { id: number; name: string };
  /** Subscribable addresses; staff only, and only when OTTO_CALENDAR_SECRET is set. */
  feeds?: Array<{ name: string; url: string }>;
  feedsOff: boolean;
}

const statements = preparedFor((db: Db) => ({
  teams: prepared(
    db
      .select({ id: supportTeams.id, name: supportTeams.name, timeZone: supportTeams.timeZone })
      .from(supportTeams)
      .orderBy(asc(supportTeams.name)),
    'calendar-overview-teams',
  ),
  slots: prepared(
    db
      .select({
        teamId: scheduleSlots.supportTeamId,
        startsAt: scheduleSlots.startsAt,
        capacity: scheduleSlots.capacity,
        booked: scheduleSlots.booked,
      })
      .from(scheduleSlots)
      .where(
        and(
          isNull(scheduleSlots.deletedAt),
          gte(scheduleSlots.startsAt, sql.placeholder('from')),
          lt(scheduleSlots.startsAt, sql.placeholder('to')),
        ),
      )
      .orderBy(asc(scheduleSlots.startsAt)),
    'calendar-overview-slots',
  ),
  slotAdmin: prepared(
    db
      .select({ scope: roles.scope })
      .from(roles)
      .where(and(eq(roles.slackUserId, sql.placeholder('userId')), eq(roles.role, 'slot_admin'))),
    'calendar-overview-slot-admin',
  ),
}));

/** Staff see the feeds and the Home overview: managers, admins and any team's slot admins. */
export async function isCalendarStaff(ctx: Pick<ServiceContext, 'db'>, userId: string): Promise<boolean> {
  return (
    (await isManager(ctx, userId)) || (await statements(ctx.db).slotAdmin.execute({ userId })).length > 0
  );
}

/**
 * Free and booked slots per team and day from now on, for `days` days; `team` (a name or its
 * feed slug, any case) narrows it to one team and is refused when no team has that name.
 */
export async function getCalendarOverview(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'links'>,
  input: { userId: string; days: number; team?: string; secret?: string | undefined },
): Promise<CalendarOverview> {
  const q = statements(ctx.db);
  const allTeams = await q.teams.execute();
  let teams = allTeams;
  if (input.team) {
    const wanted = input.team.trim().toLowerCase();
    const team = allTeams.find(
      (t) => t.name.toLowerCase() === wanted || feedSlug(t.name) === wanted || String(t.id) === wanted,
    );
    if (!team) throw notFound(`There is no support team called “${input.team.trim()}”.`);
    teams = [team];
  }
  const now = ctx.clock.now();
  const byTeam = new Map<number, Map<string, CalendarDay>>(teams.map((t) => [t.id, new Map()]));
  const zones = new Map(teams.map((t) => [t.id, t.timeZone]));
  const slots = await q.slots.execute({ from: now, to: new Date(now.getTime() + input.days * DAY_MS) });
  for (const slot of slots) {
    const days = byTeam.get(slot.teamId);
    if (!days) continue;
    const day = DateTime.fromJSDate(slot.startsAt, { zone: zones.get(slot.teamId) }).toISODate() ?? '';
    const entry = days.get(day) ?? { day, slots: 0, capacity: 0, booked: 0 };
    entry.slots += 1;
    entry.capacity += slot.capacity;
    entry.booked += slot.booked;
    days.set(day, entry);
  }
  const staff = await isCalendarStaff(ctx, input.userId);
  const secret = input.secret;
  return {
    teams: teams.map((t) => ({
      teamId: t.id,
      team: t.name,
      timeZone: t.timeZone,
      days: [...(byTeam.get(t.id)?.values() ?? [])],
    })),
    teamChoices: allTeams.map((t) => ({ id: t.id, name: t.name })),
    ...(input.team && teams[0] ? { filter: { id: teams[0].id, name: teams[0].name } } : {}),
    ...(staff && secret
      ? {
          feeds: [
            ...(input.team
              ? []
              : [{ name: 'All teams', url: feedUrl(ctx.links.publicUrl, secret, ALL_TEAMS_FEED) }]),
            ...teams.map((t) => ({
              name: t.name,
              url: feedUrl(ctx.links.publicUrl, secret, feedSlug(t.name)),
            })),
          ],
        }
      : {}),
    feedsOff: !secret,
  };
}
