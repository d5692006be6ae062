import { and, asc, count, eq, gte, inArray, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { preparedFor } from '../../../db/prepared.js';
import {
  configApprovers,
  people,
  refreshTickets,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../../db/schema/index.js';
import type { RoleName } from '../../domain/enums.js';
import { closedRefreshStatuses, type RefreshStatus } from '../../domain/refresh/enums.js';
import type { ServiceContext } from '../context.js';
import { rolesOf } from '../people/access.js';
import { formatSlotTime } from '../refresh/booking/book-free-slots.js';
import { describeLookup, lastLookups } from '../refresh/lookup/last-lookups.js';
import {
  type CalendarOverview,
  getCalendarOverview,
  isCalendarStaff,
} from '../scheduling/calendar-overview.js';
import { slotAdminPreferences, type TeamPreferences } from '../scheduling/preferences/list-preferences.js';

/** A ticket as a line on the Home: enough to recognise it and act on it. */
export interface HomeTicket {
  id: number;
  status: RefreshStatus;
  serial: string;
  systemName: string | null;
  customer: string | null;
  /** Why a ticket still waits in pending_itsm_existence: its last lookup's outcome. */
  lookup?: string;
}

export interface HomeViewModel {
  userId: string;
  roles: RoleName[];
  isApprover: boolean;
  /** Tickets of the approver's configs in `requires_approval`. */
  awaitingApproval: number;
  /** The oldest of those first, at most `homeLimits.awaiting`. */
  awaiting: HomeTicket[];
  /** Every ticket of the approver's configs, counted by status. */
  approverCounts: Array<{ status: RefreshStatus; count: number }>;
  myTickets: Array<{
    id: number;
    status: RefreshStatus;
    serial: string;
    systemName: string | null;
    asDelegate: boolean;
    /** Why the approver sent it back, while the customer walks the wizard again. */
    denialReason: string | null;
    /** delivery_scheduled: the booked time, in the support team's time zone. */
    appointment?: string;
  }>;
  problems?: {
    pendingLocationInfo: number;
    pendingItsmExistence: number;
    lists: { pendingLocationInfo: HomeTicket[]; pendingItsmExistence: HomeTicket[] };
  };
  slotTeams: Array<{ team: string; upcomingSlots: number }>;
  /** Slot admins: the weekly slot rules of each team they administer. */
  slotRules?: TeamPreferences[];
  /** Staff only: free and booked slots per team for the next days, filtered by team if asked. */
  calendar?: CalendarOverview;
}

/** What the Home lists before it counts, so it stays inside Block Kit's 100 blocks. */
export const homeLimits = {
  awaiting: 15,
  problemsPerStatus: 10,
  myTickets: 10,
  slotTeams: 5,
  calendarTeams: 5,
  calendarDays: 7,
} as const;

const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

const homeTicketColumns = {
  id: refreshTickets.id,
  status: refreshTickets.status,
  serial: systems.serial,
  systemName: systems.name,
  customerName: people.name,
  customerEmail: people.email,
};

// A handful of indexed queries, prepared once: the Home is built on every tab open.
const statements = preparedFor((db: Db) => {
  const approverConfigIds = db
    .select({ configId: configApprovers.configId })
    .from(configApprovers)
    .where(eq(configApprovers.slackUserId, sql.placeholder('userId')));
  const awaitingWhere = and(
    eq(refreshTickets.status, 'requires_approval'),
    inArray(refreshTickets.configId, approverConfigIds),
  );
  const problemList = (status: RefreshStatus) =>
    db
      .select(homeTicketColumns)
      .from(refreshTickets)
      .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
      .leftJoin(people, eq(people.id, refreshTickets.userId))
      .where(eq(refreshTickets.status, status))
      .orderBy(asc(refreshTickets.id))
      .limit(homeLimits.problemsPerStatus)
      .prepare();
  return {
    approverConfigs: db
      .select({ n: count() })
      .from(configApprovers)
      .where(eq(configApprovers.slackUserId, sql.placeholder('userId')))
      .prepare(),
    awaitingCount: db.select({ n: count() }).from(refreshTickets).where(awaitingWhere).prepare(),
    awaitingList: db
      .select(homeTicketColumns)
      .from(refreshTickets)
      .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
      .leftJoin(people, eq(people.id, refreshTickets.userId))
      .where(awaitingWhere)
      .orderBy(asc(refreshTickets.id))
      .limit(homeLimits.awaiting)
      .prepare(),
    approverCounts: db
      .select({ status: refreshTickets.status, count: count() })
      .from(refreshTickets)
      .where(inArray(refreshTickets.configId, approverConfigIds))
      .groupBy(refreshTickets.status)
      .prepare(),
    person: db
      .select({ id: people.id })
      .from(people)
      .where(eq(people.slackUserId, sql.placeholder('userId')))
      .prepare(),
    myTickets: db
      .select({
        id: refreshTickets.id,
        status: refreshTickets.status,
        serial: systems.serial,
        systemName: systems.name,
        delegateId: refreshTickets.delegateId,
        denialReason: refreshTickets.denialReason,
        slotStartsAt: scheduleSlots.startsAt,
        teamTimeZone: supportTeams.timeZone,
      })
      .from(refreshTickets)
      .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
      .leftJoin(scheduleSlots, eq(scheduleSlots.id, refreshTickets.scheduleSlotId))
      .leftJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
      .where(
        and(
          or(
            eq(refreshTickets.userId, sql.placeholder('personId')),
            eq(refreshTickets.delegateId, sql.placeholder('personId')),
          ),
          notInArray(refreshTickets.status, [...closedRefreshStatuses]),
        ),
      )
      .orderBy(asc(refreshTickets.id))
      .prepare(),
    problemCounts: db
      .select({ status: refreshTickets.status, n: count() })
      .from(refreshTickets)
      .where(inArray(refreshTickets.status, ['pending_location_info', 'pending_itsm_existence']))
      .groupBy(refreshTickets.status)
      .prepare(),
    pendingLocationInfo: problemList('pending_location_info'),
    pendingItsmExistence: problemList('pending_itsm_existence'),
  };
});

const toHomeTicket = (row: {
  id: number;
  status: RefreshStatus;
  serial: string;
  systemName: string | null;
  customerName: string | null;
  customerEmail: string | null;
}): HomeTicket => ({
  id: row.id,
  status: row.status,
  serial: row.serial,
  systemName: row.systemName,
  customer: row.customerName ?? row.customerEmail,
});

/** Problem tickets waiting on the ITSM, each with why: its last lookup's outcome. */
function withLookups(db: Db, rows: Parameters<typeof toHomeTicket>[0][]): HomeTicket[] {
  const last = lastLookups(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({ ...toHomeTicket(row), lookup: describeLookup(last.get(row.id)) }));
}

/** The Home's calendar overview; a filter naming a team that is gone shows every team. */
function homeCalendar(ctx: ServiceContext, userId: string, team: string | undefined): CalendarOverview {
  const days = homeLimits.calendarDays;
  if (team) {
    try {
      return getCalendarOverview(ctx, { userId, days, team });
    } catch {
      // Fall through to every team.
    }
  }
  return getCalendarOverview(ctx, { userId, days });
}

/** What the person chose on their Home: the calendar's team filter. */
export interface HomeOptions {
  calendarTeam?: string | undefined;
}

/** Everything the App Home shows a person, by the roles they hold (SPEC §5). */
export function getHome(ctx: ServiceContext, userId: string, options: HomeOptions = {}): HomeViewModel {
  const { db } = ctx;
  const q = statements(db);
  const held = rolesOf(ctx, userId);
  const roleSet = [...new Set(held.map((r) => r.role))];

  const isApprover = (q.approverConfigs.get({ userId })?.n ?? 0) > 0;
  const awaitingApproval = isApprover ? (q.awaitingCount.get({ userId })?.n ?? 0) : 0;
  const awaiting = awaitingApproval > 0 ? q.awaitingList.all({ userId }).map(toHomeTicket) : [];
  const approverCounts = isApprover ? q.approverCounts.all({ userId }) : [];

  // People rows are per e-mail; a Slack account is remembered on at most one of them.
  const person = q.person.get({ userId });
  const myTickets = person
    ? q.myTickets
        .all({ personId: person.id })
        .map(({ delegateId, slotStartsAt, teamTimeZone, ...ticket }) => ({
          ...ticket,
          asDelegate: delegateId === person.id,
          ...(ticket.status === 'delivery_scheduled' && slotStartsAt
            ? { appointment: formatSlotTime(slotStartsAt, teamTimeZone ?? ctx.calendar.timeZone) }
            : {}),
        }))
    : [];

  let problems: HomeViewModel['problems'];
  if (roleSet.includes('admin') || roleSet.includes('manager')) {
    const counts = q.problemCounts.all();
    const of = (status: RefreshStatus) => counts.find((c) => c.status === status)?.n ?? 0;
    const pendingLocationInfo = of('pending_location_info');
    const pendingItsmExistence = of('pending_itsm_existence');
    problems = {
      pendingLocationInfo,
      pendingItsmExistence,
      lists: {
        pendingLocationInfo: pendingLocationInfo ? q.pendingLocationInfo.all().map(toHomeTicket) : [],
        pendingItsmExistence: pendingItsmExistence ? withLookups(db, q.pendingItsmExistence.all()) : [],
      },
    };
  }

  const now = ctx.clock.now();
  const slotTeams = held
    .filter((r) => r.role === 'slot_admin')
    .map(({ scope }) => {
      const upcomingSlots =
        db
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
          )
          .get()?.n ?? 0;
      return { team: scope, upcomingSlots };
    });

  return {
    userId,
    roles: roleSet,
    isApprover,
    awaitingApproval,
    awaiting,
    approverCounts,
    myTickets,
    problems,
    slotTeams,
    ...(slotTeams.length > 0 ? { slotRules: slotAdminPreferences(db, userId) } : {}),
    ...(isCalendarStaff(ctx, userId) ? { calendar: homeCalendar(ctx, userId, options.calendarTeam) } : {}),
  };
}
