import { and, desc, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { audits, jobRuns, outbox, refreshTickets, scheduleSlots } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { bookSlot } from '../../../src/services/refresh/booking/book-slot.js';
import { holdTicket } from '../../../src/services/refresh/tickets/hold.js';
import { withdrawHeldAppointments } from '../../../src/services/refresh/timers/index.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { mailBody, mailCalendar, mailHeaders, sentEmails } from '../../helpers/calendar-mail.js';
import {
  CUSTOMER,
  DELEGATE,
  grant,
  MANAGER,
  makeSlot as makeSlotFor,
  makeSystem,
  makeTicket,
  seedWorld,
  type World,
} from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

// A ticket held while delivery_scheduled keeps its seat, but its customer is told the appointment
// is off before they would turn up for it (issue 13): by the held-appointments timer once it is
// closer than the lead time, or at once when its slot is deleted. Each appointment is withdrawn
// once; a resume then only invites the customer to pick a new time.

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
const slotRow = async (id: number) =>
  (await db().select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0]!;
const dmMessages = (user: string) => app.standIn.messages(app.standIn.dmChannelId(user));
const dmTexts = (user: string) => dmMessages(user).map((m) => m.text ?? '');
const lastDmBlocks = (user: string) => JSON.stringify(dmMessages(user).at(-1)?.blocks);
const dm = (user: string) => ({ surface: 'message' as const, channel: app.standIn.dmChannelId(user) });
const makeSlot = async (startsAt: string, capacity = 1) => makeSlotFor(db(), world, startsAt, capacity);

const emails = () => sentEmails(app.dir);
const subjectOf = (eml: string) => mailHeaders(eml).get('subject') ?? '';
const lastEmail = () => emails().at(-1)!;
const cancellations = () => emails().filter((eml) => mailCalendar(eml)?.method === 'CANCEL');

async function itsmNotes(ticketId: number): Promise<string[]> {
  const rows = await db()
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(and(eq(outbox.ticketId, ticketId), eq(outbox.channel, 'itsm')))
    .orderBy(outbox.id);
  return rows.map((r) => String((r.payload as { note?: unknown }).note ?? ''));
}

/** The ticket card `/otto ticket` shows a manager, as its text reads (date tokens by their label). */
async function cardText(ticketId: number): Promise<string> {
  const before = app.standIn.responses().length;
  const response = await app.driver.slashCommand(MANAGER, `ticket ${ticketId}`);
  let body = response.json as { blocks?: unknown[] } | undefined;
  if (!body) {
    await waitFor(() => app.standIn.responses().length > before);
    body = app.standIn.responses().at(-1)!.body as { blocks?: unknown[] };
  }
  return JSON.stringify(body.blocks ?? []).replace(/<!date\^[^|>]*\|([^>]*)>/g, '$1');
}

/** Runs the timer at a fixed instant, as the scheduler would; gives its run's summary. */
async function runTimerAt(iso: string) {
  clock.set(iso);
  expect(await app.otto.scheduler.runJob('held-appointments')).toBe('succeeded');
  await app.otto.dispatcher.runOnce();
  const [run] = await db()
    .select({ summary: jobRuns.summary })
    .from(jobRuns)
    .where(eq(jobRuns.job, 'held-appointments'))
    .orderBy(desc(jobRuns.id))
    .limit(1);
  return run?.summary;
}

/** A customer's on-prem ticket booked for Mon 23 Nov, 10:00, its confirmation delivered. */
async function bookedTicket() {
  const slot = await makeSlot('2026-11-23T15:00:00Z');
  const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
  const ticket = await makeTicket(db(), world, {
    status: 'pending_customer_scheduling',
    replacementSystemId: replacement.id,
  });
  expect(
    (await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id })).booked,
  ).toBe(true);
  await app.otto.dispatcher.runOnce();
  const booking = mailCalendar(lastEmail())!;
  expect(booking).toMatchObject({ method: 'REQUEST', sequence: 0 });
  return { ticket, slot, booking };
}

