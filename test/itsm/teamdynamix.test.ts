import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ItsmError, itsmDeliveryFailure } from '../../src/itsm/errors.js';
import { TdxPacer } from '../../src/itsm/pacer.js';
import type { ItsmPort } from '../../src/itsm/port.js';
import {
  createTeamDynamixItsm,
  rateLimitWaitMs,
  type TeamDynamixOptions,
} from '../../src/itsm/teamdynamix.js';
import { startTdxStandIn, type TdxStandIn } from '../helpers/tdx-standin.js';
import { type VirtualClock, virtualClock } from '../helpers/virtual-clock.js';

let tdx: TdxStandIn;
let clock: VirtualClock;
let slept: number[];

/** The adapter on a pacer of its own, on the stand-in's simulated clock: waits take no time. */
function adapter(options: Partial<TeamDynamixOptions> = {}): ItsmPort {
  return createTeamDynamixItsm({
    ...tdx.connection(),
    pacer: new TdxPacer(clock),
    ...options,
  });
}

const request = {
  kind: 'refresh' as const,
  title: 'Refresh SN1 for Casey',
  body: 'Replacement SN2 (Latitude 7450) for SN1.',
  requestedBy: 'U0ADMIN01',
  refreshTicketId: 7,
  tasks: [
    { kind: 'depot_build' as const, title: 'Depot build', dueAt: '2026-12-01T13:00:00.000Z' },
    { kind: 'nit_delivery' as const, title: 'NIT delivery and setup', dueAt: '2026-12-02T15:00:00.000Z' },
  ],
};

async function rejection(promise: Promise<unknown>): Promise<ItsmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ItsmError);
  return error as ItsmError;
}

beforeEach(async () => {
  // On a whole second, as X-RateLimit-Reset and Date are written.
  clock = virtualClock('2026-11-16T15:00:00Z');
  slept = clock.slept;
  tdx = await startTdxStandIn({ clock: clock.now });
});
afterEach(() => tdx.close());

