import { and, asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, itsmCursors } from '../../db/schema/index.js';
import { ItsmError } from '../../src/itsm/errors.js';
import { TdxPacer } from '../../src/itsm/pacer.js';
import type { ItsmPort } from '../../src/itsm/port.js';
import { createTeamDynamixItsm } from '../../src/itsm/teamdynamix.js';
import type { ServiceContext } from '../../src/services/context.js';
import { syncItsmState } from '../../src/services/refresh/completion/sync-itsm-state.js';
import { lookUpReplacements } from '../../src/services/refresh/lookup/look-up-replacements.js';
import { onPostgres } from '../helpers/database.js';
import { makeTicket } from '../helpers/factories.js';
import { startTdxStandIn, type TdxStandIn } from '../helpers/tdx-standin.js';
import { type VirtualClock, virtualClock } from '../helpers/virtual-clock.js';
import { openServiceWorld, type ServiceWorld } from '../helpers/world.js';
import { pendingLookup } from '../services/refresh/lookup/support.js';

/**
 * Issue 14 item 4: Otto's runs over many tickets stay inside TeamDynamix's per-method budgets
 * (the stand-in enforces them as documented), wait out a 429 instead of failing a ticket, and
 * start where the last run stopped. Time is simulated: TeamDynamix's clock and Otto's pacer share
 * one virtual clock, so minutes of pacing take milliseconds.
 */

/**
 * The two tests that count calls in flight at one simulated instant (no 429 in a whole sync; the
 * order four concurrent reads reach TeamDynamix) run on SQLite only. On PostgreSQL every
 * database step is a real round trip, during which another read's wait moves the shared
 * simulated clock while a call is still on its way: TeamDynamix then sees it minutes late, which
 * real time never does. The rest, and the cursors, run on both.
 */
const onSimulatedTimeOnly = it.skipIf(onPostgres);

let sw: ServiceWorld;
let tdx: TdxStandIn;
let clock: VirtualClock;
afterEach(async () => {
  await sw?.close();
  await tdx?.close();
});

async function world(): Promise<ServiceContext> {
  sw = await openServiceWorld();
  clock = virtualClock('2026-11-17T15:00:00Z');
  tdx = await startTdxStandIn({ clock: clock.now, rateBudgets: true });
  const itsm = createTeamDynamixItsm({
    ...tdx.connection(),
    pacer: new TdxPacer(clock),
  });
  return { ...sw.ctx, itsm };
}

/** `count` refresh tickets out for delivery, each with its TeamDynamix ticket. */
async function outForDelivery(count: number) {
  const made: Array<{ id: number; tdxId: number }> = [];
  for (let i = 0; i < count; i += 1) {
    const tdxTicket = tdx.addTicket({ Title: `Refresh ${i}` });
    const ticket = await makeTicket(sw.db, sw.world, {
      style: 'remote_customer',
      status: 'pending_delivery',
      itsmTicketId: String(tdxTicket.ID),
    });
    made.push({ id: ticket.id, tdxId: tdxTicket.ID });
  }
  return made;
}

const stateReads = async () =>
  sw.db
    .select({ ticketId: events.ticketId, ok: events.ok })
    .from(events)
    .where(eq(events.kind, 'itsm_ticket_state_read'))
    .orderBy(asc(events.id));

const minute = 60_000;

describe('TeamDynamix pacing', () => {
  onSimulatedTimeOnly(
    'syncs 500 tickets inside the documented budgets: no 429, every ticket read once',
    async () => {
      const ctx = await world();
      const tickets = await outForDelivery(500);
      const started = clock.now();

      expect(await syncItsmState(ctx, sw.clock.now())).toEqual({
        read: 500,
        installed: 0,
        completed: 0,
        cancelled: 0,
        failed: 0,
        deferred: 0,
      });
      expect(tdx.rateLimited).toBe(0);
      const reads = tdx.calls.filter((c) => c.method === 'GET');
      expect(reads.every((c) => c.status === 200)).toBe(true);
      expect(
        tdx
          .callsTo('GET', /\/tickets\/\d+$/)
          .map((c) => c.path.split('/').at(-1))
          .sort(),
      ).toEqual(tickets.map((t) => String(t.tdxId)).sort());
      expect(tdx.callsTo('GET', /\/tickets\/\d+\/tasks\?isEligiblePredecessor=false$/)).toHaveLength(500);
      // 500 reads of a 60-a-minute method need at least 8 windows; pacing wastes little more.
      const took = clock.now() - started;
      expect(took).toBeGreaterThan(8 * minute);
      expect(took).toBeLessThan(10 * minute);
      expect(await stateReads()).toHaveLength(500);
      expect((await stateReads()).every((e) => e.ok)).toBe(true);
    },
  );

  it('waits out a 429 storm midway through a sync and loses nothing', async () => {
    const ctx = await world();
    const tickets = await outForDelivery(120);
    const start = clock.now();
    // Other integrations on the same address spend every budget for two minutes, 20 s in.
    tdx.storm(start + 2 * minute, start + 20_000);

    expect(await syncItsmState(ctx, sw.clock.now())).toEqual({
      read: 120,
      installed: 0,
      completed: 0,
      cancelled: 0,
      failed: 0,
      deferred: 0,
    });
    // Each method's calls in flight met the storm once, then waited for its reset and 5 s.
    expect(tdx.rateLimited).toBeGreaterThan(0);
    expect(tdx.rateLimited).toBeLessThanOrEqual(8);
    const limited = tdx.calls.filter((c) => c.status === 429);
    expect(limited.every((c) => c.method === 'GET')).toBe(true);
    const after = tdx.calls.filter((c) => c.status === 200 && c.method === 'GET');
    expect(after).toHaveLength(240);
    expect(clock.now()).toBeGreaterThanOrEqual(start + 2 * minute + 5000);
    // One successful read per ticket on record, no failed one.
    const reads = await stateReads();
    expect(reads.map((e) => e.ticketId).sort((a, b) => a! - b!)).toEqual(tickets.map((t) => t.id));
    expect(reads.every((e) => e.ok)).toBe(true);
  });

  it('looks up 500 replacements assigned in bulk inside the budget, with no 429 and none failed', async () => {
    const ctx = await world();
    const pending: Array<Awaited<ReturnType<typeof pendingLookup>>> = [];
    for (let i = 0; i < 500; i += 1) pending.push(await pendingLookup(sw.db, sw.world, 'no_customer'));
    for (const p of pending) tdx.addAsset({ SerialNumber: p.serial, Name: `LSA-${p.serial}` });
    const started = clock.now();

    expect(await lookUpReplacements(ctx, sw.clock.now())).toMatchObject({
      looked: 500,
      found: 500,
      advanced: 500,
      failed: 0,
      deferred: 0,
    });
    expect(tdx.rateLimited).toBe(0);
    const searches = tdx.callsTo('POST', /\/assets\/search$/);
    expect(searches).toHaveLength(500);
    expect(searches.map((c) => (c.body as { SerialLike: string }).SerialLike).sort()).toEqual(
      pending.map((p) => p.serial).sort(),
    );
    expect(clock.now() - started).toBeGreaterThan(8 * minute);
  });
});

