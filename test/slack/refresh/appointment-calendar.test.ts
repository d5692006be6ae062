import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refreshTickets, scheduleSlots } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { bookSlot } from '../../../src/services/refresh/booking/book-slot.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { mailBody, mailCalendar, mailHeaders, sentEmails } from '../../helpers/calendar-mail.js';
import {
  CUSTOMER,
  grant,
  MANAGER,
  makeSlot as makeSlotFor,
  makeSystem,
  makeTicket,
  seedWorld,
  type World,
} from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

// The customer's calendar follows their appointment: every invitation and every withdrawal is an
// e-mail with the inline text/calendar part, read here by ical.js and node-ical alike.

let app: TestApp;
let world: World;
let clock: ManualClock;
beforeEach(async () => {
  // Tue 17 Nov, 07:00 in Detroit.
  clock = new ManualClock('2026-11-17T12:00:00Z');
  app = await startTestApp({ clock, env: { MAIL_FROM: 'Refresh Desk <refresh@it.example.edu>' } });
  world = await seedWorld(app.otto.ctx.db);
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const ticketRow = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const dm = (user: string) => ({ surface: 'message' as const, channel: app.standIn.dmChannelId(user) });
const dmTexts = (user: string) =>
  app.standIn.messages(app.standIn.dmChannelId(user)).map((m) => m.text ?? '');
const makeSlot = async (startsAt: string, capacity = 1) => makeSlotFor(db(), world, startsAt, capacity);

const emails = () => sentEmails(app.dir);
const subjectOf = (eml: string) => mailHeaders(eml).get('subject') ?? '';
const lastEmail = () => emails().at(-1)!;

/** A customer's on-prem ticket booked on the slot by the customer, its confirmation delivered. */
async function bookedTicket(slotId: number) {
  const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
  const ticket = await makeTicket(db(), world, {
    status: 'pending_customer_scheduling',
    replacementSystemId: replacement.id,
  });
  expect((await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId })).booked).toBe(true);
  await app.otto.dispatcher.runOnce();
  const booking = mailCalendar(lastEmail())!;
  expect(booking).toMatchObject({ method: 'REQUEST', contentTypeMethod: 'REQUEST', sequence: 0 });
  return { ticket, booking };
}

describe('the calendar invitation', () => {
  it('is the inline text/calendar part from MAIL_FROM, with a random UID and a SEQUENCE that counts', async () => {
    const first = await makeSlot('2026-11-23T15:00:00Z');
    const second = await makeSlot('2026-11-24T16:00:00Z');
    const { ticket, booking } = await bookedTicket(first.id);
    const eml = lastEmail();
    expect(subjectOf(eml)).toBe(`Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`);
    expect(booking).toMatchObject({
      method: 'REQUEST',
      status: 'CONFIRMED',
      organizer: 'mailto:refresh@it.example.edu',
      start: '2026-11-23T15:00:00.000Z',
      end: '2026-11-23T16:00:00.000Z',
      attached: true,
    });
    // Not made from the ticket's number: a database started afresh never makes it again.
    expect(booking.uid).not.toContain(`refresh-${ticket.id}@`);
    expect(booking.uid).toMatch(/^[0-9a-f-]{36}@localhost$/);
    // The Date header is Otto's clock, not the machine's.
    expect(new Date(mailHeaders(eml).get('date')!).toISOString()).toBe('2026-11-17T12:00:00.000Z');
    expect(mailHeaders(eml).get('message-id')).toMatch(/^<otto-notice-\d+\.[0-9a-f]{24}@localhost>$/);

    // The customer moves it a day later: the same event, one version on.
    clock.set('2026-11-18T12:00:00Z');
    await app.driver.clickButton(CUSTOMER, 'Change time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Tue 24 Nov · 11:00 – 12:00' });
    expect((await ticketRow(ticket.id)).scheduleSlotId).toBe(second.id);
    await app.otto.dispatcher.runOnce();
    const moved = lastEmail();
    expect(subjectOf(moved)).toBe(`Refresh #${ticket.id} is now Tue 24 Nov, 11:00`);
    expect(mailCalendar(moved)).toMatchObject({
      method: 'REQUEST',
      uid: booking.uid,
      sequence: 1,
      start: '2026-11-24T16:00:00.000Z',
    });
    expect(new Date(mailHeaders(moved).get('date')!).toISOString()).toBe('2026-11-18T12:00:00.000Z');
  });

  it('says "booked for", not "is now", when staff assign the first time', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
    const ticket = await makeTicket(db(), world, {
      status: 'pending_customer_scheduling',
      replacementSystemId: replacement.id,
    });
    await app.driver.slashCommand(MANAGER, `reschedule ${ticket.id}`);
    await waitFor(() => app.standIn.topModal(MANAGER));
    await app.driver.submitModal(MANAGER, {
      'What to do': 'Assign a time',
      'New time': 'Mon 23 Nov · 10:00 – 11:00',
    });
    expect((await ticketRow(ticket.id)).scheduleSlotId).toBe(slot.id);
    await app.otto.dispatcher.runOnce();
    expect(subjectOf(lastEmail())).toBe(`Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`);
    expect(dmTexts(CUSTOMER).at(-1)).toContain(`Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`);
    expect(mailCalendar(lastEmail())).toMatchObject({ method: 'REQUEST', sequence: 0 });
  });
});

