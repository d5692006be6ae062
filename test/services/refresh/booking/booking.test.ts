import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outbox, refreshTickets, scheduleSlots, supportTeams } from '../../../../db/schema/index.js';
import { foldIcalLine } from '../../../../src/domain/scheduling/ical.js';
import { appointmentIcs } from '../../../../src/effects/render/appointment-ics.js';
import { EmailPayload } from '../../../../src/effects/render/messages.js';
import { ServiceError } from '../../../../src/services/errors.js';
import { bookSlot, getBookingChoices } from '../../../../src/services/refresh/booking/book-slot.js';
import { discoverSlots } from '../../../../src/services/refresh/booking/discover-slots.js';
import { sendAppointmentReminders } from '../../../../src/services/refresh/booking/remind-appointments.js';
import { type TicketButtonValue, ticketValue } from '../../../../src/slack/values/refresh.js';
import {
  CUSTOMER,
  DELEGATE,
  makeSlot as makeSlotFor,
  makeSystem,
  makeTicket,
  STRANGER,
} from '../../../helpers/factories.js';
import { delivered } from '../../../helpers/notices.js';
import { openServiceWorld, type ServiceWorld, snapshot } from '../../../helpers/world.js';

let sw: ServiceWorld;
beforeEach(async () => {
  // Tue 17 Nov, 10:00 in Detroit.
  sw = await openServiceWorld('2026-11-17T15:00:00Z');
});
afterEach(() => sw.close());

const makeSlot = async (startsAt: string, capacity = 1, booked = 0) =>
  makeSlotFor(sw.db, sw.world, startsAt, capacity, booked);

async function waitingTicket(style: 'on_prem' | 'unit_specified_location' = 'on_prem', delegate = false) {
  const replacement = await makeSystem(sw.db, sw.world, { userId: null, modelId: sw.world.models.latitude });
  return makeTicket(sw.db, sw.world, {
    style,
    delegate,
    status: 'pending_schedule_slot_discovery',
    replacementSystemId: replacement.id,
  });
}

const scheduling = async (style?: 'on_prem' | 'unit_specified_location', delegate = false) => {
  const ticket = await waitingTicket(style, delegate);
  await sw.db
    .update(refreshTickets)
    .set({ status: 'pending_customer_scheduling' })
    .where(eq(refreshTickets.id, ticket.id));
  return ticket;
};

const notices = async (ticketId: number, notice: string) =>
  (
    await sw.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.ticketId, ticketId), eq(outbox.notice, notice)))
  ).map(delivered);

/** The buttons of a Slack message payload, each with its value read as a ticket button's. */
function buttonsOf(payload: unknown) {
  const found: Array<{ text: string; actionId: string; value: TicketButtonValue | undefined }> = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const element = node as { type?: string; action_id?: string; value?: string; text?: { text: string } };
      if (element.type === 'button') {
        found.push({
          text: element.text?.text ?? '',
          actionId: element.action_id ?? '',
          value: ticketValue.parse(element.value),
        });
      } else Object.values(node).forEach(walk);
    }
  };
  walk(payload);
  return found;
}

