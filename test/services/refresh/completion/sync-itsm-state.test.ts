import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, itsmTickets, refreshTickets } from '../../../../db/schema/index.js';
import { ItsmError } from '../../../../src/itsm/errors.js';
import { itsmSyncJob } from '../../../../src/jobs/refresh/itsm-sync.js';
import { syncItsmState } from '../../../../src/services/refresh/completion/sync-itsm-state.js';
import { countProblems, problemTickets } from '../../../../src/services/refresh/tickets/list-problems.js';
import { loadTicket } from '../../../../src/services/refresh/tickets/load-ticket.js';
import { makeTicket } from '../../../helpers/factories.js';
import { eventsOf, openServiceWorld, outboxOf, type ServiceWorld } from '../../../helpers/world.js';

let sw: ServiceWorld;
afterEach(() => sw?.close());

/** A ticket out for delivery with its built-in ITSM ticket. */
async function outForDelivery(style: 'remote_customer' | 'no_customer' | 'on_prem') {
  const ticket = await makeTicket(sw.db, sw.world, {
    style,
    status: style === 'remote_customer' ? 'pending_delivery' : 'delivery_scheduled',
    ...(style === 'no_customer' ? { userId: null } : {}),
  });
  const ref = await sw.ctx.itsm.createTicket({
    kind: 'refresh',
    title: `Refresh #${ticket.id}`,
    body: '',
    requestedBy: 'otto',
    refreshTicketId: ticket.id,
  });
  await sw.db.update(refreshTickets).set({ itsmTicketId: ref.id }).where(eq(refreshTickets.id, ticket.id));
  const setItsm = async (status: 'installed' | 'closed') =>
    sw.db
      .update(itsmTickets)
      .set({ status })
      .where(eq(itsmTickets.id, Number(ref.id)));
  return { ticket, itsmTicketId: ref.id, setItsm };
}

const kinds = async (ticketId: number) => (await eventsOf(sw.db, ticketId)).map((e) => [e.kind, e.ok]);
const notices = async (ticketId: number) =>
  (await outboxOf(sw.db, ticketId))
    .filter((r) => r.channel !== 'slack_channel')
    .map((r) => [r.channel, r.notice]);

