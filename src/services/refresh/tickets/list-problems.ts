import { asc, count, eq, inArray } from 'drizzle-orm';
import { people, refreshTickets, systems } from '../../../../db/schema/index.js';
import type { RefreshStatus } from '../../../domain/refresh/enums.js';
import type { ServiceContext } from '../../context.js';
import { notAllowed } from '../../errors.js';
import { isManager } from '../../people/access.js';
import type { HomeTicket } from '../home-sections.js';

/** Statuses that need staff: a customer who never gave a location, a replacement the ITSM lacks. */
export const problemStatuses = [
  'pending_location_info',
  'pending_itsm_existence',
] as const satisfies readonly RefreshStatus[];
export type ProblemStatus = (typeof problemStatuses)[number];

export interface ProblemList {
  status: ProblemStatus;
  total: number;
  /** The oldest first, at most `limit`. */
  tickets: HomeTicket[];
}

/** The Problems focus for refresh managers and admins (seed 000, timeline 7 and 9.2.1). */
export function listProblems(ctx: ServiceContext, actor: string, limit = 15): ProblemList[] {
  if (!isManager(ctx, actor)) throw notAllowed('Only refresh managers and admins can list problem tickets.');
  const counts = ctx.db
    .select({ status: refreshTickets.status, n: count() })
    .from(refreshTickets)
    .where(inArray(refreshTickets.status, [...problemStatuses]))
    .groupBy(refreshTickets.status)
    .all();
  return problemStatuses.map((status) => {
    const total = counts.find((c) => c.status === status)?.n ?? 0;
    const tickets =
      total === 0
        ? []
        : ctx.db
            .select({
              id: refreshTickets.id,
              status: refreshTickets.status,
              serial: systems.serial,
              systemName: systems.name,
              customerName: people.name,
              customerEmail: people.email,
            })
            .from(refreshTickets)
            .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
            .leftJoin(people, eq(people.id, refreshTickets.userId))
            .where(eq(refreshTickets.status, status))
            .orderBy(asc(refreshTickets.id))
            .limit(limit)
            .all()
            .map(({ customerName, customerEmail, ...t }) => ({
              ...t,
              customer: customerName ?? customerEmail,
            }));
    return { status, total, tickets };
  });
}