const ticketRow = async (id: number) =>
  (await sw.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const slotRow = async (id: number) =>
  (await sw.db.select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0]!;

describe('slot discovery', () => {
  it('leaves tickets waiting while their team has fewer free slots than its minimum', async () => {
    await sw.db.update(supportTeams).set({ minFreeSlots: 3 });
    const ticket = await waitingTicket();
    await makeSlot('2026-11-23T14:00:00Z');
    await makeSlot('2026-11-23T15:00:00Z');
    // Full, deleted and past slots are not free.
    await makeSlot('2026-11-23T16:00:00Z', 2, 2);
    const deleted = await makeSlot('2026-11-23T17:00:00Z');
    await sw.db
      .update(scheduleSlots)
      .set({ deletedAt: sw.clock.now() })
      .where(eq(scheduleSlots.id, deleted.id));
    await makeSlot('2026-11-16T14:00:00Z');

    expect(await discoverSlots(sw.ctx, sw.clock.now())).toEqual({ invited: 0, teamsShort: 1 });
    expect((await ticketRow(ticket.id)).status).toBe('pending_schedule_slot_discovery');
    expect(await notices(ticket.id, 'slot_invitation')).toEqual([]);
  });

  it('moves tickets on and invites their customers once the team has enough free slots', async () => {
    await sw.db.update(supportTeams).set({ minFreeSlots: 3 });
    const ticket = await waitingTicket();
    const onHold = await makeTicket(sw.db, sw.world, {
      status: 'on_hold',
      statusBeforeHold: 'pending_schedule_slot_discovery',
    });
    for (const hour of ['14', '15', '16']) await makeSlot(`2026-11-23T${hour}:00:00Z`);

    expect(await discoverSlots(sw.ctx, sw.clock.now())).toEqual({ invited: 1, teamsShort: 0 });
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');
    expect((await ticketRow(onHold.id)).status).toBe('on_hold');
    const invitation = await notices(ticket.id, 'slot_invitation');
    expect(invitation.map((row) => [row.channel, row.recipient])).toEqual([
      ['slack_dm', CUSTOMER],
      ['email', 'casey@example.edu'],
    ]);
    const dm = JSON.stringify(invitation[0]!.payload);
    expect(dm).toContain('Mon 23 Nov, 09:00');
    // The button opens the booking modal for this ticket, as the status it was sent in.
    expect(buttonsOf(invitation[0]!.payload)).toEqual([
      {
        text: 'Pick a time',
        actionId: 'book_slot_open',
        value: { ticketId: ticket.id, status: 'pending_customer_scheduling' },
      },
    ]);
    expect(sw.ctx.noticesWritten).toHaveBeenCalled();
    // A second run finds nothing left to move.
    expect(await discoverSlots(sw.ctx, sw.clock.now())).toEqual({ invited: 0, teamsShort: 0 });
  });

  it('stresses the unit-specified location in the invitation', async () => {
    await sw.db.update(supportTeams).set({ minFreeSlots: 1 });
    const ticket = await waitingTicket('unit_specified_location');
    await makeSlot('2026-11-23T14:00:00Z');
    await discoverSlots(sw.ctx, sw.clock.now());
    const [dm, email] = await notices(ticket.id, 'slot_invitation');
    expect(JSON.stringify(dm!.payload)).toContain('*This refresh takes place at Angell Hall 2001 (Tech Bar)');
    expect(email!.payload).toMatchObject({
      subject: `Refresh #${ticket.id}: pick a time at Angell Hall 2001 (Tech Bar)`,
      data: { unitLocation: 'Angell Hall 2001 (Tech Bar)' },
    });
  });
});

describe('booking a slot', () => {
  it('books the slot, moves the ticket to delivery_scheduled and sends the confirmation with an .ics', async () => {
    const ticket = await scheduling();
    const slot = await makeSlot('2026-11-23T14:00:00Z', 2);
    const choices = await getBookingChoices(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id });
    expect(choices.days).toEqual([
      { label: 'Mon 23 Nov', slots: [{ id: slot.id, label: 'Mon 23 Nov · 09:00 – 10:00' }] },
    ]);

    const result = await bookSlot(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id });
    expect(result).toMatchObject({ booked: true, when: 'Mon 23 Nov, 09:00' });
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'delivery_scheduled',
      scheduleSlotId: slot.id,
    });
    expect((await slotRow(slot.id)).booked).toBe(1);
    // onSlotBooked: the ITSM ticket with tasks dated from day1, and the team channel post.
    expect(await notices(ticket.id, 'itsm_refresh')).toHaveLength(1);
    expect(await notices(ticket.id, 'delivery_booked')).toHaveLength(1);
    const [dm, email] = await notices(ticket.id, 'booking_confirmation');
    expect(JSON.stringify(dm!.payload)).toContain('booked for Mon 23 Nov, 09:00');
    expect(buttonsOf(dm!.payload)).toEqual([
      {
        text: 'Change time',
        actionId: 'book_slot_open',
        value: { ticketId: ticket.id, status: 'delivery_scheduled' },
      },
    ]);
    const payload = EmailPayload.parse(email!.payload);
    expect(payload.attachments).toBeUndefined();
    expect(payload.calendar).toMatchObject({
      method: 'REQUEST',
      sequence: 0,
      startsAt: new Date('2026-11-23T14:00:00.000Z'),
      endsAt: new Date('2026-11-23T15:00:00.000Z'),
    });
    const ics = appointmentIcs({ ...payload.calendar!, organizer: { email: 'otto@example.edu' } });
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent('vevent')!);
    // A random UID, kept on the ticket for the appointment's updates and cancellation.
    expect(event.uid).toBe((await ticketRow(ticket.id)).appointmentUid);
    expect(event.uid).toMatch(/^[0-9a-f-]{36}@/);
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-11-23T14:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(event.location).toBe('Angell Hall 3120');
    expect(sw.ctx.noticesWritten).toHaveBeenCalled();
  });

  it('lets the delegate book for a VIP, and refuses the customer then', async () => {
    const ticket = await scheduling('on_prem', true);
    const slot = await makeSlot('2026-11-23T14:00:00Z');
    const before = await snapshot(sw.db);
    await expect(async () =>
      bookSlot(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id }),
    ).rejects.toThrow(/Only the customer/);
    expect(await snapshot(sw.db)).toEqual(before);
    expect((await bookSlot(sw.ctx, { actor: DELEGATE, ticketId: ticket.id, slotId: slot.id })).booked).toBe(
      true,
    );
  });

  it('refuses strangers, tickets not waiting for a time, and slots of another team, changing nothing', async () => {
    const ticket = await scheduling();
    const slot = await makeSlot('2026-11-23T14:00:00Z');
    const otherTeam = (
      await sw.db.insert(supportTeams).values({ name: 'South', createdAt: sw.clock.now() }).returning()
    )[0]!.id;
    const foreign = (
      await sw.db
        .insert(scheduleSlots)
        .values({ supportTeamId: otherTeam, startsAt: slot.startsAt, endsAt: slot.endsAt, capacity: 1 })
        .returning()
    )[0]!;
    const waiting = await waitingTicket();
    const before = await snapshot(sw.db);
    const attempt = async (actor: string, ticketId: number, slotId: number) => {
      try {
        await bookSlot(sw.ctx, { actor, ticketId, slotId });
      } catch (error) {
        return error instanceof ServiceError ? error.kind : 'unexpected';
      }
      return 'booked';
    };
    expect(await attempt(STRANGER, ticket.id, slot.id)).toBe('not_allowed');
    expect(await attempt(CUSTOMER, waiting.id, slot.id)).toBe('conflict');
    expect(await attempt(CUSTOMER, ticket.id, foreign.id)).toBe('invalid');
    expect(await snapshot(sw.db)).toEqual(before);
    expect((await slotRow(slot.id)).booked).toBe(0);
    // A double submission: the second finds the ticket booked on that very slot already.
    expect(await attempt(CUSTOMER, ticket.id, slot.id)).toBe('booked');
    expect(await attempt(CUSTOMER, ticket.id, slot.id)).toBe('invalid');
    expect((await slotRow(slot.id)).booked).toBe(1);
  });

  it('answers a full, deleted or past slot with the next free times, changing nothing', async () => {
    const ticket = await scheduling();
    const full = await makeSlot('2026-11-23T14:00:00Z', 1, 1);
    const deleted = await makeSlot('2026-11-23T15:00:00Z');
    await sw.db
      .update(scheduleSlots)
      .set({ deletedAt: sw.clock.now() })
      .where(eq(scheduleSlots.id, deleted.id));
    const past = await makeSlot('2026-11-16T15:00:00Z');
    const free = await makeSlot('2026-11-24T14:00:00Z');
    const before = await snapshot(sw.db);
    for (const slot of [full, deleted, past]) {
      const result = await bookSlot(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id });
      expect(result.booked).toBe(false);
      if (result.booked) continue;
      expect(result.choices.days.flatMap((day) => day.slots.map((s) => s.id))).toEqual([free.id]);
    }
    expect(await snapshot(sw.db)).toEqual(before);
  });

  it('offers at most 100 free times, grouped by day', async () => {
    const ticket = await scheduling();
    for (let i = 0; i < 120; i += 1) {
      await makeSlot(
        new Date(
          Date.parse('2026-11-23T13:00:00Z') + Math.floor(i / 8) * 86_400_000 + (i % 8) * 3_600_000,
        ).toISOString(),
      );
    }
    const choices = await getBookingChoices(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id });
    expect(choices.days.reduce((n, day) => n + day.slots.length, 0)).toBe(100);
    expect(choices.days).toHaveLength(13);
    expect(choices.more).toBe(true);
  });
});

