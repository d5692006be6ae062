import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, refreshTickets, scheduleSlots } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { bookSlot } from '../../../src/services/refresh/booking/book-slot.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  ADMIN,
  CUSTOMER,
  MANAGER,
  makeSlot as makeSlotFor,
  makeSystem,
  makeTicket,
  STRANGER,
  seedWorld,
  type World,
} from '../../helpers/factories.js';
import { inOrder } from '../../helpers/in-order.js';
import { waitFor } from '../../helpers/slack.js';

let app: TestApp;
let world: World;
let clock: ManualClock;
beforeEach(async () => {
  // Tue 17 Nov, 07:00 in Detroit.
  clock = new ManualClock('2026-11-17T12:00:00Z');
  app = await startTestApp({ clock });
  world = await seedWorld(app.otto.ctx.db);
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const ticketRow = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const slotRow = async (id: number) =>
  (await db().select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0]!;
const modalText = (user: string) => JSON.stringify(app.standIn.topModal(user)?.blocks ?? []);
const dm = (user: string) => ({ surface: 'message' as const, channel: app.standIn.dmChannelId(user) });
const dmTexts = (user: string) =>
  app.standIn.messages(app.standIn.dmChannelId(user)).map((m) => m.text ?? '');

const makeSlot = async (startsAt: string, capacity = 1) => makeSlotFor(db(), world, startsAt, capacity);

/** ITSM requests written for a ticket, oldest first. */
const itsmRequests = async (ticketId: number) =>
  (
    await db()
      .select({ payload: outbox.payload })
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticketId), eq(outbox.channel, 'itsm')))
      .orderBy(asc(outbox.id))
  ).map(
    (row) =>
      row.payload as { operation: string; note?: string; tasks?: Array<{ kind: string; dueAt: string }> },
  );

/** The support team's channel posts about delivery bookings, oldest first, as they read now. */
const teamPosts = () =>
  app.standIn
    .messages('C0NORTHNIT')
    .map((m) => JSON.stringify(m.blocks ?? []))
    .filter((blocks) => blocks.includes(':calendar:'));

const emails = () =>
  readdirSync(join(app.dir, 'mail')).map((file) => readFileSync(join(app.dir, 'mail', file), 'utf8'));

/** A customer's on-prem ticket booked on the slot (the booking flow itself is tested in booking.test.ts). */
async function bookedTicket(slotId: number) {
  const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
  const ticket = await makeTicket(db(), world, {
    status: 'pending_customer_scheduling',
    replacementSystemId: replacement.id,
  });
  expect((await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId })).booked).toBe(true);
  await app.otto.dispatcher.runOnce();
  return ticket;
}

