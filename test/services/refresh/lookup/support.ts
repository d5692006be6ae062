import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client.js';
import { events, refreshTickets } from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../../src/domain/refresh/enums.js';
import type { ItsmPort } from '../../../../src/itsm/port.js';
import { makeSystem, makeTicket, type World } from '../../../helpers/factories.js';

/** A ticket whose replacement was assigned in bulk and now waits for its existence lookup. */
export async function pendingLookup(db: Db, world: World, style: RefreshStyle = 'on_prem') {
  const replacement = await makeSystem(db, world, { userId: null, name: null, building: null, room: null });
  const ticket = await makeTicket(db, world, {
    style,
    status: 'pending_itsm_existence',
    replacementSystemId: replacement.id,
    ...(style === 'no_customer' ? { userId: null } : {}),
  });
  return { ticket, serial: replacement.serial };
}

export const statusOf = async (db: Db, id: number) =>
  (
    await db
      .select({ status: refreshTickets.status })
      .from(refreshTickets)
      .where(eq(refreshTickets.id, id))
      .limit(1)
  )[0]?.status;

export const lookupEvents = async (db: Db, ticketId: number) =>
  db
    .select({ ok: events.ok, detail: events.detail, at: events.at })
    .from(events)
    .where(and(eq(events.ticketId, ticketId), eq(events.kind, 'itsm_lookup')))
    .orderBy(asc(events.id));

/**
 * An ITSM port whose lookups answer from a set of known serials, or fail while `down` says so;
 * it counts the calls and the most in flight at once.
 */
export function scriptedItsm(base: ItsmPort, known: Set<string>) {
  const state = { down: undefined as Error | undefined, calls: 0, inFlight: 0, maxInFlight: 0 };
  const port: ItsmPort = {
    ...base,
    async lookupSystem(serial) {
      state.calls += 1;
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (state.down) throw state.down;
        return known.has(serial) ? { found: true, assetId: `A-${serial}` } : { found: false };
      } finally {
        state.inFlight -= 1;
      }
    },
  };
  return { port, state };
}
