import { aliasedTable, and, asc, eq, inArray, notInArray, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.js';
import {
  audits,
  people,
  refreshConfigs,
  refreshTickets,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../../db/schema/index.js';
import { formatDay, formatMoment } from '../../domain/calendar/format-date-time.js';
import { personName } from '../../domain/naming.js';
import { closedRefreshStatuses, type RefreshStatus, refreshStatuses } from '../../domain/refresh/enums.js';
import {
  nextFridayDigest,
  refreshTimeline,
  type StageState,
  type StatusChange,
  type TimelineStageId,
} from '../../domain/refresh/timeline.js';
import type { ServiceContext } from '../context.js';
import { wizardClockStartOf, wizardExpiryBusinessDays } from './timers/wizard-clock.js';

/** A stage of the person's refresh, its dates written in the reader's zone. */
export interface MyRefreshStage {
  stage: TimelineStageId;
  state: StageState;
  /** Done: the day it was finished. Now: the day it began. */
  day?: string;
}

/** The one thing that happens next on a refresh, and who does it when. */
export type MyRefreshNext =
  /** The reader answers the wizard (Start or Continue), by the deadline. */
  | { kind: 'answer'; started: boolean; by: string }
  /** The customer's delegate answers for them. */
  | { kind: 'delegate_answers'; delegate: string; by: string }
  /** The wizard's time ran out: staff fill in the location. */
  | { kind: 'staff_location' }
  /** The approver decides; their Friday digest reminds them. */
  | { kind: 'approval'; digest: string }
  /** The depot orders (or finds the replacement in the ITSM); `after` that, what comes. */
  | { kind: 'ordering'; after: 'schedule' | 'ship' | 'deliver' }
  /** Otto looks for free delivery times twice a day. */
  | { kind: 'find_times' }
  | { kind: 'pick_time' }
  | { kind: 'attend'; appointment: string }
  | { kind: 'shipping'; trackingNumber: string | null }
  | { kind: 'on_hold' };

export interface MyRefreshTicket {
  id: number;
  status: RefreshStatus;
  style: (typeof refreshTickets.$inferSelect)['style'];
  serial: string;
  systemName: string | null;
  asDelegate: boolean;
  /** The customer's name, when the reader is their delegate. */
  onBehalfOf?: string;
  /** Why the approver sent it back, while the customer walks the wizard again. */
  denialReason: string | null;
  /** delivery_scheduled: the booked time, in the support team's time zone. */
  appointment?: string;
  /** A unit-specified location the customer comes to. */
  unitLocation?: string;
  timeline: MyRefreshStage[];
  next: MyRefreshNext;
}

const isStatus = (value: unknown): value is RefreshStatus =>
  typeof value === 'string' && (refreshStatuses as readonly string[]).includes(value);

/** Each ticket's status changes, oldest first, from its audits. */
async function statusChanges(db: Db, ticketIds: number[]): Promise<Map<number, StatusChange[]>> {
  const byTicket = new Map<number, StatusChange[]>();
  if (ticketIds.length === 0) return byTicket;
  const rows = await db
    .select({ ticketId: audits.ticketId, at: audits.at, changes: audits.changes })
    .from(audits)
    .where(inArray(audits.ticketId, ticketIds))
    .orderBy(asc(audits.at), asc(audits.id));
  for (const row of rows) {
    const status = (row.changes as Record<string, { from?: unknown; to?: unknown }> | null)?.status;
    if (row.ticketId === null || !status || !isStatus(status.from) || !isStatus(status.to)) continue;
    if (status.from === status.to) continue;
    const list = byTicket.get(row.ticketId) ?? [];
    list.push({ at: row.at, from: status.from, to: status.to });
    byTicket.set(row.ticketId, list);
  }
  return byTicket;
}

/**
 * The person's open refreshes, as customer or delegate (SPEC §5): each with its timeline of
 * stages (done, now, next, with dates) and the one next step, in the support team's zone.
 */
export async function myRefreshTickets(ctx: ServiceContext, personId: number): Promise<MyRefreshTicket[]> {
  const { db, calendar } = ctx;
  const user = aliasedTable(people, 'my_refresh_user');
  const delegate = aliasedTable(people, 'my_refresh_delegate');
  const rows = await db
    .select({
      ticket: refreshTickets,
      serial: systems.serial,
      systemName: systems.name,
      requiresApproval: refreshConfigs.requiresApproval,
      unitLocation: refreshConfigs.unitSpecifiedLocation,
      slotStartsAt: scheduleSlots.startsAt,
      teamTimeZone: supportTeams.timeZone,
      // Email first: drizzle reads a left-joined object as missing when its first column is null.
      user: { email: user.email, name: user.name },
      delegate: { email: delegate.email, name: delegate.name },
    })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
    .innerJoin(refreshConfigs, eq(refreshConfigs.id, refreshTickets.configId))
    .leftJoin(scheduleSlots, eq(scheduleSlots.id, refreshTickets.scheduleSlotId))
    .leftJoin(supportTeams, eq(supportTeams.id, refreshTickets.supportTeamId))
    .leftJoin(user, eq(user.id, refreshTickets.userId))
    .leftJoin(delegate, eq(delegate.id, refreshTickets.delegateId))
    .where(
      and(
        or(eq(refreshTickets.userId, personId), eq(refreshTickets.delegateId, personId)),
        notInArray(refreshTickets.status, [...closedRefreshStatuses]),
      ),
    )
    .orderBy(asc(refreshTickets.id));
  const changes = await statusChanges(
    db,
    rows.map((row) => row.ticket.id),
  );
  const now = ctx.clock.now();

  return rows.map((row): MyRefreshTicket => {
    const { ticket } = row;
    const zone = row.teamTimeZone ?? calendar.timeZone;
    const history = changes.get(ticket.id) ?? [];
    const asDelegate = ticket.delegateId === personId;
    const timeline = refreshTimeline({
      style: ticket.style,
      status: ticket.status,
      statusBeforeHold: ticket.statusBeforeHold,
      createdAt: ticket.createdAt,
      needsApproval: row.requiresApproval || history.some((c) => c.to === 'requires_approval'),
      changes: history,
    }).map(({ stage, state, at }) => ({ stage, state, ...(at ? { day: formatDay(at, zone) } : {}) }));
    const appointment =
      ticket.status === 'delivery_scheduled' && row.slotStartsAt
        ? formatMoment(row.slotStartsAt, zone)
        : undefined;

    // The wizard's deadline: 14 business days from the invitation (or the denial that sent it
    // back), or from when the invitation is due if it has not gone out yet (SPEC §2.2).
    const clockStart = ticket.invitedAt
      ? wizardClockStartOf({ invitedAt: ticket.invitedAt, decidedAt: ticket.decidedAt })
      : (ticket.invitationDueAt ?? now);
    const by = formatMoment(calendar.addBusinessDays(clockStart, wizardExpiryBusinessDays), zone);
    const hasDelegate = ticket.delegateId !== null;
    const delegateName = row.delegate?.email
      ? personName({ ...row.delegate, email: row.delegate.email })
      : undefined;
    const userName = row.user?.email ? personName({ ...row.user, email: row.user.email }) : undefined;

    const next = ((): MyRefreshNext => {
      if (ticket.status === 'on_hold') return { kind: 'on_hold' };
      switch (ticket.status) {
        case 'pending_customer':
          if (hasDelegate && !asDelegate) {
            return { kind: 'delegate_answers', delegate: delegateName ?? 'Your delegate', by };
          }
          return {
            kind: 'answer',
            started: ticket.wizardState !== null && Object.keys(ticket.wizardState).length > 0,
            by,
          };
        case 'pending_location_info':
          return { kind: 'staff_location' };
        case 'requires_approval':
          return {
            kind: 'approval',
            digest: formatMoment(nextFridayDigest(now, calendar), calendar.timeZone),
          };
        case 'pending_ordering':
        case 'pending_itsm_existence':
          return {
            kind: 'ordering',
            after:
              ticket.style === 'remote_customer'
                ? 'ship'
                : ticket.style === 'no_customer'
                  ? 'deliver'
                  : 'schedule',
          };
        case 'pending_schedule_slot_discovery':
          return { kind: 'find_times' };
        case 'pending_customer_scheduling':
          return { kind: 'pick_time' };
        case 'delivery_scheduled':
          return appointment ? { kind: 'attend', appointment } : { kind: 'find_times' };
        case 'pending_delivery':
          return { kind: 'shipping', trackingNumber: ticket.trackingNumber };
        default:
          return { kind: 'on_hold' };
      }
    })();

    return {
      id: ticket.id,
      status: ticket.status,
      style: ticket.style,
      serial: row.serial,
      systemName: row.systemName,
      asDelegate,
      ...(asDelegate && userName ? { onBehalfOf: userName } : {}),
      denialReason: ticket.denialReason,
      ...(appointment ? { appointment } : {}),
      ...(ticket.style === 'unit_specified_location' && row.unitLocation
        ? { unitLocation: row.unitLocation }
        : {}),
      timeline,
      next,
    };
  });
}
