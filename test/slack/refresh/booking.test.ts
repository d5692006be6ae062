import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people, refreshTickets, scheduleSlots, supportTeams } from '../../../db/schema/index.js';
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
    expect(JSON.stringify(app.standIn.home(CUSTOMER)?.blocks)).toContain('Delivery: *Mon 23 Nov, 10:00*');

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
});