describe('appointment reminders', () => {
  async function booked(startsAt: string, style: 'on_prem' | 'unit_specified_location' = 'on_prem') {
    const ticket = await scheduling(style);
    const slot = await makeSlot(startsAt, 5);
    await bookSlot(sw.ctx, { actor: CUSTOMER, ticketId: ticket.id, slotId: slot.id });
    return ticket;
  }

  it('reminds on the business day before day1, once per ticket and slot', async () => {
    // Tuesday Nov 24 and Monday Nov 30 (after Thanksgiving and the weekend).
    const tuesday = await booked('2026-11-24T15:00:00Z', 'unit_specified_location');
    const monday = await booked('2026-11-30T15:00:00Z');
    const at = async (iso: string) => (await sendAppointmentReminders(sw.ctx, new Date(iso))).reminded;

    expect(await at('2026-11-22T14:30:00Z')).toBe(0); // Sunday
    expect(await at('2026-11-23T14:30:00Z')).toBe(1); // Monday: Tuesday's
    expect(await at('2026-11-23T20:00:00Z')).toBe(0); // again the same day: nothing twice
    const [dm, email] = await notices(tuesday.id, 'appointment_reminder');
    expect(JSON.stringify(dm!.payload)).toContain('Please be there at Tue 24 Nov, 10:00');
    expect(email!.payload).toMatchObject({ template: 'appointment-reminder' });
    expect(JSON.stringify(email!.payload)).toContain('Angell Hall 2001 (Tech Bar)');

    const friday = sw.ctx.calendar.isBusinessDay('2026-11-27') ? '2026-11-27' : '2026-11-25';
    expect(await at('2026-11-24T14:30:00Z')).toBe(0);
    expect(await at(`${friday}T14:30:00Z`)).toBe(1);
    expect(await notices(monday.id, 'appointment_reminder')).toHaveLength(2);
  });

  it('skips tickets no longer scheduled', async () => {
    const ticket = await booked('2026-11-24T15:00:00Z');
    await sw.db.update(refreshTickets).set({ status: 'on_hold' }).where(eq(refreshTickets.id, ticket.id));
    expect((await sendAppointmentReminders(sw.ctx, new Date('2026-11-23T14:30:00Z'))).reminded).toBe(0);
  });
});

