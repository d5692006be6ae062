import { asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, itsmTasks, itsmTickets, outbox, refreshTickets } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { enqueueItsmRequest } from '../../src/effects/outbox.js';
import { createBuiltinItsm } from '../../src/itsm/builtin.js';
import { ItsmError } from '../../src/itsm/errors.js';
import type { ItsmPort } from '../../src/itsm/port.js';
import { assignSlot } from '../../src/services/refresh/booking/reschedule.js';
import { onSlotBooked } from '../../src/services/refresh/delivery/on-slot-booked.js';
import { applyTransition } from '../../src/services/refresh/tickets/apply-transition.js';
import { ids } from '../../src/slack/ids.js';
import { itsmTicketValue } from '../../src/slack/values/refresh.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import {
  ADMIN,
  CUSTOMER,
  MANAGER,
  makeSlot,
  makeSystem,
  makeTicket,
  seedWorld,
  type World,
} from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';

const channel = 'C0NORTHNIT';
const where = { surface: 'message' as const, channel };

let app: TestApp;
let world: World;
let itsm: ItsmPort;

beforeEach(async () => {
  // Tuesday 2026-11-17, 10:00 in Detroit.
  app = await startTestApp({ clock: new ManualClock('2026-11-17T15:00:00Z') });
  world = await seedWorld(app.otto.ctx.db);
  itsm = createBuiltinItsm(app.otto.ctx.db, app.clock, 'America/Detroit');
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const refreshRequest = {
  operation: 'create_ticket' as const,
  kind: 'refresh' as const,
  title: 'Refresh SN for Casey',
  body: 'Replacement for the Latitude <on the desk>.',
  requestedBy: ADMIN,
  tasks: [
    { kind: 'depot_build' as const, title: 'Depot build', dueAt: '2026-12-01T13:00:00.000Z' },
    { kind: 'nit_delivery' as const, title: 'NIT delivery and setup', dueAt: '2026-12-02T15:00:00.000Z' },
  ],
};

/** A refresh ticket whose built-in ITSM ticket was created through the outbox and posted to the team. */
async function postedTicket() {
  const ticket = await makeTicket(db(), world, { status: 'delivery_scheduled' });
  await enqueueItsmRequest(db(), refreshRequest, { ticketId: ticket.id }, app.clock.now());
  await app.otto.dispatcher.runOnce();
  const itsmTicket = (
    await db().select().from(itsmTickets).where(eq(itsmTickets.refreshTicketId, ticket.id)).limit(1)
  )[0]!;
  return { ticket, itsmTicket };
}

const lastMessage = () =>
  app.standIn
    .messages(channel)
    .filter((m) => !m.ephemeralFor)
    .at(-1)!;
const ephemeralTo = (user: string) => app.standIn.messages(channel).filter((m) => m.ephemeralFor === user);
const buttonsOf = (blocks: unknown) =>
  JSON.stringify(blocks)
    .match(/"type":"button"[^}]*"text":\{[^}]*"text":"([^"]+)"/g)
    ?.map((m) => m.replace(/.*"text":"([^"]+)"$/, '$1')) ?? [];
const itsmEvents = async (ticketId: number) =>
  db().select().from(events).where(eq(events.ticketId, ticketId)).orderBy(asc(events.id));

