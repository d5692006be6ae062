import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits } from '../../../../db/schema/index.js';
import type { RefreshStatus, RefreshStyle } from '../../../../src/domain/refresh/enums.js';
import { ItsmError } from '../../../../src/itsm/errors.js';
import type { ServiceContext } from '../../../../src/services/context.js';
import {
  lookUpReplacements,
  lookupRetry,
} from '../../../../src/services/refresh/lookup/look-up-replacements.js';
import { holdTicket } from '../../../../src/services/refresh/tickets/hold.js';
import { ADMIN } from '../../../helpers/factories.js';
import { inOrder, times } from '../../../helpers/in-order.js';
import { openServiceWorld, type ServiceWorld } from '../../../helpers/world.js';
import { lookupEvents, pendingLookup, scriptedItsm, statusOf } from './support.js';

let sw: ServiceWorld;
afterEach(() => sw?.close());

const minutes = (n: number) => n * 60 * 1000;

function withPort(ctx: ServiceContext, known: Set<string>) {
  const scripted = scriptedItsm(ctx.itsm, known);
  return { ctx: { ...ctx, itsm: scripted.port }, state: scripted.state };
}

describe('the existence lookup queue', () => {
  it('moves found replacements on by style (SPEC §2.1) and records every call as an event', async () => {
    sw = await openServiceWorld();
    const expected: Array<[RefreshStyle, RefreshStatus]> = [
      ['remote_customer', 'pending_delivery'],
      ['on_prem', 'pending_schedule_slot_discovery'],
      ['unit_specified_location', 'pending_schedule_slot_discovery'],
      ['no_customer', 'delivery_scheduled'],
      ['bump_down', 'pending_schedule_slot_discovery'],
    ];
    const tickets = await inOrder(expected, async ([style]) => pendingLookup(sw.db, sw.world, style));
    // The built-in ITSM knows every system in Otto's inventory, replacements included.
    const summary = await lookUpReplacements(sw.ctx, sw.clock.now());

    expect(summary).toEqual({ looked: 5, found: 5, advanced: 5, notFound: 0, failed: 0, deferred: 0 });
    for (const [i, { ticket, serial }] of tickets.entries()) {
      expect(await statusOf(sw.db, ticket.id)).toBe(expected[i]![1]);
      expect(await lookupEvents(sw.db, ticket.id)).toEqual([
        {
          ok: true,
          detail: expect.objectContaining({
            adapter: 'builtin',
            serial,
            found: true,
            assetId: expect.any(String),
          }),
          at: sw.clock.now(),
        },
      ]);
    }
    const audit = await sw.db.select().from(audits).where(eq(audits.ticketId, tickets[0]!.ticket.id));
    expect(audit).toMatchObject([{ action: 'itsm_found', actor: 'otto' }]);
    expect(sw.ctx.noticesWritten).toHaveBeenCalled();
    // Nothing is left to look up.
    expect((await lookUpReplacements(sw.ctx, sw.clock.now())).looked).toBe(0);
  });

  it('leaves a replacement the ITSM does not know where it is, with the reason, and asks again hourly', async () => {
    sw = await openServiceWorld();
    const missing = await pendingLookup(sw.db, sw.world);
    const present = await pendingLookup(sw.db, sw.world);
    const known = new Set([present.serial]);
    const { ctx, state } = withPort(sw.ctx, known);

    expect(await lookUpReplacements(ctx, sw.clock.now())).toMatchObject({ looked: 2, found: 1, notFound: 1 });
    expect(await statusOf(sw.db, missing.ticket.id)).toBe('pending_itsm_existence');
    expect(await lookupEvents(sw.db, missing.ticket.id)).toMatchObject([
      { ok: true, detail: { found: false, reason: 'not found in ITSM', serial: missing.serial } },
    ]);

    // Not asked again on the next runs within the hour…
    sw.clock.advance(minutes(5));
    expect((await lookUpReplacements(ctx, sw.clock.now())).looked).toBe(0);
    // …but after it, and found once the ITSM has it.
    known.add(missing.serial);
    sw.clock.advance(lookupRetry.notFoundMs);
    expect(await lookUpReplacements(ctx, sw.clock.now())).toMatchObject({ looked: 1, advanced: 1 });
    expect(await statusOf(sw.db, missing.ticket.id)).toBe('pending_schedule_slot_discovery');
    expect(state.calls).toBe(3);
  });

  it('loses nothing in an ITSM outage: the run stops early, and a later run finds every ticket', async () => {
    sw = await openServiceWorld();
    const tickets = await times(30, async () => pendingLookup(sw.db, sw.world));
    const { ctx, state } = withPort(sw.ctx, new Set(tickets.map((t) => t.serial)));
    state.down = new ItsmError('TeamDynamix answered 500 to POST /42/assets/search', { status: 500 });

    const during = await lookUpReplacements(ctx, sw.clock.now(), { concurrency: 2 });
    // Three failures in a row mean the ITSM is down: the rest are not even asked.
    expect(during.failed).toBeGreaterThanOrEqual(3);
    expect(during.failed).toBeLessThanOrEqual(4);
    expect(during).toMatchObject({ found: 0, advanced: 0, deferred: 30 - during.looked });
    for (const { ticket } of tickets) expect(await statusOf(sw.db, ticket.id)).toBe('pending_itsm_existence');
    const failed = (await inOrder(tickets, async ({ ticket }) => lookupEvents(sw.db, ticket.id)))
      .flat()
      .filter((e) => !e.ok);
    expect(failed).toHaveLength(during.failed);
    expect(failed[0]?.detail).toMatchObject({ error: expect.stringContaining('answered 500') });

    // The ITSM is back: the next scheduled run (5 minutes on) finds them all.
    state.down = undefined;
    sw.clock.advance(minutes(5));
    expect(await lookUpReplacements(ctx, sw.clock.now())).toMatchObject({
      looked: 30,
      advanced: 30,
      failed: 0,
    });
    for (const { ticket } of tickets) {
      expect(await statusOf(sw.db, ticket.id)).toBe('pending_schedule_slot_discovery');
    }
  });

  it('stops at once when the ITSM rate-limits, leaving the rest for the next run', async () => {
    sw = await openServiceWorld();
    const tickets = await times(10, async () => pendingLookup(sw.db, sw.world));
    const { ctx, state } = withPort(sw.ctx, new Set(tickets.map((t) => t.serial)));
    state.down = new ItsmError('rate limited', { retryAfterMs: 60_000, status: 429 });

    const summary = await lookUpReplacements(ctx, sw.clock.now(), { concurrency: 1 });
    // A rate limit past the adapter's own waits is no failure of the ticket: all ten wait for the next run.
    expect(summary).toMatchObject({ looked: 1, failed: 0, deferred: 10 });
    state.down = undefined;
    sw.clock.advance(minutes(5));
    expect(await lookUpReplacements(ctx, sw.clock.now())).toMatchObject({ looked: 10, advanced: 10 });
  });

  it('leaves a ticket that moved during its lookup (held) as it is', async () => {
    sw = await openServiceWorld();
    const { ticket, serial } = await pendingLookup(sw.db, sw.world);
    const base = sw.ctx.itsm;
    const ctx: ServiceContext = {
      ...sw.ctx,
      itsm: {
        ...base,
        async lookupSystem(s) {
          await holdTicket(sw.ctx, { actor: ADMIN, ticket: ticket.id, seenStatus: 'pending_itsm_existence' });
          return base.lookupSystem(s);
        },
      },
    };
    expect(await lookUpReplacements(ctx, sw.clock.now())).toMatchObject({ looked: 1, found: 1, advanced: 0 });
    expect(await statusOf(sw.db, ticket.id)).toBe('on_hold');
    expect(await lookupEvents(sw.db, ticket.id)).toMatchObject([
      { ok: true, detail: { serial, found: true } },
    ]);
  });

  it('works through thousands of tickets in chunks, a bounded number of calls at a time, yielding to Slack', async () => {
    sw = await openServiceWorld();
    const count = 1200;
    const serials = new Set<string>();
    const ids: number[] = [];
    await sw.db.transaction(async (tx) => {
      for (let i = 0; i < count; i++) {
        const { ticket, serial } = await pendingLookup(tx, sw.world, i % 2 ? 'remote_customer' : 'on_prem');
        ids.push(ticket.id);
        serials.add(serial);
      }
    });
    const { ctx, state } = withPort(sw.ctx, serials);
    // Something else wanting the event loop (a Slack request) gets turns while the queue runs.
    let turns = 0;
    let running = true;
    const other = () => {
      turns += 1;
      if (running) setImmediate(other);
    };
    setImmediate(other);
    const summary = await lookUpReplacements(ctx, sw.clock.now(), { concurrency: 8, chunk: 250 });
    running = false;

    expect(summary).toEqual({
      looked: count,
      found: count,
      advanced: count,
      notFound: 0,
      failed: 0,
      deferred: 0,
    });
    expect(state.maxInFlight).toBe(8);
    expect(turns).toBeGreaterThan(count / 8);
    expect(await statusOf(sw.db, ids[0]!)).toBe('pending_schedule_slot_discovery');
    expect(await statusOf(sw.db, ids[1]!)).toBe('pending_delivery');
  });

  it('takes at most `limit` tickets per run, oldest first', async () => {
    sw = await openServiceWorld();
    const tickets = await times(5, async () => pendingLookup(sw.db, sw.world));
    expect(await lookUpReplacements(sw.ctx, sw.clock.now(), { limit: 2 })).toMatchObject({ looked: 2 });
    expect(
      await inOrder(
        tickets,
        async ({ ticket }) => (await statusOf(sw.db, ticket.id)) === 'pending_itsm_existence',
      ),
    ).toEqual([false, false, true, true, true]);
  });
});
