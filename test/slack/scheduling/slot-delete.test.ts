import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, refreshTickets, scheduleSlots } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { deleteSlot } from '../../../src/services/refresh/booking/delete-slot.js';
import { manageTicket } from '../../../src/services/refresh/tickets/manage-ticket.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import {
  ADMIN,
  CUSTOMER,
  grant,
  MANAGER,
  makeTicket,
  STRANGER,
  seedWorld,
  type World,
} from '../../helpers/factories.js';
import { inOrder } from '../../helpers/in-order.js';
import { waitFor } from '../../helpers/slack.js';
import { outboxOf } from '../../helpers/world.js';

const HOUR = 60 * 60 * 1000;

describe('the slot admin’s slot list and deleting a slot', () => {
  let app: TestApp;
  let world: World;
  beforeEach(async () => {
    app = await startTestApp({ clock: new ManualClock('2026-11-16T15:00:00Z') });
    world = await seedWorld(app.otto.ctx.db, app.clock.now());
    await grant(app.otto.ctx.db, MANAGER, 'slot_admin', 'North Campus NIT');
  });
  afterEach(async () => app.stop());

  const db = () => app.otto.ctx.db;
  const slot = async (startsAt: string, booked = 0) =>
    (
      await db()
        .insert(scheduleSlots)
        .values({
          supportTeamId: world.teamId,
          startsAt: new Date(startsAt),
          endsAt: new Date(new Date(startsAt).getTime() + HOUR),
          capacity: 2,
          booked,
        })
        .returning()
    )[0]!;
  const slotRow = async (id: number) =>
    (await db().select().from(scheduleSlots).where(eq(scheduleSlots.id, id)).limit(1))[0]!;
  const ticketRow = async (id: number) =>
    (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
  const modalText = () => JSON.stringify(app.standIn.topModal(MANAGER));

  async function reply(user: string, text: string) {
    const before = app.standIn.responses().length;
    await app.driver.slashCommand(user, text);
    return waitFor(() => app.standIn.responses()[before]?.body as { text?: string } | undefined);
  }

  it('lists the next two weeks with bookings, and Delete asks each booked customer to reschedule', async () => {
    const full = await slot('2026-11-17T14:00:00Z', 2);
    const free = await slot('2026-11-18T14:00:00Z');
    await slot('2026-12-10T14:00:00Z'); // beyond two weeks: not listed
    const booked = await inOrder(
      [1, 2],
      async () =>
        (await makeTicket(db(), world, { status: 'delivery_scheduled', scheduleSlotId: full.id })).id,
    );

    await app.driver.slashCommand(MANAGER, 'slots');
    await waitFor(() => app.standIn.topModal(MANAGER));
    const listed = modalText();
    expect(listed).toContain('2 of 2 booked');
    expect(listed).toContain(`#${booked[0]}`);
    expect(listed).toContain('Wed 18 Nov');
    expect(listed).toContain('The Tue 17 Nov, 09:00 slot has 2 bookings');
    expect(listed).not.toContain('Dec');
    // The Delete button carries Slack's confirmation dialog.
    expect(listed).toContain('Delete this slot?');
    expect(listed).toContain('each customer will be asked to pick another time');

    await app.driver.clickButton(MANAGER, 'Delete', { surface: 'modal' });
    await waitFor(() => (modalText().includes('was deleted') ? true : undefined));

    expect(await slotRow(full.id)).toMatchObject({ deletedBy: MANAGER, booked: 0 });
    expect((await slotRow(full.id)).deletedAt).toBeInstanceOf(Date);
    expect((await slotRow(free.id)).deletedAt).toBeNull();
    for (const id of booked) {
      expect(await ticketRow(id)).toMatchObject({
        status: 'pending_customer_scheduling',
        scheduleSlotId: null,
      });
      const audit = await db().select().from(audits).where(eq(audits.ticketId, id));
      expect(audit.map((a) => a.action)).toEqual(['reschedule_requested']);
      // invite_to_schedule: the customer is invited to pick again, by DM and e-mail, and nothing else.
      expect((await outboxOf(db(), id)).map((row) => [row.channel, row.recipient, row.notice])).toEqual([
        ['slack_dm', CUSTOMER, 'slot_invitation'],
        ['email', 'casey@example.edu', 'slot_invitation'],
      ]);
    }
    expect(await db().select().from(audits).where(eq(audits.entity, 'schedule_slot'))).toHaveLength(1);
    const after = modalText();
    expect(after).toContain('2 customers were asked to pick another time');
    expect(after).not.toContain(`slot_${full.id}`);
  });

  it('shows the slot admin the next two weeks on the Home, by day with who is booked, and deletes from there', async () => {
    // Tue 17 Nov: 09:00 fully booked (2 of 2), 10:00 free; Wed 18 Nov: 09:00 with one of two seats.
    const full = await slot('2026-11-17T14:00:00Z', 2);
    const free = await slot('2026-11-17T15:00:00Z');
    const half = await slot('2026-11-18T14:00:00Z', 1);
    await slot('2026-12-10T14:00:00Z'); // beyond two weeks: not shown
    const booked = await inOrder(
      [1, 2],
      async () =>
        (await makeTicket(db(), world, { status: 'delivery_scheduled', scheduleSlotId: full.id })).id,
    );
    await makeTicket(db(), world, { status: 'delivery_scheduled', scheduleSlotId: half.id });

    await app.driver.appHomeOpened(MANAGER);
    const home = () => JSON.stringify(app.standIn.home(MANAGER)?.blocks ?? []);
    await waitFor(() => (home().includes('Schedule slots · North Campus NIT') ? true : undefined));
    // Slots and seats are counted apart; booked and free are seats.
    expect(home()).toContain(
      'next two weeks, times in America/Detroit\\n3 slots · 6 seats · 3 booked · *3 free*',
    );
    expect(home()).toContain('*Tue 17 Nov* · 2 slots · 4 seats · 2 booked · *2 free*');
    expect(home()).toContain(
      `09:00–10:00 · 2 of 2 booked: Casey Customer (refresh #${booked[0]}), Casey Customer (refresh #${booked[1]})`,
    );
    expect(home()).toContain('10:00–11:00 · free (2 seats)');
    expect(home()).toContain('*Wed 18 Nov* · 1 slot · 2 seats · 1 booked · *1 free*');
    expect(home()).not.toContain('10 Dec');
    expect(home()).toContain('Delete this slot?');

    await app.driver.selectOption(MANAGER, /\*Tue 17 Nov\*/, '10:00–11:00 · free', { surface: 'home' });
    await waitFor(async () => ((await slotRow(free.id)).deletedAt ? true : undefined));
    expect(await slotRow(free.id)).toMatchObject({ deletedBy: MANAGER });
    expect((await slotRow(full.id)).deletedAt).toBeNull();
    // The Home is published again without it, and the slot admin is told which slot went.
    await waitFor(() => (home().includes('10:00–11:00 · free') ? undefined : true));
    expect(home()).toContain('*Tue 17 Nov* · 1 slot · 2 seats · 2 booked · *0 free*');
    const notes = (user: string) =>
      app.standIn.messages(app.standIn.dmChannelId(user)).filter((m) => m.ephemeralFor === user);
    await waitFor(() =>
      notes(MANAGER).some((m) =>
        m.text?.includes('The Tue 17 Nov, 10:00 slot of North Campus NIT was deleted.'),
      )
        ? true
        : undefined,
    );

    // A slot admin of another team replays the select from their own Home: refused, nothing changes.
    await grant(db(), STRANGER, 'slot_admin', 'Another Team');
    const body = `payload=${encodeURIComponent(
      JSON.stringify({
        type: 'block_actions',
        user: { id: STRANGER },
        team: { id: 'T0TEST' },
        trigger_id: app.standIn.issueTriggerId(STRANGER),
        actions: [
          {
            type: 'static_select',
            action_id: 'slot_delete',
            block_id: 'b',
            selected_option: {
              text: { type: 'plain_text', text: '09:00–10:00' },
              value: JSON.stringify({ slotId: full.id }),
            },
          },
        ],
        container: { type: 'view', view_id: 'V0HOME' },
        view: { type: 'home', id: 'V0HOME', callback_id: '', state: { values: {} } },
      }),
    )}`;
    expect(
      (await app.driver.post(body, 'application/x-www-form-urlencoded', app.driver.sign(body))).status,
    ).toBe(200);
    await waitFor(() =>
      notes(STRANGER).some((m) => m.text?.includes('Only the schedule slot admins of North Campus NIT'))
        ? true
        : undefined,
    );
    expect((await slotRow(full.id)).deletedAt).toBeNull();
  });

  it('takes a held ticket’s booking at once and tells its customer, so resuming only asks them to book again; refuses a second delete', async () => {
    const s = await slot('2026-11-17T14:00:00Z', 1);
    const held = await makeTicket(db(), world, {
      status: 'on_hold',
      statusBeforeHold: 'delivery_scheduled',
      scheduleSlotId: s.id,
    });
    const result = await deleteSlot(app.otto.ctx, { actor: MANAGER, slotId: s.id });
    expect(result).toMatchObject({ rescheduled: [], onHold: [held.id], unassigned: [] });
    expect(await ticketRow(held.id)).toMatchObject({
      status: 'on_hold',
      statusBeforeHold: 'delivery_scheduled',
      scheduleSlotId: null,
    });
    // The customer hears the appointment is off now (the refresh is on hold), the ITSM that day 1 is.
    const atDeletion = [
      ['slack_dm', CUSTOMER, 'appointment_withdrawn'],
      ['email', 'casey@example.edu', 'appointment_withdrawn'],
      ['itsm', 'itsm', 'itsm_update_ticket'],
    ];
    expect((await outboxOf(db(), held.id)).map((row) => [row.channel, row.recipient, row.notice])).toEqual(
      atDeletion,
    );

    // Resumed: the booking is gone, so the ITSM hears a new time is being booked and the customer
    // is invited to pick one, by DM and e-mail, without being told again that the old one is off.
    await manageTicket(app.otto.ctx, { type: 'resume' }, { actor: MANAGER, ticket: held.id });
    expect(await ticketRow(held.id)).toMatchObject({
      status: 'pending_customer_scheduling',
      statusBeforeHold: null,
      scheduleSlotId: null,
    });
    expect((await outboxOf(db(), held.id)).map((row) => [row.channel, row.recipient, row.notice])).toEqual([
      ...atDeletion,
      ['itsm', 'itsm', 'itsm_update_ticket'],
      ['slack_dm', CUSTOMER, 'slot_invitation'],
      ['email', 'casey@example.edu', 'slot_invitation'],
    ]);
    const auditsBefore = (await db().select().from(audits)).length;
    await expect(async () => deleteSlot(app.otto.ctx, { actor: MANAGER, slotId: s.id })).rejects.toThrow(
      /already deleted/,
    );
    await expect(async () => deleteSlot(app.otto.ctx, { actor: MANAGER, slotId: 9999 })).rejects.toThrow(
      /no slot #9999/,
    );
    expect(await db().select().from(audits)).toHaveLength(auditsBefore);
  });

  it('lets only that team’s slot admins list or delete its slots', async () => {
    const s = await slot('2026-11-17T14:00:00Z', 1);
    const t = await makeTicket(db(), world, { status: 'delivery_scheduled', scheduleSlotId: s.id });
    await grant(db(), STRANGER, 'slot_admin', 'Another Team');
    for (const user of [ADMIN, STRANGER]) {
      await expect(async () => deleteSlot(app.otto.ctx, { actor: user, slotId: s.id })).rejects.toThrow(
        'Only the schedule slot admins of North Campus NIT can manage its slots.',
      );
    }
    expect((await reply(STRANGER, 'slots North Campus NIT')).text).toBe(
      'Only the schedule slot admins of North Campus NIT can manage its slots.',
    );
    expect((await reply(ADMIN, 'slots')).text).toMatch(/you are not one for any team/);
    expect((await reply(MANAGER, 'slots Nowhere')).text).toBe('There is no support team called “Nowhere”.');
    expect((await slotRow(s.id)).deletedAt).toBeNull();
    expect(await ticketRow(t.id)).toMatchObject({ status: 'delivery_scheduled', scheduleSlotId: s.id });
  });
});