describe('rescheduling', () => {
  it('lets the customer change their own time: the old seat is freed, the ITSM tasks re-dated, a new invitation sent', async () => {
    const first = await makeSlot('2026-11-23T15:00:00Z');
    const second = await makeSlot('2026-11-24T16:00:00Z');
    const ticket = await bookedTicket(first.id);
    expect((await slotRow(first.id)).booked).toBe(1);

    await app.driver.clickButton(CUSTOMER, 'Change time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    expect(modalText(CUSTOMER)).toContain('You are booked for *Mon 23 Nov, 10:00*');
    // The current time is not offered again.
    expect(modalText(CUSTOMER)).not.toContain('Mon, Nov 23');
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Tue 24 Nov · 11:00 – 12:00' });
    expect(modalText(CUSTOMER)).toContain('Moved to: Tue 24 Nov, 11:00');

    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'delivery_scheduled',
      scheduleSlotId: second.id,
    });
    expect((await slotRow(first.id)).booked).toBe(0);
    expect((await slotRow(second.id)).booked).toBe(1);
    const update = (await itsmRequests(ticket.id)).find((r) => r.operation === 'update_ticket');
    expect(update?.note).toBe('Day1 moved to Tue 24 Nov, 11:00.');
    // The depot build is due the business day before day1 at the same time; delivery at day1.
    expect(update?.tasks).toEqual([
      { kind: 'depot_build', dueAt: '2026-11-23T16:00:00.000Z' },
      { kind: 'nit_delivery', dueAt: '2026-11-24T16:00:00.000Z' },
    ]);

    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).at(-1)).toContain(`Refresh #${ticket.id} is now Tue 24 Nov, 11:00`);
    const moved = emails().find((eml) => eml.includes(`Subject: Refresh #${ticket.id} is now`));
    expect(moved).toContain('Content-Type: text/calendar; charset=utf-8; method=REQUEST');
    expect(moved).toContain('Your delivery time has changed');
    expect(moved).toContain('Mon 23 Nov, 10:00');
    // The channel's first post no longer shows the old time as booked; a newer one has the new time.
    const posts = teamPosts();
    expect(posts).toHaveLength(2);
    expect(posts[0]).toContain(`~Refresh #${ticket.id} booked: day1 Mon 23 Nov, 10:00~`);
    expect(posts[0]).toContain('*Moved to Tue 24 Nov, 11:00*: the newer post has it.');
    expect(posts[1]).toContain(`*Refresh #${ticket.id} rescheduled: day1 Tue 24 Nov, 11:00*`);
  });

  it('lets a manager ask the customer to pick again: seat freed, ITSM told, invitation sent; the new pick re-dates the tasks', async () => {
    const first = await makeSlot('2026-11-23T15:00:00Z');
    await makeSlot('2026-11-25T15:00:00Z');
    const ticket = await bookedTicket(first.id);

    await app.driver.slashCommand(MANAGER, `reschedule ${ticket.id}`);
    await waitFor(() => app.standIn.topModal(MANAGER));
    expect(modalText(MANAGER)).toContain('Booked for *Mon 23 Nov, 10:00*');
    await app.driver.submitModal(MANAGER, { 'What to do': 'Ask the customer to pick again' });

    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_customer_scheduling',
      scheduleSlotId: null,
    });
    expect((await slotRow(first.id)).booked).toBe(0);
    expect((await itsmRequests(ticket.id)).at(-1)?.note).toContain(
      'the customer is asked to pick a new time',
    );
    await app.otto.dispatcher.runOnce();
    await waitFor(() => dmTexts(MANAGER).some((t) => t.includes('the customer is asked to pick a new time')));
    expect(dmTexts(CUSTOMER).at(-1)).toContain(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off; pick another time`,
    );
    expect(teamPosts()).toEqual([expect.stringContaining('*Off*: the support team asked for another time.')]);
    expect(teamPosts()[0]).toContain(`~Refresh #${ticket.id} booked: day1 Mon 23 Nov, 10:00~`);

    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Wed 25 Nov · 10:00 – 11:00' });
    expect((await ticketRow(ticket.id)).status).toBe('delivery_scheduled');
    expect((await itsmRequests(ticket.id)).at(-1)).toMatchObject({
      operation: 'update_ticket',
      note: 'Day1 moved to Wed 25 Nov, 10:00.',
      tasks: [
        { kind: 'depot_build', dueAt: '2026-11-24T15:00:00.000Z' },
        { kind: 'nit_delivery', dueAt: '2026-11-25T15:00:00.000Z' },
      ],
    });
  });

  it('lets a manager assign a time from the ticket card; a taken time is answered on the field', async () => {
    const first = await makeSlot('2026-11-23T15:00:00Z');
    const full = await makeSlot('2026-11-24T15:00:00Z');
    const target = await makeSlot('2026-11-24T17:00:00Z');
    const ticket = await bookedTicket(first.id);

    await app.driver.slashCommand(MANAGER, `ticket ${ticket.id}`);
    await waitFor(() =>
      app.standIn.messages(app.standIn.dmChannelId(MANAGER)).some((m) => m.ephemeralFor === MANAGER),
    );
    await app.driver.clickButton(MANAGER, 'Reschedule', dm(MANAGER));
    const form = await waitFor(() => app.standIn.topModal(MANAGER));
    // Asking the customer needs no time, so the form asks for one only once "Assign a time" is chosen.
    const inputs = (view: unknown) =>
      ((view as { blocks: Array<{ type: string; block_id?: string; optional?: boolean }> }).blocks ?? [])
        .filter((b) => b.type === 'input')
        .map((b) => [b.block_id, b.optional ?? false]);
    expect(inputs(form)).toEqual([['reschedule_mode', false]]);
    await app.driver.selectOption(MANAGER, 'What to do', 'Assign a time');
    const shown = await waitFor(() => app.standIn.callsTo('views.update').at(-1));
    expect(shown.args).toMatchObject({ view_id: form.id, hash: form.hash });
    expect(inputs(shown.args.view)).toEqual([
      ['reschedule_mode', false],
      ['reschedule_slot', false],
    ]);
    // Someone takes the 24th at 10:00 before the manager submits.
    await db().update(scheduleSlots).set({ booked: 1 }).where(eq(scheduleSlots.id, full.id));
    await app.driver.submitModal(MANAGER, { 'New time': 'Tue 24 Nov · 10:00 – 11:00' });
    expect(app.standIn.viewErrors(MANAGER)).toEqual({
      reschedule_slot: 'Tue 24 Nov, 10:00 was just taken or removed; pick another time.',
    });
    expect((await ticketRow(ticket.id)).scheduleSlotId).not.toBe(full.id);

    await app.driver.submitModal(MANAGER, { 'New time': 'Tue 24 Nov · 12:00 – 13:00' });
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'delivery_scheduled',
      scheduleSlotId: target.id,
    });
    // The ITSM ticket's tasks follow the new day1 (SPEC §2.1).
    const update = (await itsmRequests(ticket.id)).at(-1);
    expect(update?.note).toBe('Day1 moved to Tue 24 Nov, 12:00.');
    expect(update?.tasks).toEqual([
      { kind: 'depot_build', dueAt: '2026-11-23T17:00:00.000Z' },
      { kind: 'nit_delivery', dueAt: '2026-11-24T17:00:00.000Z' },
    ]);
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).at(-1)).toContain(`Refresh #${ticket.id} is now Tue 24 Nov, 12:00`);
  });

  it('answers a time to assign from a team with no free times beside the choice, and books nothing', async () => {
    const ticket = await makeTicket(db(), world, { status: 'pending_customer_scheduling' });
    await app.driver.slashCommand(MANAGER, `reschedule ${ticket.id}`);
    const form = await waitFor(() => app.standIn.topModal(MANAGER));
    expect(JSON.stringify(form.blocks)).toContain('The team has no free times to assign right now.');
    await app.driver.submitModal(MANAGER, {});
    expect(app.standIn.viewErrors(MANAGER)).toEqual({
      reschedule_mode: 'The team has no free time to assign; add times to its calendar first.',
    });
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_customer_scheduling',
      scheduleSlotId: null,
    });
  });

  it('refuses rescheduling to anyone but managers and changes nothing', async () => {
    const ticket = await bookedTicket((await makeSlot('2026-11-23T15:00:00Z')).id);
    const before = await ticketRow(ticket.id);
    for (const who of [STRANGER, CUSTOMER]) {
      const seen = app.standIn.responses().length;
      const reply = await app.driver.slashCommand(who, `reschedule ${ticket.id}`);
      expect(reply.status).toBe(200);
      // Each person gets their own refusal, not the one before.
      await waitFor(() =>
        app.standIn
          .responses()
          .slice(seen)
          .some((r) => String(r.body.text).includes('Only refresh managers can reschedule')),
      );
      expect(app.standIn.topModal(who)).toBeUndefined();
    }
    // Bulk is for admins only.
    await app.driver.slashCommand(MANAGER, 'reschedule');
    await waitFor(() =>
      app.standIn
        .responses()
        .some((r) => String(r.body.text).includes('Only refresh admins can reschedule in bulk')),
    );
    expect(app.standIn.topModal(MANAGER)).toBeUndefined();
    expect(await ticketRow(ticket.id)).toEqual(before);
  });

  it('lets an admin move a team’s bookings in a date range to the next free times, with one progress message', async () => {
    const range = await makeSlot('2026-11-23T15:00:00Z', 3);
    await makeSlot('2026-11-30T15:00:00Z', 1);
    await makeSlot('2026-11-30T16:00:00Z', 1);
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await bookedTicket(range.id));

    await app.driver.slashCommand(ADMIN, 'reschedule');
    await waitFor(() => app.standIn.topModal(ADMIN));
    // The last day before the first: answered on the field, nothing changes.
    await app.driver.submitModal(ADMIN, {
      'Support team': 'North Campus NIT',
      'First day': '2026-11-24',
      'Last day': '2026-11-23',
      'What to do': 'Move each to the next free time after the range',
    });
    expect(app.standIn.viewErrors(ADMIN)).toEqual({ bulk_to: 'The last day must not be before the first.' });
    expect(
      (await inOrder(tickets, async (t) => ticketRow(t.id))).every((t) => t.status === 'delivery_scheduled'),
    ).toBe(true);

    await app.driver.submitModal(ADMIN, {
      'Support team': 'North Campus NIT',
      'First day': '2026-11-23',
      'Last day': '2026-11-23',
      'What to do': 'Move each to the next free time after the range',
    });
    await waitFor(() => dmTexts(ADMIN).some((t) => t.includes('Bulk reschedule of')));
    const result = dmTexts(ADMIN).find((t) => t.includes('Bulk reschedule of'))!;
    expect(result).toContain('0 asked, 2 moved, 1 not changed');
    const slots = await inOrder(tickets, async (t) =>
      (await slotRow((await ticketRow(t.id)).scheduleSlotId!)).startsAt.toISOString(),
    );
    expect(slots).toEqual([
      '2026-11-30T15:00:00.000Z',
      '2026-11-30T16:00:00.000Z',
      '2026-11-23T15:00:00.000Z',
    ]);
    // Each moved customer's ITSM ticket is re-dated and they are sent the new appointment.
    // Day1 on a Monday: the depot build is due the Friday before, at the same time.
    const moved = [
      ['10:00', '2026-11-27T15:00:00.000Z', '2026-11-30T15:00:00.000Z'],
      ['11:00', '2026-11-27T16:00:00.000Z', '2026-11-30T16:00:00.000Z'],
    ];
    for (const [i, ticket] of tickets.slice(0, 2).entries()) {
      const [time, build, day1] = moved[i]!;
      expect((await itsmRequests(ticket.id)).at(-1)).toEqual({
        operation: 'update_ticket',
        note: `Day1 moved to Mon 30 Nov, ${time}.`,
        tasks: [
          { kind: 'depot_build', dueAt: build },
          { kind: 'nit_delivery', dueAt: day1 },
        ],
      });
    }
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).filter((t) => t.includes('is now Mon 30 Nov'))).toHaveLength(2);
  });

  it('lets an admin ask every customer of a range to pick again', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z', 2);
    await makeSlot('2026-11-30T15:00:00Z', 2);
    const a = await bookedTicket(slot.id);
    const b = await bookedTicket(slot.id);
    await app.driver.slashCommand(ADMIN, 'reschedule');
    await waitFor(() => app.standIn.topModal(ADMIN));
    await app.driver.submitModal(ADMIN, {
      'Support team': 'North Campus NIT',
      'First day': '2026-11-20',
      'Last day': '2026-11-27',
      'What to do': 'Ask each customer to pick again',
    });
    await waitFor(() => dmTexts(ADMIN).some((t) => t.includes('2 asked, 0 moved, 0 not changed')));
    expect([(await ticketRow(a.id)).status, (await ticketRow(b.id)).status]).toEqual([
      'pending_customer_scheduling',
      'pending_customer_scheduling',
    ]);
    expect((await slotRow(slot.id)).booked).toBe(0);
  });

  it('keeps the booking through a hold; a resume after the time went by asks the customer again', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const ticket = await bookedTicket(slot.id);
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'on_hold', scheduleSlotId: slot.id });
    expect((await slotRow(slot.id)).booked).toBe(1);
    // Resumed before the time: back on the same booking.
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'delivery_scheduled',
      scheduleSlotId: slot.id,
    });

    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    clock.set('2026-11-24T12:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_customer_scheduling',
      scheduleSlotId: null,
    });
    expect((await itsmRequests(ticket.id)).at(-1)?.note).toContain('went by while the ticket was on hold');
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).at(-1)).toContain(
      'the appointment on Mon 23 Nov, 10:00 is off; pick another time',
    );
  });

  it('gives the seat back when a booked ticket is canceled', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const ticket = await bookedTicket(slot.id);
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'canceled', scheduleSlotId: null });
    expect((await slotRow(slot.id)).booked).toBe(0);

    // An appointment that already took place stays in the calendar's history.
    const past = await makeSlot('2026-11-18T15:00:00Z');
    const held = await bookedTicket(past.id);
    clock.set('2026-11-19T12:00:00Z');
    await app.driver.slashCommand(MANAGER, `cancel ${held.id}`);
    expect(await ticketRow(held.id)).toMatchObject({ status: 'canceled', scheduleSlotId: past.id });
    expect((await slotRow(past.id)).booked).toBe(1);
  });

  it('gives a no-customer ticket a new generic slot when it resumes after its day went by', async () => {
    const generic = await makeSlot('2026-11-18T05:00:00Z');
    const ticket = await makeTicket(db(), world, { style: 'no_customer', status: 'delivery_scheduled' });
    await db()
      .update(refreshTickets)
      .set({ scheduleSlotId: generic.id })
      .where(eq(refreshTickets.id, ticket.id));
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    clock.set('2026-11-19T12:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    const resumed = await ticketRow(ticket.id);
    expect(resumed.status).toBe('delivery_scheduled');
    // 00:00 of the next business day, Friday November 20, in Detroit.
    expect((await slotRow(resumed.scheduleSlotId!)).startsAt.toISOString()).toBe('2026-11-20T05:00:00.000Z');
    expect((await itsmRequests(ticket.id)).at(-1)?.note).toContain('went by while the ticket was on hold');
  });
});
