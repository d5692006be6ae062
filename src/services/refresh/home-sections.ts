import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import { prepared, preparedFor } from '../../../db/prepared.js';
import { configApprovers, people, refreshTickets, systems } from '../../../db/schema/index.js';
import type { RefreshStatus } from '../../domain/refresh/enums.js';
import type { ServiceContext } from '../context.js';
import type { HomeViewer } from '../home/sections.js';
import { describeLookup, lastLookups, ticketsWithUnconfirmedReplacement } from './lookup/last-lookups.js';
import { type MyRefreshTicket, myRefreshTickets } from './my-refresh.js';
import { orderGroupManifest } from './ordering/order-group-store.js';
import {
  countProblems,
  type HomeTicket,
  homeTicketColumns,
  problemTickets,
  toHomeTicket,
} from './tickets/list-problems.js';

export type { MyRefreshNext, MyRefreshStage, MyRefreshTicket } from './my-refresh.js';
export type { HomeTicket } from './tickets/list-problems.js';

/** An approver's tickets awaiting them, and all of their configs' tickets by status. */
export interface ApprovalsSection {
  module: 'refresh';
  kind: 'approvals';
  band: 'waiting';
  /** Tickets of the approver's configs in `requires_approval`. */
  awaitingApproval: number;
  /** The oldest of those first, at most `refreshHomeLimits.awaiting`. */
  awaiting: HomeTicket[];
  /** Every ticket of the approver's configs, counted by status. */
  approverCounts: Array<{ status: RefreshStatus; count: number }>;
  /** Order groups awaiting the approver's final approval (a config of theirs has tickets in them). */
  orderGroupsAwaiting: number;
  /** The first of those, at most five. */
  orderGroups: AwaitingOrderGroup[];
}

/** An order group awaiting approval, as the approver's Home lists it. */
export interface AwaitingOrderGroup {
  id: number;
  name: string;
  ticketCount: number;
  unitName: string | null;
  /** The devices to order, counted (the manifest's models). */
  models: Array<{ name: string; count: number }>;
}

/** At most this many order groups are listed; the rest are counted. */
const orderGroupsShown = 5;

async function orderGroupsAwaiting(
  db: Db,
  userId: string,
): Promise<Pick<ApprovalsSection, 'orderGroups' | 'orderGroupsAwaiting'>> {
  const groups = await db.rows<{ id: number; name: string; unitName: string | null }>(
    sql`select g.id as "id", g.name as "name", u.name as "unitName"
        from order_groups g left join units u on u.id = g.unit_id
        where g.status = 'awaiting_approval' and exists (
          select 1 from refresh_tickets t join config_approvers ca on ca.config_id = t.config_id
          where t.order_group_id = g.id and t.status <> 'canceled' and ca.slack_user_id = ${userId})
        order by g.id`,
  );
  const shown: AwaitingOrderGroup[] = [];
  for (const group of groups.slice(0, orderGroupsShown)) {
    const manifest = await orderGroupManifest(db, group.id);
    shown.push({ ...group, ticketCount: manifest.ticketCount, models: manifest.models });
  }
  return { orderGroupsAwaiting: groups.length, orderGroups: shown };
}

/** Managers and admins: tickets waiting for staff. */
export interface ProblemsSection {
  module: 'refresh';
  kind: 'problems';
  band: 'waiting';
  pendingLocationInfo: number;
  pendingItsmExistence: number;
  /** Out for delivery, but the ITSM ticket was cancelled there. */
  itsmCancelled: number;
  lists: {
    pendingLocationInfo: HomeTicket[];
    pendingItsmExistence: HomeTicket[];
    itsmCancelled: HomeTicket[];
  };
}

/** The person's own refreshes, as customer or delegate. */
export interface MyRefreshSection {
  module: 'refresh';
  kind: 'my_refresh';
  band: 'own';
  myTickets: MyRefreshTicket[];
}

export type RefreshHomeSection = ApprovalsSection | ProblemsSection | MyRefreshSection;

