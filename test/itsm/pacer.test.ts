import { describe, expect, it } from 'vitest';
import { budgetOf, methodKey, resetInstant, TdxPacer } from '../../src/itsm/pacer.js';
import { startTdxStandIn } from '../helpers/tdx-standin.js';
import { virtualClock } from '../helpers/virtual-clock.js';

const minute = 60_000;

describe('the TeamDynamix pacer', () => {
  it('counts a call against its method: verb and route, ids and query left out', () => {
    expect(methodKey('GET', '/42/tickets/1234/tasks?isEligiblePredecessor=false')).toBe(
      'GET /{n}/tickets/{n}/tasks',
    );
    expect(methodKey('POST', '/42/tickets?applyDefaults=true')).toBe('POST /{n}/tickets');
    expect(methodKey('POST', '/42/tickets/search')).toBe('POST /{n}/tickets/search');
    expect(budgetOf('POST', '/42/tickets?applyDefaults=true')).toEqual({ limit: 30, windowMs: minute });
    expect(budgetOf('POST', '/42/tickets/search')).toEqual({ limit: 60, windowMs: minute });
    expect(budgetOf('GET', '/42/tickets/7')).toEqual({ limit: 60, windowMs: minute });
  });

  it('lets a method’s budget through at once, then waits a window and a second for the oldest call', async () => {
    const clock = virtualClock(0);
    const pacer = new TdxPacer(clock);
    const budget = { limit: 3, windowMs: minute };
    for (let i = 0; i < 3; i += 1) expect(await pacer.acquire('GET /t', budget)).toBe(0);
    expect(clock.slept).toEqual([]);
    // Another method's budget is its own.
    expect(pacer.delayFor('GET /other', budget)).toBe(0);
    expect(pacer.delayFor('GET /t', budget)).toBe(61_000);
    expect(await pacer.acquire('GET /t', budget)).toBe(0);
    expect(clock.slept).toEqual([61_000]);
    expect(clock.now()).toBe(61_000);
    expect(pacer.stats).toEqual({ calls: 4, waits: 1, waitedMs: 61_000, rateLimited: 0 });
  });

  it('hands back a wait longer than the caller allows, counting nothing', async () => {
    const clock = virtualClock(0);
    const pacer = new TdxPacer(clock);
    const budget = { limit: 1, windowMs: minute };
    await pacer.acquire('POST /t', budget);
    expect(await pacer.acquire('POST /t', budget, 5000)).toBe(61_000);
    expect(clock.slept).toEqual([]);
    expect(pacer.stats.calls).toBe(1);
  });

  it('holds a method blocked by TeamDynamix until the instant given, even when its own count allows', async () => {
    const clock = virtualClock(0);
    const pacer = new TdxPacer(clock);
    pacer.block('GET /t', 35_000, true);
    expect(pacer.delayFor('GET /t', { limit: 60, windowMs: minute })).toBe(35_000);
    await pacer.acquire('GET /t', { limit: 60, windowMs: minute });
    expect(clock.now()).toBe(35_000);
    expect(pacer.stats.rateLimited).toBe(1);
  });

  it('reads the reset on TeamDynamix’s clock and adds the 5 s it recommends', () => {
    const now = Date.parse('2026-11-16T15:00:00Z');
    const budget = { limit: 60, windowMs: minute };
    // TeamDynamix's clock 10 min ahead of Otto's: the reset is 30 s after its Date, so 35 s from now.
    expect(
      resetInstant('Mon, 16 Nov 2026 15:10:30 GMT', 'Mon, 16 Nov 2026 15:10:00 GMT', now, budget) - now,
    ).toBe(35_000);
    expect(resetInstant('Mon, 16 Nov 2026 15:00:30 GMT', undefined, now, budget) - now).toBe(35_000);
    expect(resetInstant('Mon, 16 Nov 2026 14:59:00 GMT', undefined, now, budget) - now).toBe(5000);
    expect(resetInstant('soon', undefined, now, budget) - now).toBe(65_000);
  });
});

describe('the stand-in’s rate budgets (TDWebApi, "Rate Limiting")', () => {
  it('answers the 31st ticket creation of a period 429 with an RFC 1123 reset; other methods keep their own', async () => {
    const clock = virtualClock('2026-11-16T15:00:00Z');
    const tdx = await startTdxStandIn({ clock: clock.now, rateBudgets: true });
    try {
      const login = await fetch(`${tdx.baseUrl}/api/auth/loginadmin`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ BEID: tdx.beid, WebServicesKey: tdx.webServicesKey }),
      });
      const headers = { Authorization: `Bearer ${await login.text()}`, 'Content-Type': 'application/json' };
      const create = () =>
        fetch(`${tdx.baseUrl}/api/42/tickets`, {
          method: 'POST',
          headers,
          // A ticket the tenant accepts: its type, account, status and priority.
          body: JSON.stringify({ Title: 'x', TypeID: 101, AccountID: 5, StatusID: 301, PriorityID: 20 }),
        });
      const answers = [];
      for (let i = 0; i < 31; i += 1) answers.push(await create());
      expect(answers.slice(0, 30).every((a) => a.status === 201)).toBe(true);
      expect(answers[0]!.headers.get('x-ratelimit-remaining')).toBe('29');
      const over = answers[30]!;
      expect(over.status).toBe(429);
      expect(over.headers.get('x-ratelimit-limit')).toBe('30');
      expect(over.headers.get('x-ratelimit-remaining')).toBe('0');
      expect(over.headers.get('x-ratelimit-reset')).toBe('Mon, 16 Nov 2026 15:01:00 GMT');
      expect(over.headers.get('date')).toBe('Mon, 16 Nov 2026 15:00:00 GMT');
      expect(tdx.rateLimited).toBe(1);
      // A read is another method, with its own 60.
      const read = await fetch(`${tdx.baseUrl}/api/42/tickets/1000`, { headers });
      expect(read.status).toBe(200);
      expect(read.headers.get('x-ratelimit-remaining')).toBe('59');
      // The period resets a minute after its first call.
      clock.advance(minute);
      expect((await create()).status).toBe(201);
    } finally {
      await tdx.close();
    }
  });
});