describe('TeamDynamix adapter', () => {
  it('links a ticket to its page in TeamDynamix, beside the Web API root', () => {
    const tdxAt = (baseUrl: string) => adapter({ baseUrl, appId: 42 });
    expect(tdxAt('https://uni.teamdynamix.com/TDWebApi/').ticketUrl?.('1234')).toBe(
      'https://uni.teamdynamix.com/TDNext/Apps/42/Tickets/TicketDet?TicketID=1234',
    );
    expect(tdxAt('https://help.example.edu/SBTDWebApi').ticketUrl?.('7')).toBe(
      'https://help.example.edu/SBTDNext/Apps/42/Tickets/TicketDet?TicketID=7',
    );
  });

  it('logs in once, creates a ticket with its tasks, and reads it back', async () => {
    const itsm = adapter();
    const created = await itsm.createTicket(request);
    expect(created.tasks.map((t) => t.kind)).toEqual(['depot_build', 'nit_delivery']);

    const ticket = tdx.tickets.get(Number(created.id))!;
    expect(ticket).toMatchObject({ Title: request.title });
    expect(ticket.Description).toContain('refresh ticket #7');
    expect(ticket.Tasks).toEqual([
      expect.objectContaining({
        ID: Number(created.tasks[0]!.id),
        Title: 'Depot build',
        EndDate: request.tasks[0]!.dueAt,
      }),
      expect.objectContaining({ ID: Number(created.tasks[1]!.id), Title: 'NIT delivery and setup' }),
    ]);

    expect(await itsm.getTicketState(created.id, created.tasks)).toEqual({
      installed: false,
      closed: false,
      status: 'New',
    });
    for (const task of created.tasks) await itsm.closeTask(created.id, task.id);
    expect(ticket.Tasks.every((t) => t.PercentComplete === 100 && t.CompletedDate)).toBe(true);
    expect(await itsm.getTicketState(created.id, created.tasks)).toEqual({
      installed: true,
      closed: false,
      status: 'New',
    });
    tdx.setStatus(ticket.ID, 3);
    expect(await itsm.getTicketState(created.id, created.tasks)).toEqual({
      installed: true,
      closed: true,
      status: 'Closed',
    });

    // One token for every call, sent as a Bearer token.
    expect(tdx.callsTo('POST', /auth\/loginadmin$/)).toHaveLength(1);
    const token = tdx.calls.find((c) => c.path.endsWith('/loginadmin'))!;
    expect(token.body).toEqual({ BEID: tdx.beid, WebServicesKey: tdx.webServicesKey });
    expect(
      tdx.calls
        .filter((c) => !c.path.endsWith('/loginadmin'))
        .every((c) => c.authorization?.startsWith('Bearer eyJ')),
    ).toBe(true);
  });

  it('reschedules tasks and writes notes to the ticket feed', async () => {
    const itsm = adapter();
    const created = await itsm.createTicket(request);
    const dueAt = new Date('2026-12-09T14:00:00Z');
    await itsm.updateTicket(created.id, {
      note: 'Customer rescheduled.',
      tasks: [{ id: created.tasks[1]!.id, dueAt }],
    });
    const ticket = tdx.tickets.get(Number(created.id))!;
    expect(ticket.Tasks[1]).toMatchObject({ EndDate: dueAt.toISOString(), Title: 'NIT delivery and setup' });
    expect(ticket.Tasks[0]).toMatchObject({ EndDate: request.tasks[0]!.dueAt });
    expect(ticket.Feed).toEqual([
      expect.objectContaining({ Body: 'Customer rescheduled.', IsPrivate: true }),
    ]);
    expect(tdx.callsTo('POST', /\/feed$/)[0]!.body).toEqual({
      Comments: 'Customer rescheduled.',
      IsPrivate: true,
      Notify: [],
    });
  });

  it('looks a system up by serial, counting only the same serial', async () => {
    tdx.addAsset({ ID: 501, SerialNumber: 'ABC123', Name: 'LSA-ABC123' });
    tdx.addAsset({ ID: 502, SerialNumber: 'ABC1234', Name: 'LSA-ABC1234' });
    const itsm = adapter();
    expect(await itsm.lookupSystem('abc123')).toEqual({ found: true, assetId: '501', name: 'LSA-ABC123' });
    expect(await itsm.lookupSystem('ABC12')).toEqual({ found: false });
    expect(tdx.callsTo('POST', /assets\/search$/)[0]).toMatchObject({
      pathname: '/TDWebApi/api/43/assets/search',
      body: { SerialLike: 'abc123', MaxResults: 50 },
    });
  });

  it('logs in again when the token has expired (401), and carries on', async () => {
    const pacer = new TdxPacer(clock);
    const itsm = adapter({ pacer });
    const created = await itsm.createTicket({ ...request, tasks: [] });
    tdx.expireTokens();
    expect(await itsm.getTicketState(created.id)).toEqual({ installed: false, closed: false, status: 'New' });
    expect(tdx.calls.map((c) => `${c.status} ${c.method} ${c.path.replace(/\?.*/, '')}`)).toEqual([
      '200 POST /TDWebApi/api/auth/loginadmin',
      `201 POST /TDWebApi/api/42/tickets`,
      `401 GET /TDWebApi/api/42/tickets/${created.id}`,
      '200 POST /TDWebApi/api/auth/loginadmin',
      `200 GET /TDWebApi/api/42/tickets/${created.id}`,
      `200 GET /TDWebApi/api/42/tickets/${created.id}/tasks`,
    ]);
    // Every call TeamDynamix saw (logins aside) was counted against its method's budget.
    expect(pacer.stats.calls).toBe(4);
  });

  it('gives up after one renewal when the new token is refused too', async () => {
    const itsm = adapter({ webServicesKey: 'wrong-key' });
    const error = await rejection(itsm.lookupSystem('SN1'));
    expect(error.message).toBe(
      'TeamDynamix answered 401 to POST /auth/loginadmin: {"Message":"Invalid credentials."}',
    );
    // Lost rights are fixed by people, not by dropping the work: the outbox keeps retrying.
    expect(itsmDeliveryFailure(error)).toMatchObject({ kind: 'transient' });
  });

  it('turns a 429 on a write into a retry 5 s past X-RateLimit-Reset, for the outbox to wait', async () => {
    const itsm = adapter();
    tdx.failNext({ status: 429, resetInMs: 40_000 });
    const error = await rejection(itsm.createTicket(request));
    expect(error.status).toBe(429);
    // TeamDynamix's rate-limiting guide: wait until the reset, and at least 5 s more for clock skew.
    expect(error.retryAfterMs).toBe(45_000);
    expect(error.message).toBe(
      'TeamDynamix answered 429 to POST /42/tickets?EnableNotifyReviewer=false&NotifyRequestor=false&NotifyResponsible=false&AllowRequestorCreation=false (rate limited; retry in 45 s)',
    );
    expect(itsmDeliveryFailure(error)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 45_000 });
    // A write does not hold the outbox up: it hands the wait back instead of sleeping.
    expect(slept).toEqual([]);
    expect(tdx.tickets.size).toBe(0);
  });

  it('waits out a 429 on a read and carries on; a caller who cannot wait gets the wait back', async () => {
    tdx.addAsset({ ID: 501, SerialNumber: 'SN1', Name: 'LSA-SN1' });
    const itsm = adapter();
    tdx.failNext({ status: 429, resetInMs: 2000 });
    expect(await itsm.lookupSystem('SN1')).toMatchObject({ found: true, assetId: '501' });
    expect(slept).toEqual([7000]);
    expect(tdx.callsTo('POST', /assets\/search$/).map((c) => c.status)).toEqual([429, 200]);

    tdx.failNext({ status: 429, resetInMs: 60_000 });
    const error = await rejection(itsm.lookupSystem('SN1', { maxWaitMs: 5000 }));
    expect(error.retryAfterMs).toBe(65_000);
    expect(error.message).toBe(
      'TeamDynamix answered 429 to POST /43/assets/search (rate limited; retry in 65 s)',
    );
    expect(slept).toEqual([7000]);
  });

  it('gives a read up after five 429s in a row, with the wait as the time to come back', async () => {
    const itsm = adapter();
    for (let i = 0; i < 5; i += 1) tdx.failNext({ status: 429, resetInMs: 10_000 });
    const error = await rejection(itsm.getTicketState('1'));
    expect(error.retryAfterMs).toBe(15_000);
    expect(tdx.callsTo('GET', /tickets\/1$/).map((c) => c.status)).toEqual([429, 429, 429, 429, 429]);
    expect(slept).toEqual([15_000, 15_000, 15_000, 15_000]);
  });

  it('reports a 500 as a passing outage and a 404 as a refusal', async () => {
    const itsm = adapter();
    tdx.failNext({ status: 500 });
    const outage = await rejection(itsm.createTicket(request));
    expect(outage.message).toBe(
      'TeamDynamix answered 500 to POST /42/tickets?EnableNotifyReviewer=false&NotifyRequestor=false&NotifyResponsible=false&AllowRequestorCreation=false: {"Message":"An error has occurred."}',
    );
    expect(itsmDeliveryFailure(outage)).toMatchObject({ kind: 'transient' });
    expect(tdx.tickets.size).toBe(0);

    const missing = await rejection(itsm.getTicketState('999999'));
    expect(missing.status).toBe(404);
    expect(itsmDeliveryFailure(missing)).toMatchObject({ kind: 'permanent' });
  });

  it('aborts a call that takes longer than the timeout', async () => {
    const itsm = adapter({ timeoutMs: 150 });
    await itsm.lookupSystem('warm-up');
    tdx.failNext({ delayMs: 2000 });
    const started = Date.now();
    const error = await rejection(itsm.getTicketState('1'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.message).toBe('TeamDynamix did not answer GET /42/tickets/1 within 150 ms');
    expect(itsmDeliveryFailure(error)).toMatchObject({ kind: 'transient' });
  });

  it('refuses an answer that is not in the documented shape', async () => {
    const itsm = adapter();
    tdx.failNext({ status: 200, body: { Title: 'no id' } });
    const error = await rejection(itsm.createTicket(request));
    expect(error.message).toMatch(/unexpected shape \(ID: /);
    expect(error.permanent).toBe(true);
  });

  it('reports an unreachable TeamDynamix as a passing outage', async () => {
    const itsm = adapter({ baseUrl: 'http://127.0.0.1:9/TDWebApi' });
    const error = await rejection(itsm.lookupSystem('SN1'));
    expect(error.message).toMatch(/^TeamDynamix could not be reached for POST \/auth\/loginadmin/);
    expect(itsmDeliveryFailure(error)).toMatchObject({ kind: 'transient' });
  });
});

describe('rateLimitWaitMs', () => {
  it('reads the RFC 1123 reset time and adds the 5 s TeamDynamix recommends; a minute more when unreadable', () => {
    const now = Date.parse('2026-11-16T15:00:00Z');
    expect(rateLimitWaitMs('Mon, 16 Nov 2026 15:00:30 GMT', now)).toBe(35_000);
    expect(rateLimitWaitMs('Mon, 16 Nov 2026 14:59:00 GMT', now)).toBe(5000);
    expect(rateLimitWaitMs(null, now)).toBe(65_000);
    expect(rateLimitWaitMs('soon', now)).toBe(65_000);
  });
});
