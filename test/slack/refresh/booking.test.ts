import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  audits,
  outbox,
  people,
  refreshTickets,
  scheduleSlots,
  slackReceipts,
  supportTeams,
  systems,
} from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  CUSTOMER,
  makeSlot as makeSlotFor,
  makeSystem,
  makeTicket,
  STRANGER,
  seedWorld,
  type World,
} from '../../helpers/factories.js';
import { inOrder, times } from '../../helpers/in-order.js';
import { waitFor } from '../../helpers/slack.js';

let app: TestApp;
let world: World;
beforeEach(async () => {
  // Tue 17 Nov, 07:00 in Detroit: the morning discovery run.
  app = await startTestApp({ clock: new ManualClock('2026-11-17T12:00:00Z') });
  world = await seedWorld(app.otto.ctx.db);
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;

const makeSlot = async (startsAt: string, capacity = 1) => makeSlotFor(db(), world, startsAt, capacity);

async function waitingTicket(
  overrides: { userId?: number; style?: 'on_prem' | 'unit_specified_location' } = {},
) {
  const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
  return makeTicket(db(), world, {
    status: 'pending_schedule_slot_discovery',
    replacementSystemId: replacement.id,
    ...overrides,
  });
}

const dm = (user: string) => ({ surface: 'message' as const, channel: app.standIn.dmChannelId(user) });
const ticketRow = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const slotRow = async (id: number) =>
  (await db().select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0]!;
const modalText = (user: string) => JSON.stringify(app.standIn.topModal(user)?.blocks ?? []);

async function invite() {
  await app.otto.scheduler.runJob('slot-discovery');
  await app.otto.dispatcher.runOnce();
}

describe('booking a delivery time in Slack', () => {
  it('invites, books from the DM and sends a confirmation with a calendar attachment', async () => {
    for (const hour of [14, 15, 16, 17, 18]) await makeSlot(`2026-11-23T${hour}:00:00Z`, 2);
    const ticket = await waitingTicket({ style: 'unit_specified_location' });
    await invite();
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    const invitation = app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)!;
    expect(invitation.text).toContain('at Angell Hall 2001 (Tech Bar)');

    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    expect(app.standIn.topModal(CUSTOMER)?.callback_id).toBe('book_slot');
    expect(modalText(CUSTOMER)).toContain('Angell Hall 2001 (Tech Bar)');
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Mon 23 Nov · 10:00 – 11:00' });

    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'delivery_scheduled' });
    expect((await slotRow((await ticketRow(ticket.id)).scheduleSlotId!)).startsAt.toISOString()).toBe(
      '2026-11-23T15:00:00.000Z',
    );
    expect(modalText(CUSTOMER)).toContain('Booked: Mon 23 Nov, 10:00 at Angell Hall 2001');

    await app.otto.dispatcher.runOnce();
    const confirmation = app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)!;
    expect(confirmation.text).toContain(`Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`);
    const emails = readdirSync(join(app.dir, 'mail')).map((file) =>
      readFileSync(join(app.dir, 'mail', file), 'utf8'),
    );
    const booked = emails.find((eml) =>
      eml.includes('Content-Type: text/calendar; charset=utf-8; method=REQUEST'),
    );
    expect(booked).toMatch(/Subject: Refresh #\d+ is booked for Mon 23 Nov, 10:00 at Angell Hall/);
    expect(booked).toContain('refresh-appointment.ics');

    // The customer's Home shows the booked time and offers to change it.
    await waitFor(() => JSON.stringify(app.standIn.home(CUSTOMER)?.blocks ?? []).includes('Change time'));
    expect(JSON.stringify(app.standIn.home(CUSTOMER)?.blocks)).toContain(
      'Be at *Angell Hall 2001 (Tech Bar)* on *Mon 23 Nov, 10:00* with your current computer.',
    );

    // The button again, once booked: the modal offers another time, keeping the booking until then.
    await app.driver.closeModal(CUSTOMER);
    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    expect(JSON.stringify(app.standIn.topModal(CUSTOMER)?.blocks)).toContain(
      'You are booked for *Mon 23 Nov, 10:00*',
    );
    await app.driver.closeModal(CUSTOMER);
    expect((await slotRow((await ticketRow(ticket.id)).scheduleSlotId!)).booked).toBe(1);
  });

  it('writes every time in the support team’s zone, not the organisation’s', async () => {
    // The organisation is in Detroit; this team delivers in Los Angeles, where 18:00Z is 10:00 AM.
    await db()
      .update(supportTeams)
      .set({ timeZone: 'America/Los_Angeles' })
      .where(eq(supportTeams.id, world.teamId));
    for (const hour of [18, 19, 20, 21, 22]) await makeSlot(`2026-11-23T${hour}:00:00Z`, 2);
    const ticket = await waitingTicket();
    await invite();
    // The invitation's first free times.
    expect(JSON.stringify(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)!.blocks)).toContain(
      'Mon 23 Nov, 10:00',
    );

    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Mon 23 Nov · 10:00 – 11:00' });
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'delivery_scheduled' });
    expect(modalText(CUSTOMER)).toContain('Booked: Mon 23 Nov, 10:00');

    await app.otto.dispatcher.runOnce();
    expect(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)!.text).toContain(
      `Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`,
    );
  });

  it('refuses anyone but the customer', async () => {
    for (const hour of [14, 15, 16, 17, 18]) await makeSlot(`2026-11-23T${hour}:00:00Z`);
    const ticket = await waitingTicket();
    await invite();
    const [message] = app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).slice(-1);
    // A stranger replays the customer's button value from their own surface.
    const value = JSON.stringify({ ticketId: ticket.id, status: 'pending_customer_scheduling' });
    expect(JSON.stringify(message!.blocks)).toContain('book_slot_open');
    const body = `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        user: { id: STRANGER },
        team: { id: 'T0TEST' },
        trigger_id: app.standIn.issueTriggerId(STRANGER),
        actions: [{ type: 'button', action_id: 'book_slot_open', block_id: 'b', value }],
        container: { type: 'message' },
        channel: { id: app.standIn.dmChannelId(STRANGER) },
      }),
    )}`;
    const response = await app.driver.post(body, 'application/x-www-form-urlencoded', app.driver.sign(body));
    expect(response.status).toBe(200);
    await waitFor(() =>
      app.standIn
        .messages(app.standIn.dmChannelId(STRANGER))
        .some((m) => m.text?.includes('Only the customer of refresh')),
    );
    expect(app.standIn.topModal(STRANGER)).toBeUndefined();
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
  });

  it('books exactly the capacity when 50 customers submit the same slot at once; the rest get the next free times', async () => {
    const contested = await makeSlot('2026-11-23T14:00:00Z', 2);
    for (const hour of [15, 16, 17, 18]) await makeSlot(`2026-11-23T${hour}:00:00Z`, 1);
    const customers = await times(50, async (i) => {
      const id = `U0BOOK${String(i).padStart(3, '0')}`;
      app.standIn.addUser({ id, name: `booker${i}`, email: `booker${i}@example.edu` });
      const personId = (
        await db()
          .insert(people)
          .values({ email: `booker${i}@example.edu`, name: `Booker ${i}`, slackUserId: id })
          .returning()
      )[0]!.id;
      return { id, ticket: await waitingTicket({ userId: personId }) };
    });
    await invite();
    for (const customer of customers) {
      await app.driver.clickButton(customer.id, 'Pick a time', dm(customer.id));
      await waitFor(() => app.standIn.topModal(customer.id));
      app.driver.fillModal(customer.id, { 'Delivery time': 'Mon 23 Nov · 09:00 – 10:00' });
    }

    const responses = await Promise.all(customers.map((customer) => app.driver.submitModal(customer.id)));
    expect(responses.every((response) => response.status === 200)).toBe(true);

    const rows = await inOrder(customers, async (c) => ticketRow(c.ticket.id));
    const booked = customers.filter((_, i) => rows[i]!.status === 'delivery_scheduled');
    expect(booked).toHaveLength(2);
    expect(
      (await inOrder(booked, async (c) => ticketRow(c.ticket.id))).every(
        (t) => t.scheduleSlotId === contested.id,
      ),
    ).toBe(true);
    expect((await slotRow(contested.id)).booked).toBe(2);
    const losers = customers.filter((c) => !booked.includes(c));
    expect(losers).toHaveLength(48);
    for (const loser of losers) {
      expect((await ticketRow(loser.ticket.id)).status).toBe('pending_customer_scheduling');
      const text = modalText(loser.id);
      expect(text).toContain('was just taken by someone else');
      expect(text).toContain('Mon 23 Nov · 10:00 – 11:00');
      expect(text).not.toContain('Mon 23 Nov · 09:00 – 10:00');
    }
  });

  it('offers no time sooner than the lead time, names the computer the customer has, and refuses a time gone too soon', async () => {
    // Today (Tue 17 Nov, 07:00 in Detroit) has free slots later on; with the default lead time of one
    // business day they count for nobody: discovery waits for five free slots from Wednesday on.
    for (const hour of [15, 16, 17, 18, 19]) await makeSlot(`2026-11-17T${hour}:00:00Z`, 2);
    const ticket = await waitingTicket();
    const computers = await db()
      .select({ id: systems.id, serial: systems.serial, name: systems.name })
      .from(systems)
      .where(inArray(systems.id, [ticket.existingSystemId, ticket.replacementSystemId!]));
    const existing = computers.find((c) => c.id === ticket.existingSystemId);
    const replacement = computers.find((c) => c.id === ticket.replacementSystemId);
    await invite();
    expect((await ticketRow(ticket.id)).status).toBe('pending_schedule_slot_discovery');

    for (const day of [18, 19, 20]) {
      for (const hour of [15, 16]) await makeSlot(`2026-11-${day}T${hour}:00:00Z`, 2);
    }
    await invite();
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    const invitation = JSON.stringify(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)!.blocks);
    expect(invitation).toContain('First free times: Wed 18 Nov, 10:00; Wed 18 Nov, 11:00; Thu 19 Nov, 10:00');
    expect(invitation).not.toContain('Tue 17 Nov');
    // The customer's own computer, never the replacement's serial they have not seen.
    expect(invitation).toContain(`The replacement for your computer ${existing!.name} (${existing!.serial})`);
    expect(invitation).not.toContain(replacement!.serial);

    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    const modal = modalText(CUSTOMER);
    expect(modal).not.toContain('Tue 17 Nov');
    expect(modal).toContain('Wed 18 Nov · 10:00 – 11:00');
    expect(modal).toContain('Times are in America/Detroit, from Wed 18 Nov on.');
    expect(modal).toContain(`It replaces your computer ${existing!.name} (${existing!.serial}).`);
    expect(modal).not.toContain(replacement!.serial);
    // The times are grouped by day.
    const select = (
      app.standIn.topModal(CUSTOMER)!.blocks as Array<{
        element?: { option_groups?: Array<{ label: { text: string } }> };
      }>
    ).find((block) => block.element?.option_groups)!.element!.option_groups!;
    expect(select.map((group) => group.label.text)).toEqual(['Wed 18 Nov', 'Thu 19 Nov', 'Fri 20 Nov']);

    // The modal stays open past midnight: Wednesday is now too soon, and nothing is booked.
    app.driver.fillModal(CUSTOMER, { 'Delivery time': 'Wed 18 Nov · 10:00 – 11:00' });
    (app.clock as ManualClock).set('2026-11-18T05:30:00Z');
    await app.driver.submitModal(CUSTOMER);
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    const again = modalText(CUSTOMER);
    expect(again).toContain('Wed 18 Nov, 10:00 is too soon now:* times are offered from Thu 19 Nov on.');
    expect(again).not.toContain('Wed 18 Nov · 10:00 – 11:00');
    expect(again).toContain('Thu 19 Nov · 10:00 – 11:00');
    const seats = await db().select({ booked: scheduleSlots.booked }).from(scheduleSlots);
    expect(seats.every((slot) => slot.booked === 0)).toBe(true);

    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Thu 19 Nov · 10:00 – 11:00' });
    expect((await ticketRow(ticket.id)).status).toBe('delivery_scheduled');
  });

  it('offers today’s later times too when the lead time is 0', async () => {
    await app.stop();
    app = await startTestApp({
      clock: new ManualClock('2026-11-17T12:00:00Z'),
      env: { OTTO_SLOT_LEAD_DAYS: '0' },
    });
    world = await seedWorld(app.otto.ctx.db);
    for (const hour of [15, 16, 17, 18, 19]) await makeSlot(`2026-11-17T${hour}:00:00Z`, 2);
    const ticket = await waitingTicket();
    await invite();
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    expect(modalText(CUSTOMER)).toContain('Tue 17 Nov · 10:00 – 11:00');
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Tue 17 Nov · 10:00 – 11:00' });
    expect((await ticketRow(ticket.id)).status).toBe('delivery_scheduled');
  });
});