describe('a held ticket’s appointment closer than the lead time', () => {
  it('is taken back by the timer, once, and the customer told before the day; resuming only invites them again', async () => {
    const { ticket, slot, booking } = await bookedTicket();
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'on_hold', scheduleSlotId: slot.id });

    // Thursday 07:20: Monday is further than the lead time (Friday is the next business day).
    expect(await runTimerAt('2026-11-19T12:20:00Z')).toEqual({ withdrawn: 0 });
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'on_hold', scheduleSlotId: slot.id });
    expect(cancellations()).toEqual([]);
    expect(await cardText(ticket.id)).toContain('*Appointment*\\nMon 23 Nov, 10:00');

    // Friday 07:20: Monday is the next business day, so the appointment is off.
    expect(await runTimerAt('2026-11-20T12:20:00Z')).toEqual({ withdrawn: 1 });
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'on_hold',
      statusBeforeHold: 'delivery_scheduled',
      scheduleSlotId: null,
      appointmentUid: null,
    });
    expect((await slotRow(slot.id)).booked).toBe(0);
    expect((await itsmNotes(ticket.id)).at(-1)).toBe(
      'Day1 of Mon 23 Nov, 10:00 is off: the ticket is on hold. A new time is booked when it resumes.',
    );

    expect(dmTexts(CUSTOMER).at(-1)).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off.`,
    );
    const blocks = lastDmBlocks(CUSTOMER);
    expect(blocks).toContain(`on Mon 23 Nov, 10:00 is off: refresh #${ticket.id} is on hold.`);
    expect(blocks).toContain('Otto will ask you to pick a new time when the refresh resumes.');
    const eml = lastEmail();
    expect(subjectOf(eml)).toBe(`Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off`);
    expect(mailBody(eml, 'text/plain')).toContain(
      `on Mon 23 Nov, 10:00 is off: refresh #${ticket.id} is on hold.`,
    );
    expect(mailBody(eml, 'text/plain')).toContain(
      'Otto will ask you to pick a new time when the refresh resumes.',
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
    const [audit] = await db()
      .select()
      .from(audits)
      .where(and(eq(audits.ticketId, ticket.id), eq(audits.action, 'appointment_withdrawn')));
    expect(audit).toMatchObject({ actor: 'otto' });
    // The staff card shows no appointment any more, and says what happened in its history.
    const card = await cardText(ticket.id);
    expect(card).toContain('*Appointment*\\nNone booked');
    expect(card).toContain(
      'Otto took back the appointment of Mon 23 Nov, 10:00: the ticket is on hold, and the customer picks a new time when it resumes.',
    );
    expect(card).toContain('the news that the appointment is off');
    // The team channel's delivery post says the time is off, and why.
    const post = app.standIn
      .messages('C0NORTHNIT')
      .map((m) => JSON.stringify(m.blocks ?? []))
      .find((blocks) => blocks.includes(':calendar:'));
    expect(post).toContain(`~Refresh #${ticket.id} booked: day1 Mon 23 Nov, 10:00~`);
    expect(post).toContain(`*Off*: refresh #${ticket.id} is on hold.`);

    // The booking confirmation's "Change time" is out of date: it changes nothing.
    const answers = app.standIn.responses().length;
    await app.driver.clickButton(CUSTOMER, 'Change time', dm(CUSTOMER));
    await waitFor(() => app.standIn.responses().length > answers);
    expect(app.standIn.responses().at(-1)?.body).toMatchObject({
      response_type: 'ephemeral',
      text: `Refresh #${ticket.id} is on hold; there is no delivery time to pick now. Nothing was changed.`,
    });
    expect(app.standIn.topModal(CUSTOMER)).toBeUndefined();
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'on_hold', scheduleSlotId: null });

    // A second run (or another replica's) finds nothing left to take back.
    const sent = emails().length;
    expect(await runTimerAt('2026-11-20T13:20:00Z')).toEqual({ withdrawn: 0 });
    expect(emails()).toHaveLength(sent);

    // Resumed: invited to pick a new time, and not told again that the old one is off.
    clock.set('2026-11-20T15:00:00Z');
    await makeSlot('2026-11-25T15:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_customer_scheduling',
      scheduleSlotId: null,
    });
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).at(-1)).toBe(`Refresh #${ticket.id}: pick a time for your new computer.`);
    expect(subjectOf(lastEmail())).toBe(`Refresh #${ticket.id}: pick a time for your new computer`);
    expect(cancellations()).toHaveLength(1);
    expect((await itsmNotes(ticket.id)).at(-1)).toBe(
      'The ticket resumed with no day1 (it was taken back during the hold); a new time is being booked.',
    );

    // The new booking is a new appointment.
    await app.driver.clickButton(CUSTOMER, 'Pick a time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Wed 25 Nov · 10:00 – 11:00' });
    await app.otto.dispatcher.runOnce();
    const again = mailCalendar(lastEmail())!;
    expect(again).toMatchObject({ method: 'REQUEST', sequence: 0 });
    expect(again.uid).not.toBe(booking.uid);
  });

  it('tells the delegate of a ticket that has one, naming whose computer it is', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    await db().update(scheduleSlots).set({ booked: 1 }).where(eq(scheduleSlots.id, slot.id));
    const ticket = await makeTicket(db(), world, {
      status: 'on_hold',
      statusBeforeHold: 'delivery_scheduled',
      scheduleSlotId: slot.id,
      delegate: true,
    });
    expect(await runTimerAt('2026-11-20T12:20:00Z')).toEqual({ withdrawn: 1 });
    expect(dmTexts(DELEGATE).at(-1)).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off.`,
    );
    expect(lastDmBlocks(DELEGATE)).toContain(
      `for Casey Customer on Mon 23 Nov, 10:00 is off: refresh #${ticket.id} is on hold.`,
    );
    expect(dmTexts(CUSTOMER)).toEqual([]);
    expect(mailHeaders(lastEmail()).get('to')).toContain('dana@example.edu');
    expect((await slotRow(slot.id)).booked).toBe(0);
  });

  it('wakes the timer when a ticket is put on hold with its appointment already that close', async () => {
    const { ticket } = await bookedTicket();
    const heldAppointmentDue = vi.fn();
    const ctx = { ...app.otto.ctx, refresh: { ...app.otto.ctx.refresh, heldAppointmentDue } };
    // Tuesday: Monday's appointment is days away; the timer's daily runs will see to it.
    await holdTicket(ctx, { actor: MANAGER, ticket: ticket.id });
    expect(heldAppointmentDue).not.toHaveBeenCalled();
    clock.set('2026-11-18T15:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    // Friday afternoon: Monday is the next business day, so the customer is told now.
    clock.set('2026-11-20T20:00:00Z');
    await holdTicket(ctx, { actor: MANAGER, ticket: ticket.id });
    expect(heldAppointmentDue).toHaveBeenCalledTimes(1);
  });

  it('is taken back once when two runs race', async () => {
    const { ticket, slot } = await bookedTicket();
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    clock.set('2026-11-20T12:20:00Z');
    // Both at the clock's instant: the notices of whichever run wins are then due for the dispatcher.
    const runs = await Promise.all([
      withdrawHeldAppointments(app.otto.ctx, clock.now()),
      withdrawHeldAppointments(app.otto.ctx, clock.now()),
    ]);
    expect(runs.map((r) => r.withdrawn).sort()).toEqual([0, 1]);
    expect((await slotRow(slot.id)).booked).toBe(0);
    await app.otto.dispatcher.runOnce();
    expect(cancellations()).toHaveLength(1);
    expect(dmTexts(CUSTOMER).filter((t) => t.includes('is off'))).toHaveLength(1);
  });

  it('stays booked when the ticket is resumed before the cut-off', async () => {
    const { ticket, slot } = await bookedTicket();
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    clock.set('2026-11-19T15:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    expect(await runTimerAt('2026-11-20T12:20:00Z')).toEqual({ withdrawn: 0 });
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'delivery_scheduled',
      scheduleSlotId: slot.id,
    });
    expect((await slotRow(slot.id)).booked).toBe(1);
    expect(cancellations()).toEqual([]);
  });

  it('is withdrawn once for a ticket canceled while held, whichever comes first', async () => {
    // Taken back by the timer, then canceled: the cancel has no appointment left to withdraw.
    const first = await bookedTicket();
    await app.driver.slashCommand(MANAGER, `hold ${first.ticket.id}`);
    expect(await runTimerAt('2026-11-20T12:20:00Z')).toEqual({ withdrawn: 1 });
    await app.driver.slashCommand(MANAGER, `cancel ${first.ticket.id}`);
    expect((await ticketRow(first.ticket.id)).status).toBe('canceled');
    await app.otto.dispatcher.runOnce();
    expect(cancellations().filter((eml) => mailCalendar(eml)?.uid === first.booking.uid)).toHaveLength(1);

    // Canceled while held, before the cut-off: the cancel withdraws it, the timer finds nothing.
    clock.set('2026-11-20T15:00:00Z');
    const slot = await makeSlot('2026-11-30T15:00:00Z');
    const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
    const ticket = await makeTicket(db(), world, {
      status: 'pending_customer_scheduling',
      replacementSystemId: replacement.id,
    });
    await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id });
    await app.otto.dispatcher.runOnce();
    const booking = mailCalendar(lastEmail())!;
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    await app.otto.dispatcher.runOnce();
    expect(mailBody(lastEmail(), 'text/plain')).toContain(`is off: refresh #${ticket.id} was canceled.`);
    expect(await runTimerAt('2026-11-27T12:20:00Z')).toEqual({ withdrawn: 0 });
    expect(cancellations().filter((eml) => mailCalendar(eml)?.uid === booking.uid)).toHaveLength(1);
    expect((await slotRow(slot.id)).booked).toBe(0);
  });
});