describe('built-in ITSM adapter', () => {
  it('looks systems up in the inventory', async () => {
    const system = await makeSystem(db(), world, { name: 'LSA-1234' });
    expect(await itsm.lookupSystem(system.serial)).toEqual({
      found: true,
      assetId: String(system.id),
      name: 'LSA-1234',
    });
    expect(await itsm.lookupSystem('NOPE')).toEqual({ found: false, reason: 'not in the inventory' });
  });

  it('does not find a replacement that was only pasted until it is confirmed', async () => {
    const pasted = await makeSystem(db(), world, { status: 'replacement', unconfirmed: true });
    expect(await itsm.lookupSystem(pasted.serial)).toEqual({
      found: false,
      reason: 'not in the inventory yet: import it, or confirm the serial if it is right',
    });
  });

  it('keeps tickets and tasks, reschedules, notes, closes tasks and reports the state', async () => {
    const created = await itsm.createTicket({ ...refreshRequest, refreshTicketId: null });
    expect(created.tasks.map((t) => t.kind)).toEqual(['depot_build', 'nit_delivery']);
    const [build, delivery] = created.tasks;

    (app.clock as ManualClock).set('2026-11-20T12:00:00Z');
    await itsm.updateTicket(created.id, {
      note: 'Customer moved the appointment.',
      tasks: [{ id: delivery!.id, dueAt: new Date('2026-12-09T15:00:00Z') }],
    });
    await itsm.closeTask(created.id, build!.id);
    await itsm.closeTask(created.id, build!.id);
    const tasks = await db().select().from(itsmTasks).orderBy(asc(itsmTasks.id));
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'depot_build', status: 'done', completedBy: 'otto' }),
      expect.objectContaining({
        kind: 'nit_delivery',
        status: 'open',
        dueAt: new Date('2026-12-09T15:00:00Z'),
      }),
    ]);
    expect((await db().select().from(itsmTickets).limit(1))[0]?.body).toContain(
      'Note, Fri 20 Nov, 07:00: Customer moved the appointment.',
    );
    expect(await itsm.getTicketState(created.id)).toEqual({ installed: false, closed: false });
    // Nothing is posted for a ticket that belongs to no refresh ticket.
    expect(await db().select().from(outbox)).toEqual([]);
  });

  it('refuses ids it does not know, so the outbox does not retry them forever', async () => {
    const created = await itsm.createTicket({ ...refreshRequest, refreshTicketId: null });
    for (const call of [
      () => itsm.getTicketState('999'),
      () => itsm.getTicketState('TDX-1'),
      () => itsm.closeTask(created.id, '999'),
      () => itsm.updateTicket(created.id, { tasks: [{ id: '999' }] }),
    ]) {
      await expect(call()).rejects.toSatisfy((e) => e instanceof ItsmError && e.permanent);
    }
  });
});

