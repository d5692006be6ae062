import { aliasedTable, and, count, eq, gte, inArray, isNull, lt, notInArray, or } from 'drizzle-orm';
import {
  configApprovers,
  people,
  refreshTickets,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../db/schema/index.js';
import { closedRefreshStatuses, type RefreshStatus, type RoleName } from '../domain/enums.js';
import { rolesOf } from './access.js';
import type { ServiceContext } from './context.js';

export interface HomeViewModel {
  userId: string;
  roles: RoleName[];
  isApprover: boolean;
  awaitingApproval: number;
  myTickets: Array<{
    id: number;
    status: RefreshStatus;
    serial: string;
    systemName: string | null;
    asDelegate: boolean;
  }>;
  problems?: { pendingLocationInfo: number; pendingItsmExistence: number };
  slotTeams: Array<{ team: string; upcomingSlots: number }>;
}

const problemStatuses = ['pending_location_info', 'pending_itsm_existence'] as const;
const TWO_WEEKS_MS = 14 * 24 * 60 * 60 * 1000;

/** Everything the App Home shows a person, by the roles they hold (SPEC §5). */
export function getHome(ctx: ServiceContext, userId: string): HomeViewModel {
  const { db } = ctx;
  const held = rolesOf(ctx, userId);
  const roleSet = [...new Set(held.map((r) => r.role))];

  const approverConfigs = db
    .select({ configId: configApprovers.configId })
    .from(configApprovers)
    .where(eq(configApprovers.slackUserId, userId))
    .all()
    .map((row) => row.configId);
  const awaitingApproval =
    approverConfigs.length === 0
      ? 0
      : (db
          .select({ n: count() })
          .from(refreshTickets)
          .where(
            and(
              eq(refreshTickets.status, 'requires_approval'),
              inArray(refreshTickets.configId, approverConfigs),
            ),
          )
          .get()?.n ?? 0);

  const user = aliasedTable(people, 'user_person');
  const delegate = aliasedTable(people, 'delegate_person');
  const myTickets = db
    .select({
      id: refreshTickets.id,
      status: refreshTickets.status,
      serial: systems.serial,
      systemName: systems.name,
      delegateSlackId: delegate.slackUserId,
    })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
    .leftJoin(user, eq(user.id, refreshTickets.userId))
    .leftJoin(delegate, eq(delegate.id, refreshTickets.delegateId))
    .where(
      and(
        notInArray(refreshTickets.status, [...closedRefreshStatuses]),
        or(eq(user.slackUserId, userId), eq(delegate.slackUserId, userId)),
      ),
    )
    .orderBy(refreshTickets.id)
    .all()
    .map(({ delegateSlackId, ...ticket }) => ({ ...ticket, asDelegate: delegateSlackId === userId }));

  let problems: HomeViewModel['problems'];
  if (roleSet.includes('admin') || roleSet.includes('manager')) {
    const counts = db
      .select({ status: refreshTickets.status, n: count() })
      .from(refreshTickets)
      .where(inArray(refreshTickets.status, [...problemStatuses]))
      .groupBy(refreshTickets.status)
      .all();
    const of = (status: RefreshStatus) => counts.find((c) => c.status === status)?.n ?? 0;
    problems = {
      pendingLocationInfo: of('pending_location_info'),
      pendingItsmExistence: of('pending_itsm_existence'),
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
    isApprover: approverConfigs.length > 0,
    awaitingApproval,
    myTickets,
    problems,
    slotTeams,
  };
}