describe('a held ticket’s slot deleted', () => {
  it('tells the customer at once, with the cancellation, and resuming only invites them to pick a time', async () => {
    await grant(db(), MANAGER, 'slot_admin', 'North Campus NIT');
    const { ticket, slot, booking } = await bookedTicket();
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);

    await app.driver.slashCommand(MANAGER, 'slots');
    await waitFor(() => app.standIn.topModal(MANAGER));
    await app.driver.clickButton(MANAGER, 'Delete', { surface: 'modal' });
    await waitFor(() =>
      JSON.stringify(app.standIn.topModal(MANAGER)).includes('was deleted') ? true : undefined,
    );
    const answer = JSON.stringify(app.standIn.topModal(MANAGER));
    expect(answer).toContain(
      `On hold, told the time is off and asked to pick another when resumed: #${ticket.id}.`,
    );
    expect(answer).not.toContain('nobody to ask');
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'on_hold',
      scheduleSlotId: null,
      appointmentUid: null,
    });
    expect((await itsmNotes(ticket.id)).at(-1)).toBe(
      'Day1 of Mon 23 Nov, 10:00 is off: its slot was deleted while the ticket is on hold. A new time is booked when it resumes.',
    );
    await app.otto.dispatcher.runOnce();

    expect(dmTexts(CUSTOMER).at(-1)).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 10:00 is off.`,
    );
    expect(lastDmBlocks(CUSTOMER)).toContain(
      `is off: the support team removed that time from its calendar, and refresh #${ticket.id} is on hold.`,
    );
    const eml = lastEmail();
    expect(mailBody(eml, 'text/plain')).toContain(
      `is off: the support team removed that time from its calendar, and refresh #${ticket.id} is on hold.`,
    );
    expect(mailBody(eml, 'text/plain')).toContain(
      'Otto will ask you to pick a new time when the refresh resumes.',
    );
    expect(mailCalendar(eml)).toMatchObject({
      method: 'CANCEL',
      contentTypeMethod: 'CANCEL',
      uid: booking.uid,
      sequence: 1,
      start: slot.startsAt.toISOString(),
    });

    // The timer has nothing to take back; resuming invites the customer without a second notice.
    expect(await runTimerAt('2026-11-20T12:20:00Z')).toEqual({ withdrawn: 0 });
    await makeSlot('2026-11-25T15:00:00Z');
    await app.driver.slashCommand(MANAGER, `resume ${ticket.id}`);
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).at(-1)).toBe(`Refresh #${ticket.id}: pick a time for your new computer.`);
    expect(cancellations()).toHaveLength(1);
    expect(dmTexts(CUSTOMER).filter((t) => t.includes('is off'))).toHaveLength(1);
  });
});