describe('a booking Slack sends again', () => {
  /** The customer's modal filled in with a time, and the submission Slack would send for it. */
  async function filledBooking() {
    for (const hour of [14, 15, 16, 17, 18]) await makeSlot(`2026-11-23T${hour}:00:00Z`, 2);
    const ticket = await waitingTicket();
    await invite();
    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    app.driver.fillModal(CUSTOMER, { 'Delivery time': 'Mon 23 Nov · 09:00 – 10:00' });
    return ticket;
  }
  const bookings = async (ticketId: number) =>
    db()
      .select({ action: audits.action })
      .from(audits)
      .where(and(eq(audits.ticketId, ticketId), eq(audits.action, 'slot_booked')));
  const confirmations = async (ticketId: number) =>
    db()
      .select({ channel: outbox.channel })
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticketId), eq(outbox.notice, 'booking_confirmation')));

  it('books once and answers every copy as it answered the first, the answer kept with the booking', async () => {
    const ticket = await filledBooking();
    const submitted = await app.driver.submitModal(CUSTOMER);
    expect(submitted.status).toBe(200);
    expect(submitted.body).toContain('Booked: Mon 23 Nov, 09:00');
    const slotId = (await ticketRow(ticket.id)).scheduleSlotId!;

    for (const num of [1, 2]) {
      const retry = await app.driver.redeliver(submitted.sent, { num, reason: 'http_timeout' });
      expect(retry.status).toBe(200);
      expect(retry.body).toBe(submitted.body);
    }
    expect(await bookings(ticket.id)).toHaveLength(1);
    expect((await slotRow(slotId)).booked).toBe(1);
    expect(await confirmations(ticket.id)).toHaveLength(2);
    const [receipt] = await db().select().from(slackReceipts);
    expect(JSON.parse(receipt!.answer!)).toEqual(JSON.parse(submitted.body));
  });

  it('two copies arriving together: one books, both get its answer', async () => {
    const ticket = await filledBooking();
    const view = app.standIn.topModal(CUSTOMER)!;
    const payload = {
      type: 'view_submission',
      user: { id: CUSTOMER, username: 'casey', name: 'casey', team_id: app.standIn.teamId },
      api_app_id: app.standIn.appId,
      token: app.standIn.verificationToken,
      trigger_id: app.standIn.issueTriggerId(CUSTOMER),
      team: { id: app.standIn.teamId, domain: app.standIn.teamDomain },
      view,
      response_urls: [],
    };
    const sent = {
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };

    const copies = await Promise.all([
      app.driver.post(sent.body, sent.contentType, app.driver.sign(sent.body)),
      app.driver.redeliver(sent, { num: 1, reason: 'http_timeout' }),
    ]);
    expect(copies.map((c) => c.status)).toEqual([200, 200]);
    expect(copies[0]?.body).toContain('Booked: Mon 23 Nov, 09:00');
    expect(copies[1]?.body).toBe(copies[0]?.body);
    expect(await bookings(ticket.id)).toHaveLength(1);
    expect((await slotRow((await ticketRow(ticket.id)).scheduleSlotId!)).booked).toBe(1);
    expect(await confirmations(ticket.id)).toHaveLength(2);
    expect(await db().select().from(slackReceipts)).toHaveLength(1);
  });

  it('a booking refused with a field error keeps no receipt, so the form may be sent again', async () => {
    const ticket = await filledBooking();
    // The time the customer picked is removed meanwhile: it is not one of the ticket's choices now.
    await db()
      .delete(scheduleSlots)
      .where(eq(scheduleSlots.startsAt, new Date('2026-11-23T14:00:00Z')));
    const refused = await app.driver.submitModal(CUSTOMER);
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect(await db().select().from(slackReceipts)).toEqual([]);
    expect(await bookings(ticket.id)).toHaveLength(0);
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
  });
});