/** How many tickets the refresh sections list before they count the rest. */
export const refreshHomeLimits = { awaiting: 15, problemsPerStatus: 10 } as const;

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
  return {
    approverConfigs: prepared(
      db
        .select({ n: count() })
        .from(configApprovers)
        .where(eq(configApprovers.slackUserId, sql.placeholder('userId'))),
      'refresh-home-approver-configs',
    ),
    awaitingCount: prepared(
      db.select({ n: count() }).from(refreshTickets).where(awaitingWhere),
      'refresh-home-awaiting-count',
    ),
    awaitingList: prepared(
      db
        .select(homeTicketColumns())
        .from(refreshTickets)
        .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
        .leftJoin(people, eq(people.id, refreshTickets.userId))
        .where(awaitingWhere)
        .orderBy(asc(refreshTickets.id))
        .limit(refreshHomeLimits.awaiting),
      'refresh-home-awaiting-list',
    ),
    approverCounts: prepared(
      db
        .select({ status: refreshTickets.status, count: count() })
        .from(refreshTickets)
        .where(inArray(refreshTickets.configId, approverConfigIds))
        .groupBy(refreshTickets.status),
      'refresh-home-approver-counts',
    ),
    person: prepared(
      db
        .select({ id: people.id })
        .from(people)
        .where(eq(people.slackUserId, sql.placeholder('userId'))),
      'refresh-home-person',
    ),
  };
});

/** Problem tickets waiting on the ITSM, each with why: its last lookup's outcome. */
async function withLookups(db: Db, tickets: HomeTicket[], builtinItsm: boolean): Promise<HomeTicket[]> {
  const last = await lastLookups(
    db,
    tickets.map((t) => t.id),
  );
  // Only the built-in ITSM takes the inventory's word; another ITSM is asked again instead.
  const unconfirmed = builtinItsm
    ? await ticketsWithUnconfirmedReplacement(
        db,
        tickets.map((t) => t.id),
      )
    : new Set<number>();
  return tickets.map((ticket) => ({
    ...ticket,
    lookup: describeLookup(last.get(ticket.id)),
    ...(unconfirmed.has(ticket.id) ? { replacementUnconfirmed: true } : {}),
  }));
}

/** What the refresh module shows on a person's Home, by the roles they hold (SPEC §5). */
export async function refreshHomeSections(
  ctx: ServiceContext,
  { userId, roles }: HomeViewer,
): Promise<RefreshHomeSection[]> {
  const { db } = ctx;
  const q = statements(db);
  const sections: RefreshHomeSection[] = [];

  if (((await q.approverConfigs.execute({ userId }))[0]?.n ?? 0) > 0) {
    const awaitingApproval = (await q.awaitingCount.execute({ userId }))[0]?.n ?? 0;
    sections.push({
      module: 'refresh',
      kind: 'approvals',
      band: 'waiting',
      awaitingApproval,
      awaiting: awaitingApproval > 0 ? (await q.awaitingList.execute({ userId })).map(toHomeTicket) : [],
      approverCounts: await q.approverCounts.execute({ userId }),
      ...(await orderGroupsAwaiting(db, userId)),
    });
  }

  if (roles.some((r) => r.role === 'admin' || r.role === 'manager')) {
    const counts = await countProblems(db);
    const pendingLocationInfo = counts.pending_location_info;
    const pendingItsmExistence = counts.pending_itsm_existence;
    const itsmCancelled = counts.itsm_cancelled;
    const shown = refreshHomeLimits.problemsPerStatus;
    sections.push({
      module: 'refresh',
      kind: 'problems',
      band: 'waiting',
      pendingLocationInfo,
      pendingItsmExistence,
      itsmCancelled,
      lists: {
        pendingLocationInfo: pendingLocationInfo
          ? await problemTickets(db, 'pending_location_info', shown)
          : [],
        pendingItsmExistence: pendingItsmExistence
          ? await withLookups(
              db,
              await problemTickets(db, 'pending_itsm_existence', shown),
              ctx.itsm.name === 'builtin',
            )
          : [],
        itsmCancelled: itsmCancelled ? await problemTickets(db, 'itsm_cancelled', shown) : [],
      },
    });
  }

  // People rows are per e-mail; a Slack account is remembered on at most one of them.
  const [person] = await q.person.execute({ userId });
  const myTickets = person ? await myRefreshTickets(ctx, person.id) : [];
  sections.push({ module: 'refresh', kind: 'my_refresh', band: 'own', myTickets });
  return sections;
}