describe('a booking sent before UIDs were stored', () => {
  it('is canceled under the UID it was sent with, one SEQUENCE above the one sent', async () => {
    // The booking as Otto wrote it then: the ticket's UID on the host of the day, no stored UID,
    // the seconds of the booking as the SEQUENCE.
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
    const ticket = await makeTicket(db(), world, {
      status: 'pending_customer_scheduling',
      replacementSystemId: replacement.id,
    });
    await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id });
    const [row] = await db()
      .select()
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticket.id), eq(outbox.channel, 'email')))
      .limit(1);
    const {
      uid: _uid,
      sequence: _sequence,
      ...event
    } = (row!.payload as { event: Record<string, unknown> }).event;
    await db()
      .update(outbox)
      .set({ payload: { ...row!.payload, event: { ...event, uidDomain: 'otto-old.example.edu' } } })
      .where(eq(outbox.id, row!.id));
    await db()
      .update(refreshTickets)
      .set({ appointmentUid: null, appointmentSequence: 0 })
      .where(eq(refreshTickets.id, ticket.id));
    await app.otto.dispatcher.runOnce();
    const legacy = mailCalendar(lastEmail())!;
    const bookedSeconds = Math.floor(new Date('2026-11-17T12:00:00Z').getTime() / 1000);
    expect(legacy).toMatchObject({
      method: 'REQUEST',
      uid: `refresh-${ticket.id}@otto-old.example.edu`,
      sequence: bookedSeconds,
    });

    // Days later it is canceled: the event the customer has goes, and nothing from the clock.
    clock.set('2026-11-19T12:00:00Z');
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    await app.otto.dispatcher.runOnce();
    expect(mailCalendar(lastEmail())).toMatchObject({
      method: 'CANCEL',
      uid: legacy.uid,
      sequence: bookedSeconds + 1,
      start: '2026-11-23T15:00:00.000Z',
    });
  });
  it('reads the UID and SEQUENCE an invitation from before notices travelled as data carried, and counts on from them', async () => {
    const first = await makeSlot('2026-11-23T15:00:00Z');
    await makeSlot('2026-11-24T16:00:00Z');
    const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
    const ticket = await makeTicket(db(), world, {
      status: 'pending_customer_scheduling',
      replacementSystemId: replacement.id,
    });
    await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: first.id });
    // The e-mail the customer has is the one Otto rendered then: its .ics folded as RFC 5545 says.
    const uid = `refresh-${ticket.id}@otto-old-calendar-host-with-a-long-name.it-services.example.edu`;
    const sent = 1763380800;
    const ics = [
      'BEGIN:VCALENDAR',
      'METHOD:REQUEST',
      'BEGIN:VEVENT',
      `UID:${uid.slice(0, 60)}`,
      ` ${uid.slice(60)}`,
      `SEQUENCE:${sent}`,
      'DTSTART:20261123T150000Z',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const [pending] = await db()
      .delete(outbox)
      .where(and(eq(outbox.ticketId, ticket.id), eq(outbox.channel, 'email')))
      .returning();
    await db()
      .insert(outbox)
      .values({
        channel: 'email',
        recipient: pending!.recipient,
        notice: 'booking_confirmation',
        payload: {
          template: 'booking-confirmation',
          subject: `Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`,
          data: {},
          attachments: [{ filename: 'refresh-appointment.ics', contentType: 'text/calendar', content: ics }],
        },
        payloadForm: 'rendered',
        ticketId: ticket.id,
        status: 'sent',
        nextAttemptAt: clock.now(),
        deliveredAt: clock.now(),
        createdAt: clock.now(),
      });
    await db()
      .update(refreshTickets)
      .set({ appointmentUid: null, appointmentSequence: 0 })
      .where(eq(refreshTickets.id, ticket.id));
    await app.otto.dispatcher.runOnce();

    // Moved: the same event, one version on, and from then on a counter.
    clock.set('2026-11-18T12:00:00Z');
    await app.driver.clickButton(CUSTOMER, 'Change time', dm(CUSTOMER));
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, { 'Delivery time': 'Tue 24 Nov · 11:00 – 12:00' });
    await app.otto.dispatcher.runOnce();
    expect(mailCalendar(lastEmail())).toMatchObject({ method: 'REQUEST', uid, sequence: sent + 1 });
    expect(await ticketRow(ticket.id)).toMatchObject({ appointmentUid: uid, appointmentSequence: sent + 1 });

    clock.set('2026-11-19T12:00:00Z');
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    await app.otto.dispatcher.runOnce();
    expect(mailCalendar(lastEmail())).toMatchObject({
      method: 'CANCEL',
      uid,
      sequence: sent + 2,
      start: '2026-11-24T16:00:00.000Z',
    });
  });

  it('sends no cancellation when no invitation was ever written for it', async () => {
    const slot = await makeSlot('2026-11-23T15:00:00Z');
    const ticket = await makeTicket(db(), world, { status: 'delivery_scheduled', scheduleSlotId: slot.id });
    await app.driver.slashCommand(MANAGER, `cancel ${ticket.id}`);
    await app.otto.dispatcher.runOnce();
    expect(mailBody(lastEmail(), 'text/plain')).toContain(`is off: refresh #${ticket.id} was canceled.`);
    expect(mailCalendar(lastEmail())).toBeUndefined();
    expect(mailBody(lastEmail(), 'text/plain')).not.toContain('removes the appointment from your calendar');
  });
});