describe('runs start where the last one stopped', () => {
  /** A port whose state reads are answered in order, the first read of `limitedAt` rate limited. */
  function scripted(base: ItsmPort, limitedAt: string) {
    const asked: string[] = [];
    let limited = false;
    const port: ItsmPort = {
      ...base,
      async getTicketState(id) {
        asked.push(id);
        await new Promise((resolve) => setImmediate(resolve));
        if (id === limitedAt && !limited) {
          limited = true;
          throw new ItsmError('TeamDynamix answered 429 (rate limited; retry in 65 s)', {
            retryAfterMs: 65_000,
            status: 429,
          });
        }
        return { installed: false, closed: false };
      },
    };
    return { port, asked };
  }

  onSimulatedTimeOnly(
    'the sync: a run stopped by the rate limit leaves its ticket first for the next, the earlier ones last',
    async () => {
      sw = await openServiceWorld();
      const ids: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        const t = await makeTicket(sw.db, sw.world, {
          style: 'remote_customer',
          status: 'pending_delivery',
          itsmTicketId: `T${i}`,
        });
        ids.push(t.id);
      }
      const { port, asked } = scripted(sw.ctx.itsm, 'T2');
      const ctx = { ...sw.ctx, itsm: port };

      // Four reads at once: T2 is rate limited and the run stops taking tickets (those already
      // taken finish); T2 is deferred, not failed.
      const first = await syncItsmState(ctx, sw.clock.now());
      expect(first).toMatchObject({ failed: 0 });
      expect(first.read + first.deferred).toBe(6);
      expect(first.deferred).toBeGreaterThanOrEqual(1);
      expect(asked.slice(0, 4)).toEqual(['T0', 'T1', 'T2', 'T3']);
      // The cursor stops before the first ticket not read, whatever finished after it.
      expect(await sw.db.select().from(itsmCursors)).toEqual([
        { name: 'itsm-sync', afterTicketId: ids[1], updatedAt: sw.clock.now() },
      ]);
      // Not recorded as a failure of the ticket beyond the call's own event.
      const t2 = await sw.db
        .select({ ok: events.ok })
        .from(events)
        .where(and(eq(events.ticketId, ids[2]!), eq(events.kind, 'itsm_ticket_state_read')));
      expect(t2).toEqual([{ ok: false }]);

      asked.length = 0;
      expect(await syncItsmState(ctx, sw.clock.now())).toMatchObject({ read: 6, failed: 0, deferred: 0 });
      expect(asked).toEqual(['T2', 'T3', 'T4', 'T5', 'T0', 'T1']);
      expect((await sw.db.select().from(itsmCursors))[0]!.afterTicketId).toBe(ids[1]);
    },
  );

  it('the existence lookups: the next run starts with the ticket the rate limit stopped at', async () => {
    sw = await openServiceWorld();
    const pending: Array<Awaited<ReturnType<typeof pendingLookup>>> = [];
    for (let i = 0; i < 5; i += 1) pending.push(await pendingLookup(sw.db, sw.world, 'no_customer'));
    const asked: string[] = [];
    let limited = false;
    const ctx: ServiceContext = {
      ...sw.ctx,
      itsm: {
        ...sw.ctx.itsm,
        async lookupSystem(serial) {
          asked.push(serial);
          if (serial === pending[2]!.serial && !limited) {
            limited = true;
            throw new ItsmError('rate limited', { retryAfterMs: 65_000, status: 429 });
          }
          return { found: false };
        },
      },
    };
    expect(await lookUpReplacements(ctx, sw.clock.now(), { concurrency: 1 })).toMatchObject({
      looked: 3,
      notFound: 2,
      failed: 0,
      deferred: 3,
    });
    expect((await sw.db.select().from(itsmCursors))[0]).toMatchObject({
      name: 'replacement-lookup',
      afterTicketId: pending[1]!.ticket.id,
    });
    // An hour on, all five are due again: the run starts with the one the rate limit stopped at.
    sw.clock.advance(61 * minute);
    asked.length = 0;
    expect(await lookUpReplacements(ctx, sw.clock.now(), { concurrency: 1 })).toMatchObject({ looked: 5 });
    expect(asked).toEqual([2, 3, 4, 0, 1].map((i) => pending[i]!.serial));
  });
});
