import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { DateTime } from 'luxon';
import type { Db } from '../../../db/client.js';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import { type IcalEvent, icalUtc, writeIcalCalendar } from '../../domain/scheduling/ical.js';
import type { ServiceContext } from '../context.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** What a subscribed calendar shows: the week behind and the 35 days slots are generated for. */
export const feedWindow = { daysBack: 7, daysAhead: 35 } as const;

/** The feed of every team's slots. */
export const ALL_TEAMS_FEED = 'all';

/** A team's name as it appears in its feed's address: "North Campus NIT" → "north-campus-nit". */
export function feedSlug(teamName: string): string {
  return (
    teamName
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'team'
  );
}

/** A feed's secret token: HMAC-SHA256 of its name, so tokens need no table and rotate with the secret. */
export function feedToken(secret: string, feed: string): string {
  return createHmac('sha256', secret).update(`calendar-feed:${feed}`).digest('hex').slice(0, 32);
}

function tokenMatches(secret: string, feed: string, token: string): boolean {
  const expected = Buffer.from(feedToken(secret, feed));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The address a calendar app subscribes to. */
export function feedUrl(publicUrl: string, secret: string, feed: string): string {
  return `${publicUrl}/calendar/${encodeURIComponent(feed)}.ics?token=${feedToken(secret, feed)}`;
}

// A function, not a constant: the tables are PostgreSQL's once a PostgreSQL database is open.
const slotColumns = () => ({
  id: scheduleSlots.id,
  startsAt: scheduleSlots.startsAt,
  endsAt: scheduleSlots.endsAt,
  capacity: scheduleSlots.capacity,
  booked: scheduleSlots.booked,
  deletedAt: scheduleSlots.deletedAt,
  team: supportTeams.name,
  teamTimeZone: supportTeams.timeZone,
});

const statements = preparedFor((db: Db) => {
  const inWindow = and(
    gte(scheduleSlots.startsAt, sql.placeholder('from')),
    lt(scheduleSlots.startsAt, sql.placeholder('to')),
  );
  const base = () =>
    db
      .select(slotColumns())
      .from(scheduleSlots)
      .innerJoin(supportTeams, eq(supportTeams.id, scheduleSlots.supportTeamId));
  return {
    teams: prepared(
      db
        .select({ id: supportTeams.id, name: supportTeams.name, timeZone: supportTeams.timeZone })
        .from(supportTeams),
      'calendar-feed-teams',
    ),
    teamSlots: prepared(
      base()
        .where(and(eq(scheduleSlots.supportTeamId, sql.placeholder('teamId')), inWindow))
        .orderBy(asc(scheduleSlots.startsAt)),
      'calendar-feed-team-slots',
    ),
    allSlots: prepared(
      base().where(inWindow).orderBy(asc(scheduleSlots.startsAt), asc(supportTeams.name)),
      'calendar-feed-all-slots',
    ),
  };
});

export interface CalendarFeedRequest {
  /** The feed's name from the address: a team's slug or id, or "all". */
  feed: string;
  token: string;
  /** OTTO_CALENDAR_SECRET; without it no feed is served. */
  secret: string | undefined;
}

/**
 * The iCalendar text of one feed, or undefined for anything that must answer 404: feeds off,
 * an unknown team, or a wrong token (the same answer, so a token cannot be probed per team).
 */
export async function getCalendarFeed(
  ctx: Pick<ServiceContext, 'db' | 'clock' | 'links' | 'calendar'>,
  request: CalendarFeedRequest,
): Promise<string | undefined> {
  const { secret } = request;
  if (!secret) return undefined;
  const q = statements(ctx.db);
  const teams = await q.teams.execute();
  const wanted = request.feed.toLowerCase();
  const team =
    wanted === ALL_TEAMS_FEED
      ? undefined
      : teams.find((t) => feedSlug(t.name) === wanted || String(t.id) === wanted);
  if (wanted !== ALL_TEAMS_FEED && !team) return undefined;
  // Tokens belong to the canonical name, so a team reached by its id shares its slug's token.
  const canonical = team ? feedSlug(team.name) : ALL_TEAMS_FEED;
  if (!tokenMatches(secret, canonical, request.token)) return undefined;

  const now = ctx.clock.now();
  const from = new Date(now.getTime() - feedWindow.daysBack * DAY_MS);
  const to = new Date(now.getTime() + feedWindow.daysAhead * DAY_MS);
  const rows = team
    ? await q.teamSlots.execute({ teamId: team.id, from, to })
    : await q.allSlots.execute({ from, to });
  const host = new URL(ctx.links.publicUrl).hostname;
  const events: IcalEvent[] = rows.map((slot) => {
    // The UID names the slot's team and time too: a database started afresh, whose slot ids begin
    // again, does not reuse another slot's UID.
    const uid = `slot-${slot.id}-${icalUtc(slot.startsAt)}@${host}`;
    const cancelled = slot.deletedAt !== null;
    const sequence = slot.deletedAt ? 1 : 0;
    if (slot.startsAt.getTime() === slot.endsAt.getTime()) {
      // The 00:00 slot of deliveries without a customer: a day's note, not a zero-length event.
      const day =
        DateTime.fromJSDate(slot.startsAt, { zone: slot.teamTimeZone }).toISODate() ??
        slot.startsAt.toISOString().slice(0, 10);
      const count = slot.booked === 1 ? '1 delivery' : `${slot.booked} deliveries`;
      return {
        uid,
        start: slot.startsAt,
        end: slot.endsAt,
        allDay: day,
        summary: `${slot.team}: ${count} without a customer`,
        description: 'Refreshes with no customer to book a time: the team delivers them during the day.',
        cancelled,
        sequence,
      };
    }
    return {
      uid,
      start: slot.startsAt,
      end: slot.endsAt,
      summary: `${slot.team}: ${slot.booked} of ${slot.capacity} booked`,
      description: slot.deletedAt
        ? 'This slot was deleted; its customers were asked to pick another time.'
        : `${slot.capacity - slot.booked} of ${slot.capacity} free.`,
      cancelled,
      sequence,
    };
  });
  return writeIcalCalendar({
    name: team ? `Otto · ${team.name}` : 'Otto · all teams',
    // One zone per calendar: the team's, or the organisation's for the all-teams feed.
    timeZone: team?.timeZone ?? ctx.calendar.timeZone,
    now,
    events,
  });
}
