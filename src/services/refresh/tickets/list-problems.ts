import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { prepared, preparedFor } from '../../../../db/prepared.js';
import { people, refreshTickets, systems } from '../../../../db/schema/index.js';
import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { notAllowed } from '../../errors.js';
import { isManager } from '../../people/access.js';
import { deliveryStatuses, itsmTicketCancelled } from '../completion/sync-itsm-state.js';

/** A ticket as a line on the Home: enough to recognise it and act on it. */
export interface HomeTicket {
  id: number;
  status: RefreshStatus;
  serial: string;
  systemName: string | null;
  customer: string | null;
  /** Why a ticket still waits in pending_itsm_existence: its last lookup's outcome. */
  lookup?: string;
  /** Its replacement was only pasted, never imported or confirmed: an admin may confirm it. */
  replacementUnconfirmed?: boolean;
}

/** Statuses that need staff: a customer who never gave a location, a replacement the ITSM lacks. */
export const problemStatuses = [
  'pending_location_info',
  'pending_itsm_existence',
] as const satisfies readonly RefreshStatus[];
export type ProblemStatus = (typeof problemStatuses)[number];

/**
 * What needs staff: a problem status, or `itsm_cancelled`, a ticket out for delivery whose ITSM
 * ticket was cancelled in the ITSM (staff cancel the refresh, or hold it meanwhile).
 */
export const problemKinds = [...problemStatuses, 'itsm_cancelled'] as const;
export type ProblemKind = (typeof problemKinds)[number];

export interface ProblemList {
  status: ProblemKind;
  total: number;
  /** The oldest first, at most `limit`. */
  tickets: HomeTicket[];
}

/**
 * The columns a Home ticket line is read from (tickets joined with their system and customer).
 * Read when a statement is built, so they are the open database's tables.
 */
export const homeTicketColumns = () => ({
  id: refreshTickets.id,
  status: refreshTickets.status,
  serial: systems.serial,
  systemName: systems.name,
  customerName: people.name,
  customerEmail: people.email,
});

export const toHomeTicket = (row: {
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

// Prepared once: the Home's Problems section reads these on every tab open.
const statements = preparedFor((db: Db) => ({
  counts: prepared(
    db
      .select({ status: refreshTickets.status, n: count() })
      .from(refreshTickets)
      .where(inArray(refreshTickets.status, [...problemStatuses]))
      .groupBy(refreshTickets.status),
    'refresh-problems-counts',
  ),
  tickets: prepared(
    db
      .select(homeTicketColumns())
      .from(refreshTickets)
      .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
      .leftJoin(people, eq(people.id, refreshTickets.userId))
      .where(eq(refreshTickets.status, sql.placeholder('status')))
      .orderBy(asc(refreshTickets.id))
      .limit(sql.placeholder('limit')),
    'refresh-problems-tickets',
  ),
  cancelledCount: prepared(
    db.select({ n: count() }).from(refreshTickets).where(cancelledWhere(db)),
    'refresh-problems-itsm-cancelled-count',
  ),
  cancelledTickets: prepared(
    db
      .select(homeTicketColumns())
      .from(refreshTickets)
      .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
      .leftJoin(people, eq(people.id, refreshTickets.userId))
      .where(cancelledWhere(db))
      .orderBy(asc(refreshTickets.id))
      .limit(sql.placeholder('limit')),
    'refresh-problems-itsm-cancelled-tickets',
  ),
}));

const cancelledWhere = (db: Db) =>
  and(inArray(refreshTickets.status, [...deliveryStatuses]), itsmTicketCancelled(db));

/** How many tickets wait with each problem. */
export async function countProblems(db: Db): Promise<Record<ProblemKind, number>> {
  const q = statements(db);
  const counts = await q.counts.execute();
  const of = (status: ProblemStatus) => counts.find((c) => c.status === status)?.n ?? 0;
  return {
    pending_location_info: of('pending_location_info'),
    pending_itsm_existence: of('pending_itsm_existence'),
    itsm_cancelled: (await q.cancelledCount.execute())[0]?.n ?? 0,
  };
}

/** The oldest tickets waiting with a problem, at most `limit`. */
export async function problemTickets(db: Db, problem: ProblemKind, limit: number): Promise<HomeTicket[]> {
  const q = statements(db);
  const rows =
    problem === 'itsm_cancelled'
      ? await q.cancelledTickets.execute({ limit })
      : await q.tickets.execute({ status: problem, limit });
  return rows.map(toHomeTicket);
}

/** The Problems focus for refresh managers and admins (seed 000, timeline 7 and 9.2.1). */
export async function listProblems(ctx: ServiceContext, actor: string, limit = 15): Promise<ProblemList[]> {
  if (!(await isManager(ctx, actor)))
    throw notAllowed('Only refresh managers and admins can list problem tickets.');
  const counts = await countProblems(ctx.db);
  return Promise.all(
    problemKinds.map(async (status) => {
      const total = counts[status];
      return { status, total, tickets: total === 0 ? [] : await problemTickets(ctx.db, status, limit) };
    }),
  );
}