describe('built-in ITSM ticket in the support team channel', () => {
  it('posts the ticket with its tasks to the team channel and links the refresh ticket', async () => {
    const { ticket, itsmTicket } = await postedTicket();
    expect(
      (await db().select().from(refreshTickets).where(eq(refreshTickets.id, ticket.id)).limit(1))[0]
        ?.itsmTicketId,
    ).toBe(String(itsmTicket.id));
    const message = lastMessage();
    expect(message.text).toBe(
      `ITSM ticket #${itsmTicket.id} for refresh #${ticket.id}: Refresh SN for Casey`,
    );
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('Depot build');
    expect(shown).toContain('NIT delivery and setup');
    expect(shown).toContain('&lt;on the desk&gt;');
    expect(buttonsOf(message.blocks)).toEqual(['Mark done', 'Mark done', 'Installed', 'Close ticket']);
    expect(
      (await db().select().from(outbox).where(eq(outbox.channel, 'slack_channel')).limit(1))[0],
    ).toMatchObject({
      notice: 'itsm_ticket_posted',
      recipient: channel,
      ticketId: ticket.id,
      status: 'sent',
    });
  });

  it('lets a manager mark tasks done, installed and closed, updating the message and the state', async () => {
    const { ticket, itsmTicket } = await postedTicket();
    const id = String(itsmTicket.id);
    const posted = lastMessage();

    await app.driver.clickButton(MANAGER, 'Mark done', where);
    await waitFor(() => buttonsOf(lastMessage().blocks).length === 3);
    expect(lastMessage().ts).toBe(posted.ts);
    expect(buttonsOf(lastMessage().blocks)).toEqual(['Mark done', 'Installed', 'Close ticket']);
    expect(JSON.stringify(lastMessage().blocks)).toContain(`done`);
    const tasks = await db().select().from(itsmTasks).orderBy(asc(itsmTasks.id));
    expect(tasks.map((t) => [t.status, t.completedBy])).toEqual([
      ['done', MANAGER],
      ['open', null],
    ]);

    await app.driver.clickButton(ADMIN, 'Installed', where);
    await waitFor(() => buttonsOf(lastMessage().blocks).length === 2);
    expect(await itsm.getTicketState(id)).toEqual({ installed: true, closed: false });
    expect(buttonsOf(lastMessage().blocks)).toEqual(['Mark done', 'Close ticket']);

    await app.driver.clickButton(MANAGER, 'Close ticket', where);
    await waitFor(() => buttonsOf(lastMessage().blocks).length === 0);
    expect(await itsm.getTicketState(id)).toEqual({ installed: true, closed: true });
    expect(buttonsOf(lastMessage().blocks)).toEqual([]);
    expect(JSON.stringify(lastMessage().blocks)).toContain('Closed');

    expect((await itsmEvents(ticket.id)).map((e) => [e.source, e.kind, e.detail])).toEqual([
      ['itsm', 'itsm_ticket_created', expect.objectContaining({ itsmTicketId: id, adapter: 'builtin' })],
      [
        'itsm',
        'itsm_task_done',
        {
          itsmTicketId: id,
          adapter: 'builtin',
          by: MANAGER,
          taskId: String(tasks[0]!.id),
          taskKind: 'depot_build',
        },
      ],
      ['itsm', 'itsm_ticket_installed', { itsmTicketId: id, adapter: 'builtin', by: ADMIN }],
      ['itsm', 'itsm_ticket_closed', { itsmTicketId: id, adapter: 'builtin', by: MANAGER }],
    ]);
    expect(ephemeralTo(MANAGER)).toEqual([]);
  });

  it('answers anyone but managers and admins that they may not, and changes nothing', async () => {
    const { ticket, itsmTicket } = await postedTicket();
    const before = JSON.stringify(lastMessage().blocks);
    for (const [n, label] of ['Mark done', 'Installed', 'Close ticket'].entries()) {
      await app.driver.clickButton(CUSTOMER, label, where);
      await waitFor(() => ephemeralTo(CUSTOMER).length === n + 1);
    }
    expect(ephemeralTo(CUSTOMER).map((m) => m.text)).toEqual(
      Array(3).fill('Only refresh managers and admins can work ITSM tickets.'),
    );
    expect(JSON.stringify(lastMessage().blocks)).toBe(before);
    expect(
      (await db().select().from(itsmTickets).where(eq(itsmTickets.id, itsmTicket.id)).limit(1))[0]?.status,
    ).toBe('open');
    expect((await db().select().from(itsmTasks)).every((t) => t.status === 'open')).toBe(true);
    expect((await itsmEvents(ticket.id)).map((e) => e.kind)).toEqual(['itsm_ticket_created']);
  });

  it('answers a stale click (a second click on a copy of the message) without changing anything', async () => {
    const { ticket, itsmTicket } = await postedTicket();
    // Another copy of the same message, as a second client that has not refreshed would show it.
    const stale = lastMessage();
    const copy = await app.otto.slack.app.client.chat.postMessage({
      channel,
      text: stale.text,
      blocks: stale.blocks as never,
    });
    const staleWhere = { surface: 'message' as const, channel, ts: copy.ts! };

    await app.driver.clickButton(MANAGER, 'Mark done', { ...where, ts: stale.ts });
    await waitFor(() => app.standIn.message(channel, stale.ts)?.edited);
    await app.driver.clickButton(MANAGER, 'Mark done', staleWhere);
    await waitFor(() => ephemeralTo(MANAGER).length === 1);
    await app.driver.clickButton(MANAGER, 'Close ticket', { ...where, ts: stale.ts });
    await waitFor(async () => (await db().select().from(itsmTickets).limit(1))[0]?.status === 'closed');
    await app.driver.clickButton(ADMIN, 'Installed', staleWhere);
    await waitFor(() => ephemeralTo(ADMIN).length === 1);

    expect(ephemeralTo(MANAGER).map((m) => m.text)).toEqual(['That task is done already.']);
    expect(ephemeralTo(ADMIN).map((m) => m.text)).toEqual([
      `ITSM ticket #${itsmTicket.id} is closed already.`,
    ]);
    expect((await db().select().from(itsmTickets).limit(1))[0]?.status).toBe('closed');
    expect((await itsmEvents(ticket.id)).map((e) => e.kind)).toEqual([
      'itsm_ticket_created',
      'itsm_task_done',
      'itsm_ticket_closed',
    ]);
  });

  it('refuses forged or malformed buttons and changes nothing', async () => {
    const { ticket, itsmTicket } = await postedTicket();
    const forged: Array<[string, string, string]> = [
      [ids.itsmTaskDone, 'not json', 'That button is out of date, so nothing was changed.'],
      [
        ids.itsmTaskDone,
        itsmTicketValue.encode({ itsmTicketId: itsmTicket.id }),
        'That button is out of date, so nothing was changed.',
      ],
      [
        ids.itsmTaskDone,
        itsmTicketValue.encode({ itsmTicketId: itsmTicket.id, taskId: 999 }),
        `ITSM ticket #${itsmTicket.id} has no such task.`,
      ],
      [
        ids.itsmTicketClosed,
        itsmTicketValue.encode({ itsmTicketId: 999 }),
        'ITSM ticket #999 does not exist.',
      ],
    ];
    for (const [n, [actionId, value, answer]] of forged.entries()) {
      const posted = await app.otto.slack.app.client.chat.postMessage({
        channel,
        text: 'An old ITSM message',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: actionId, text: { type: 'plain_text', text: 'Forged' }, value },
            ],
          },
        ],
      });
      await app.driver.clickButton(MANAGER, 'Forged', { ...where, ts: posted.ts! });
      await waitFor(() => ephemeralTo(MANAGER).length === n + 1);
      expect(ephemeralTo(MANAGER).at(-1)?.text).toBe(answer);
    }
    expect((await db().select().from(itsmTickets).limit(1))[0]?.status).toBe('open');
    expect((await db().select().from(itsmTasks)).every((t) => t.status === 'open')).toBe(true);
    expect((await itsmEvents(ticket.id)).map((e) => e.kind)).toEqual(['itsm_ticket_created']);
  });
});

