import { and, asc, eq, gte, inArray, isNull, lt, notInArray } from 'drizzle-orm';
import type { Db, Tx } from '../../../db/client.js';
import {
  people,
  refreshTickets,
  roles,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../../db/schema/index.js';
import { closedRefreshStatuses } from '../../domain/refresh/enums.js';
import type { ServiceContext } from '../context.js';
import { notAllowed, notFound } from '../errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far ahead the slot admin's view reaches. */
export const TEAM_SLOTS_DAYS = 14;

export interface SlotBooking {
  ticketId: number;
  customer: string | null;
  serial: string;
}

export interface TeamSlot {
  id: number;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  booked: number;
  bookings: SlotBooking[];
}

export interface TeamSlots {
  team: string;
  timeZone: string;
  slots: TeamSlot[];
}

export interface SupportTeamRow {
  id: number;
  name: string;
  timeZone: string;
}

/** The support teams whose slots the person administers (slot_admin scoped to the team's name). */
export async function slotAdminTeams(db: Db | Tx, userId: string): Promise<string[]> {
  const rows = await db
    .select({ scope: roles.scope })
    .from(roles)
    .where(and(eq(roles.slackUserId, userId), eq(roles.role, 'slot_admin')));
  return rows.map((r) => r.scope);
}

/** Only that team's schedule slot admins manage its slots (SPEC §1 roles). */
export async function requireSlotAdmin(db: Db | Tx, userId: string, team: string): Promise<void> {
  if (!(await slotAdminTeams(db, userId)).includes(team))
    throw notAllowed(`Only the schedule slot admins of ${team} can manage its slots.`);
}

/** A team by name (any case); with no name, the one team the person administers, if just one. */
export async function resolveSlotTeam(
  db: Db | Tx,
  userId: string,
  name: string | undefined,
): Promise<SupportTeamRow> {
  const teams = await db
    .select({ id: supportTeams.id, name: supportTeams.name, timeZone: supportTeams.timeZone })
    .from(supportTeams);
  let teamName = name?.trim();
  if (!teamName) {
    const mine = await slotAdminTeams(db, userId);
    if (mine.length !== 1)
      throw mine.length === 0
        ? notAllowed('Only schedule slot admins manage slots, and you are not one for any team.')
        : notFound(`Name the team: you manage the slots of ${mine.join(', ')}.`);
    teamName = mine[0] as string;
  }
  const wanted = teamName.toLowerCase();
  const team = teams.find((t) => t.name.toLowerCase() === wanted);
  if (!team) throw notFound(`There is no support team called “${teamName}”.`);
  return team;
}

/** Who is booked in the given slots: tickets still open that point at them. */
export async function bookingsOf(db: Db | Tx, slotIds: number[]): Promise<Map<number, SlotBooking[]>> {
  const result = new Map<number, SlotBooking[]>();
  if (slotIds.length === 0) return result;
  const rows = await db
    .select({
      slotId: refreshTickets.scheduleSlotId,
      ticketId: refreshTickets.id,
      customerName: people.name,
      customerEmail: people.email,
      serial: systems.serial,
    })
    .from(refreshTickets)
    .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
    .leftJoin(people, eq(people.id, refreshTickets.userId))
    .where(
      and(
        inArray(refreshTickets.scheduleSlotId, slotIds),
        notInArray(refreshTickets.status, [...closedRefreshStatuses]),
      ),
    )
    .orderBy(asc(refreshTickets.id));
  for (const row of rows) {
    if (row.slotId === null) continue;
    const list = result.get(row.slotId) ?? [];
    list.push({
      ticketId: row.ticketId,
      customer: row.customerName ?? row.customerEmail,
      serial: row.serial,
    });
    result.set(row.slotId, list);
  }
  return result;
}

/** A team's slots of the next two weeks from `now`, each with who is booked. */
export async function upcomingTeamSlots(db: Db | Tx, teamId: number, now: Date): Promise<TeamSlot[]> {
  const slots = await db
    .select({
      id: scheduleSlots.id,
      startsAt: scheduleSlots.startsAt,
      endsAt: scheduleSlots.endsAt,
      capacity: scheduleSlots.capacity,
      booked: scheduleSlots.booked,
    })
    .from(scheduleSlots)
    .where(
      and(
        eq(scheduleSlots.supportTeamId, teamId),
        isNull(scheduleSlots.deletedAt),
        gte(scheduleSlots.startsAt, now),
        lt(scheduleSlots.startsAt, new Date(now.getTime() + TEAM_SLOTS_DAYS * DAY_MS)),
      ),
    )
    .orderBy(asc(scheduleSlots.startsAt));
  const bookings = await bookingsOf(
    db,
    slots.map((s) => s.id),
  );
  return slots.map((slot) => ({ ...slot, bookings: bookings.get(slot.id) ?? [] }));
}

/** The slot admin's view: the team's slots of the next two weeks, each with who is booked. */
export async function listTeamSlots(
  ctx: Pick<ServiceContext, 'db' | 'clock'>,
  input: { userId: string; team?: string | undefined },
): Promise<TeamSlots> {
  const { db } = ctx;
  const team = await resolveSlotTeam(db, input.userId, input.team);
  await requireSlotAdmin(db, input.userId, team.name);
  return {
    team: team.name,
    timeZone: team.timeZone,
    slots: await upcomingTeamSlots(db, team.id, ctx.clock.now()),
  };
}