describe('the ITSM sync (twice a day)', () => {
  it('reads every ticket out for delivery, records installed once, completes closed ones with a notice', async () => {
    sw = await openServiceWorld();
    const open = await outForDelivery('remote_customer');
    const installed = await outForDelivery('on_prem');
    const closed = await outForDelivery('remote_customer');
    await installed.setItsm('installed');
    await closed.setItsm('closed');

    expect(await syncItsmState(sw.ctx, sw.clock.now())).toEqual({
      read: 3,
      installed: 2,
      completed: 1,
      cancelled: 0,
      failed: 0,
      deferred: 0,
    });
    expect((await loadTicket(sw.db, open.ticket.id)).status).toBe('pending_delivery');
    expect((await loadTicket(sw.db, installed.ticket.id)).status).toBe('delivery_scheduled');
    expect((await loadTicket(sw.db, closed.ticket.id)).status).toBe('complete');
    expect(await kinds(open.ticket.id)).toEqual([['itsm_ticket_state_read', true]]);
    expect(await kinds(installed.ticket.id)).toEqual([
      ['itsm_ticket_state_read', true],
      ['refresh_installed', true],
    ]);
    expect(await notices(closed.ticket.id)).toEqual([
      ['slack_dm', 'completed'],
      ['email', 'completed'],
    ]);
    expect((await outboxOf(sw.db, closed.ticket.id)).at(-1)!.payload).toMatchObject({
      template: 'completion',
    });
    expect(sw.ctx.noticesWritten).toHaveBeenCalled();

    // The next run: installed is not recorded again; the complete ticket is no longer read.
    expect(await syncItsmState(sw.ctx, sw.clock.now())).toEqual({
      read: 2,
      installed: 0,
      completed: 0,
      cancelled: 0,
      failed: 0,
      deferred: 0,
    });
    expect((await kinds(installed.ticket.id)).filter(([k]) => k === 'refresh_installed')).toHaveLength(1);
    expect(await notices(closed.ticket.id)).toHaveLength(2);
  });

  it('completes a no-customer ticket without any notice', async () => {
    sw = await openServiceWorld();
    const lab = await outForDelivery('no_customer');
    await lab.setItsm('closed');
    await syncItsmState(sw.ctx, sw.clock.now());
    expect((await loadTicket(sw.db, lab.ticket.id)).status).toBe('complete');
    expect(await notices(lab.ticket.id)).toEqual([]);
  });

  it('records a failed read and leaves the ticket for the next run; held tickets are not read', async () => {
    sw = await openServiceWorld();
    const a = await outForDelivery('remote_customer');
    const held = await outForDelivery('remote_customer');
    await sw.db
      .update(refreshTickets)
      .set({ status: 'on_hold', statusBeforeHold: 'pending_delivery' })
      .where(eq(refreshTickets.id, held.ticket.id));
    await a.setItsm('closed');
    const ctx = {
      ...sw.ctx,
      itsm: { ...sw.ctx.itsm, getTicketState: () => Promise.reject(new ItsmError('ITSM unavailable')) },
    };
    expect(await syncItsmState(ctx, sw.clock.now())).toEqual({
      read: 0,
      installed: 0,
      completed: 0,
      cancelled: 0,
      failed: 1,
      deferred: 0,
    });
    expect(await eventsOf(sw.db, a.ticket.id)).toMatchObject([
      {
        kind: 'itsm_ticket_state_read',
        ok: false,
        detail: { error: 'ITSM unavailable', adapter: 'builtin' },
      },
    ]);
    expect((await loadTicket(sw.db, a.ticket.id)).status).toBe('pending_delivery');
    expect(await syncItsmState(sw.ctx, sw.clock.now())).toMatchObject({ completed: 1 });
    expect(await eventsOf(sw.db, held.ticket.id)).toEqual([]);
  });

  it('raises a ticket whose ITSM ticket was cancelled under Problems, neither completed nor read again', async () => {
    sw = await openServiceWorld();
    const cancelled = await outForDelivery('on_prem');
    const open = await outForDelivery('remote_customer');
    await sw.db.insert(events).values({
      ticketId: cancelled.ticket.id,
      source: 'itsm',
      kind: 'itsm_ticket_created',
      detail: {
        kind: 'refresh',
        itsmTicketId: cancelled.itsmTicketId,
        tasks: [{ id: '77', kind: 'nit_delivery' }],
      },
      at: sw.clock.now(),
    });
    const asked: Array<[string, unknown]> = [];
    const ctx = {
      ...sw.ctx,
      itsm: {
        ...sw.ctx.itsm,
        getTicketState: async (id: string, tasks?: unknown) => {
          asked.push([id, tasks]);
          return id === cancelled.itsmTicketId
            ? { installed: false, closed: false, cancelled: true, status: 'Cancelled' }
            : { installed: false, closed: false };
        },
      },
    };
    expect(await syncItsmState(ctx, sw.clock.now())).toEqual({
      read: 2,
      installed: 0,
      completed: 0,
      cancelled: 1,
      failed: 0,
      deferred: 0,
    });
    // The installed rule may name a task: each read is told the tasks the ticket was opened with.
    expect(asked).toEqual([
      [cancelled.itsmTicketId, [{ id: '77', kind: 'nit_delivery' }]],
      [open.itsmTicketId, []],
    ]);
    expect((await loadTicket(sw.db, cancelled.ticket.id)).status).toBe('delivery_scheduled');
    expect(await eventsOf(sw.db, cancelled.ticket.id)).toMatchObject([
      { kind: 'itsm_ticket_created' },
      {
        kind: 'itsm_ticket_state_read',
        ok: true,
        detail: { installed: false, closed: false, cancelled: true, status: 'Cancelled' },
      },
      {
        kind: 'itsm_ticket_cancelled',
        ok: false,
        detail: { itsmTicketId: cancelled.itsmTicketId, status: 'Cancelled' },
      },
    ]);
    expect(await notices(cancelled.ticket.id)).toEqual([]);

    // Raised under Problems, for the Home and /otto problems alike.
    expect(await countProblems(sw.db)).toMatchObject({ itsm_cancelled: 1 });
    expect((await problemTickets(sw.db, 'itsm_cancelled', 10)).map((t) => t.id)).toEqual([
      cancelled.ticket.id,
    ]);

    // Not read again; the other ticket is.
    asked.length = 0;
    expect(await syncItsmState(ctx, sw.clock.now())).toMatchObject({ read: 1, cancelled: 0 });
    expect(asked.map(([id]) => id)).toEqual([open.itsmTicketId]);

    // Held meanwhile, it leaves Problems.
    await sw.db
      .update(refreshTickets)
      .set({ status: 'on_hold', statusBeforeHold: 'delivery_scheduled' })
      .where(eq(refreshTickets.id, cancelled.ticket.id));
    expect(await countProblems(sw.db)).toMatchObject({ itsm_cancelled: 0 });
  });

  it('runs at 07:00 and 19:00, twelve hours apart', async () => {
    sw = await openServiceWorld();
    expect(itsmSyncJob(sw.ctx)).toMatchObject({ name: 'itsm-sync', schedule: '0 7,19 * * *' });
  });
});