describe('a database started afresh', () => {
  it('never sends a Message-ID or a UID it sent before', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const { booking } = await bookedTicket(slot.id);
    const messageIds = emails().map((eml) => mailHeaders(eml).get('message-id'));
    await app.stop();

    // The same start, the same clock, the same first booking: ticket #1, outbox rows from #1.
    clock = new ManualClock('2026-11-17T12:00:00Z');
    app = await startTestApp({ clock, env: { MAIL_FROM: 'Refresh Desk <refresh@it.example.edu>' } });
    world = await seedWorld(app.otto.ctx.db);
    const again = await bookedTicket((await makeSlot('2026-11-23T15:00:00Z')).id);
    expect(again.ticket.id).toBe(1);
    expect(again.booking.uid).not.toBe(booking.uid);
    const fresh = emails().map((eml) => mailHeaders(eml).get('message-id'));
    expect(fresh.length).toBeGreaterThan(0);
    for (const id of fresh) expect(messageIds).not.toContain(id);
  });
});

describe('a booked appointment that goes away', () => {
  it('is taken out of the calendar when its slot is deleted, and the customer is asked to pick again', async () => {
    await grant(db(), MANAGER, 'slot_admin', 'North Campus NIT');
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    await makeSlot('2026-11-25T15:00:00Z');
    const { ticket, booking } = await bookedTicket(slot.id);

    await app.driver.slashCommand(MANAGER, 'slots');
    await waitFor(() => app.standIn.topModal(MANAGER));
    await app.driver.clickButton(MANAGER, 'Delete', { surface: 'modal' });
    await waitFor(() =>
      JSON.stringify(app.standIn.topModal(MANAGER)).includes('was deleted') ? true : undefined,
    );
    await app.otto.dispatcher.runOnce();

    const said = dmTexts(CUSTOMER).at(-1)!;
    expect(said).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off; pick another time.`,
    );
    const message = JSON.stringify(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)?.blocks);
    expect(message).toContain('the support team removed that time from its calendar');
    expect(message).toContain('Pick a time');
    const eml = lastEmail();
    expect(subjectOf(eml)).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off; pick another time`,
    );
    expect(mailBody(eml, 'text/plain')).toContain(
      'The appointment on Mon 23 Nov, 10:00 is off: the support team removed that time',
    );
    expect(mailCalendar(eml)).toEqual({
      contentTypeMethod: 'CANCEL',
      method: 'CANCEL',
      uid: booking.uid,
      sequence: 1,
      start: '2026-11-23T15:00:00.000Z',
      end: '2026-11-23T16:00:00.000Z',
      status: 'CANCELLED',
      organizer: 'mailto:refresh@it.example.edu',
      summary: `Computer refresh #${ticket.id}`,
      attached: true,
    });
    expect((await ticketRow(ticket.id)).appointmentUid).toBeNull();

    // The next booking is a new appointment: a new UID, from 0.
    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Wed 25 Nov · 10:00 – 11:00' });
    await app.otto.dispatcher.runOnce();
    const again = mailCalendar(lastEmail())!;
    expect(again).toMatchObject({ method: 'REQUEST', sequence: 0 });
    expect(again.uid).not.toBe(booking.uid);
  });

  it('is taken out of the calendar when /otto cancel cancels the ticket', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const { ticket, booking } = await bookedTicket(slot.id);
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    expect((await ticketRow(ticket.id)).status).toBe('canceled');
    await app.otto.dispatcher.runOnce();

    expect(dmTexts(CUSTOMER).at(-1)).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off.`,
    );
    const eml = lastEmail();
    expect(subjectOf(eml)).toBe(`Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off`);
    expect(mailBody(eml, 'text/plain')).toContain(`is off: refresh #${ticket.id} was canceled.`);
    expect(mailCalendar(eml)).toMatchObject({
      method: 'CANCEL',
      contentTypeMethod: 'CANCEL',
      uid: booking.uid,
      sequence: 1,
      status: 'CANCELLED',
    });
  });

  it('is taken out of the calendar when a manager asks the customer to pick again', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    await makeSlot('2026-11-25T15:00:00Z');
    const { ticket, booking } = await bookedTicket(slot.id);
    await app.driver.slashCommand(MANAGER, `reschedule ${ticket.id}`);
    await waitFor(() => app.standIn.topModal(MANAGER));
    await app.driver.submitModal(MANAGER, { 'What to do': 'Ask the customer to pick again' });
    await app.otto.dispatcher.runOnce();

    const eml = lastEmail();
    expect(mailBody(eml, 'text/plain')).toContain(
      'The appointment on Mon 23 Nov, 10:00 is off: the support team asked for another time.',
    );
    expect(mailCalendar(eml)).toMatchObject({ method: 'CANCEL', uid: booking.uid, sequence: 1 });
    expect(dmTexts(CUSTOMER).at(-1)).toContain(
      'the appointment on Mon 23 Nov, 10:00 is off; pick another time',
    );
  });

  it('is taken out of the calendar when a hold outlives it', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const { ticket, booking } = await bookedTicket(slot.id);
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    clock.set('2026-11-24T12:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    await app.otto.dispatcher.runOnce();

    const eml = lastEmail();
    expect(mailBody(eml, 'text/plain')).toContain(
      `The appointment on Mon 23 Nov, 10:00 is off: refresh #${ticket.id} was on hold at that time.`,
    );
    expect(mailCalendar(eml)).toMatchObject({ method: 'CANCEL', uid: booking.uid, sequence: 1 });
  });

  it('sends nothing to a calendar for a ticket that was never booked', async () => {
    const ticket = await makeTicket(db(), world, { status: 'pending_customer_scheduling' });
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    expect((await ticketRow(ticket.id)).status).toBe('canceled');
    await app.otto.dispatcher.runOnce();
    expect(emails().filter((eml) => mailCalendar(eml) !== undefined)).toEqual([]);
    expect((await db().select().from(scheduleSlots)).every((s) => s.booked === 0)).toBe(true);
  });
});