describe('the .ics invitation', () => {
  it('folds long lines at 75 octets without splitting characters, with CRLF line ends', () => {
    const text = appointmentIcs({
      method: 'REQUEST',
      uid: '0f8e6b1a-7c55-4f57-a3a4-3c1f2d9e8b70@otto.example.edu',
      organizer: { name: 'Otto', email: 'otto@example.edu' },
      startsAt: new Date('2026-11-23T14:00:00Z'),
      endsAt: new Date('2026-11-23T15:00:00Z'),
      summary: 'Computer refresh #7, at the Tech Bar; bring it',
      location: `Angell Hall 2001 ${'é'.repeat(80)}`,
      description: 'Line one\nline two',
      sequence: 1,
      now: new Date('2026-11-17T15:00:00Z'),
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(text).toContain('DTSTAMP:20261117T150000Z\r\nDTSTART:20261123T140000Z\r\nDTEND:20261123T150000Z');
    expect(text).toContain('SUMMARY:Computer refresh #7\\, at the Tech Bar\\; bring it');
    const event = new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    expect(event.location).toBe(`Angell Hall 2001 ${'é'.repeat(80)}`);
    expect(event.description).toBe('Line one\nline two');
    expect(
      foldIcalLine('x'.repeat(150))
        .split('\r\n')
        .map((line) => line.length),
    ).toEqual([75, 75, 2]);
  });
});