describe('the channel message keeps up with the ITSM ticket', () => {
  const channelMessages = () => app.standIn.messages(channel).filter((m) => !m.ephemeralFor);
  const itsmMessages = () => channelMessages().filter((m) => m.text.startsWith('ITSM ticket'));
  const itsmMessage = () => itsmMessages()[0]!;
  const shown = () => JSON.stringify(itsmMessage().blocks);

  /** A Windows on-prem ticket booked for `startsAt` the way a customer books it. */
  async function bookedDelivery(startsAt: string) {
    const ticket = await makeTicket(db(), world, { status: 'pending_customer_scheduling' });
    const slot = await makeSlot(db(), world, startsAt, 2);
    await db().transaction(async (tx) => {
      const booked = await applyTransition(
        tx,
        ticket,
        { type: 'slot_booked' },
        { actor: CUSTOMER, now: app.clock.now(), set: { scheduleSlotId: slot.id } },
      );
      await onSlotBooked(tx, app.otto.ctx, booked.ticket, slot, app.clock.now());
    });
    await app.otto.dispatcher.runOnce();
    return ticket;
  }

  it('shows the prestage task Otto closed as done, without its button', async () => {
    await bookedDelivery('2026-12-08T14:00:00Z');
    expect(itsmMessages()).toHaveLength(1);
    const card = shown();
    expect(card).toContain('~Prestage the Windows replacement~ · done');
    expect(card).toContain('by Otto');
    expect(card).not.toContain('*Prestage the Windows replacement*');
    // Build and delivery are left to the team; prestage has no Mark done any more.
    expect(buttonsOf(itsmMessage().blocks)).toEqual(['Mark done', 'Mark done', 'Installed', 'Close ticket']);
    expect(itsmMessage().edited).toBeTruthy();
  });

  it('shows the new day1 and due dates after staff move the appointment, in the same message', async () => {
    const ticket = await bookedDelivery('2026-12-08T14:00:00Z');
    const posted = itsmMessage();
    expect(shown()).toContain('Day1: *<!date^1796738400^{date_short_pretty} at {time}|Tue 8 Dec, 09:00>*');
    const later = await makeSlot(db(), world, '2026-12-10T19:30:00Z', 2);
    const moved = await assignSlot(app.otto.ctx, { actor: MANAGER, ticket: ticket.id, slotId: later.id });
    expect(moved.assigned).toBe(true);
    await app.otto.dispatcher.runOnce();

    expect(itsmMessages()).toHaveLength(1);
    expect(itsmMessage().ts).toBe(posted.ts);
    const card = shown();
    expect(card).toContain('Day1: *<!date^1796931000^{date_short_pretty} at {time}|Thu 10 Dec, 14:30>*');
    // The depot build is due the business day before, at day1's time; the delivery at day1.
    expect(card).toContain('*Build the replacement at the depot* · due <!date^1796844600^');
    expect(card).toContain('|Wed 9 Dec, 14:30>');
    expect(card).toContain('*Deliver and set up at day1* · due <!date^1796931000^');
    expect(card).not.toContain('Tue 8 Dec');
    expect(card).not.toContain('Mon 7 Dec');
    expect(card).toContain('Day1 moved to Thu 10 Dec, 14:30.');
  });

  it('offers no Installed button on a location check, only closing it', async () => {
    const ticket = await makeTicket(db(), world, { status: 'requires_approval' });
    await enqueueItsmRequest(
      db(),
      {
        operation: 'create_ticket',
        kind: 'confirm_location',
        title: 'Confirm the location of SN1',
        body: 'The customer says system SN1 is in Mason Hall, room 1401.',
        requestedBy: CUSTOMER,
      },
      { ticketId: ticket.id },
      app.clock.now(),
    );
    await app.otto.dispatcher.runOnce();
    expect(itsmMessage().text).toContain('Confirm the location of SN1');
    expect(buttonsOf(itsmMessage().blocks)).toEqual(['Close ticket']);
    expect(shown()).not.toContain('Day1');
  });
});
