import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { events, people, scheduleSlots, supportTeams } from '../../../../db/schema/index.js';
import { genericSlotStart } from '../../../../src/services/refresh/delivery/book-generic-slot.js';
import { depotBuildDue } from '../../../../src/services/refresh/delivery/delivery-plan.js';
import { onSlotBooked } from '../../../../src/services/refresh/delivery/on-slot-booked.js';
import { openDeliveryItsmTicket } from '../../../../src/services/refresh/delivery/open-delivery-itsm-ticket.js';
import { loadTicket } from '../../../../src/services/refresh/tickets/load-ticket.js';
import { eventsOf, openServiceWorld, outboxOf, type ServiceWorld } from '../../../helpers/world.js';
import { awaitingLookup, found, slotOf } from './support.js';

let sw: ServiceWorld;
afterEach(() => sw?.close());

describe('delivery by style, once the replacement is found', () => {
  it('remote Windows: pending_delivery, an ITSM ticket with prestage and NIT setup, the prestage closed at once', async () => {
    sw = await openServiceWorld();
    const { ticket } = await awaitingLookup(sw, 'remote_customer');
    expect((await found(sw, ticket.id)).status).toBe('pending_delivery');
    const rows = await outboxOf(sw.db, ticket.id);
    expect(rows.map((r) => [r.channel, r.notice])).toEqual([
      ['itsm', 'itsm_refresh'],
      ['itsm', 'itsm_close_task'],
    ]);
    expect(rows[0]!.payload).toMatchObject({
      operation: 'create_ticket',
      kind: 'refresh',
      requestedBy: 'otto',
      tasks: [{ kind: 'prestage' }, { kind: 'nit_delivery' }],
    });
    expect(JSON.stringify(rows[0]!.payload)).toContain('Ship to: Casey Customer, 500 S State St');
    expect(rows[1]!.payload).toEqual({ operation: 'close_task', task: { kind: 'prestage' } });
    // Asked again (a retried effect) writes nothing twice.
    const again = await sw.db.transaction(async (tx) =>
      openDeliveryItsmTicket(tx, sw.ctx, await loadTicket(tx, ticket.id), sw.clock.now()),
    );
    expect(again).toBeUndefined();
    expect(await outboxOf(sw.db, ticket.id)).toHaveLength(2);
  });

  it('remote Mac: no prestage; Mac Engineering is e-mailed for MDM setup, or the skip is recorded', async () => {
    sw = await openServiceWorld();
    const withAddress = await awaitingLookup(sw, 'remote_customer', 'mac');
    await found(sw, withAddress.ticket.id, {
      ...sw.ctx,
      refresh: { macEngineeringEmail: 'mac-eng@example.edu' },
    });
    const rows = await outboxOf(sw.db, withAddress.ticket.id);
    expect(rows.map((r) => [r.channel, r.recipient, r.notice])).toEqual([
      ['itsm', 'itsm', 'itsm_refresh'],
      ['email', 'mac-eng@example.edu', 'mac_mdm_request'],
    ]);
    expect(rows[0]!.payload).toMatchObject({ tasks: [{ kind: 'nit_delivery' }] });
    expect(rows[1]!.payload).toMatchObject({
      template: 'mac-mdm',
      data: { ticketId: withAddress.ticket.id, shipTo: expect.stringContaining('Ann Arbor') },
    });

    const without = await awaitingLookup(sw, 'remote_customer', 'mac');
    await found(sw, without.ticket.id);
    expect((await outboxOf(sw.db, without.ticket.id)).map((r) => r.notice)).toEqual(['itsm_refresh']);
    expect(await eventsOf(sw.db, without.ticket.id)).toMatchObject([
      { kind: 'mac_mdm_request_skipped', ok: false, detail: { reason: 'MAC_ENGINEERING_EMAIL is not set' } },
    ]);
  });

  it('no_customer: delivery_scheduled on the team’s generic 00:00 slot, an ITSM ticket dated from it, no notices', async () => {
    // Tuesday 2026-11-17, 10:00 in Detroit: the next business day is Wednesday.
    sw = await openServiceWorld('2026-11-17T15:00:00Z');
    const first = await awaitingLookup(sw, 'no_customer');
    const second = await awaitingLookup(sw, 'no_customer');
    const saved = await found(sw, first.ticket.id);
    await found(sw, second.ticket.id);
    expect(saved.status).toBe('delivery_scheduled');
    const start = new Date('2026-11-18T05:00:00Z'); // Wednesday 00:00 EST
    expect(genericSlotStart(sw.ctx.calendar, sw.clock.now())).toEqual(start);
    const slots = await sw.db.select().from(scheduleSlots);
    expect(slots).toMatchObject([
      { supportTeamId: sw.world.teamId, startsAt: start, capacity: 2, booked: 2, preferenceId: null },
    ]);
    // advanceFound returns the row the transition saved; the slot is set by its effect.
    expect(await slotOf(sw.db, (await loadTicket(sw.db, first.ticket.id)).scheduleSlotId)).toMatchObject({
      startsAt: start,
    });
    for (const { ticket } of [first, second]) {
      const rows = await outboxOf(sw.db, ticket.id);
      expect(rows.every((r) => r.channel === 'itsm')).toBe(true);
      expect(rows[0]!.payload).toMatchObject({
        tasks: [
          { kind: 'prestage' },
          { kind: 'depot_build', dueAt: start.toISOString() },
          { kind: 'nit_delivery', dueAt: start.toISOString() },
        ],
      });
    }
  });

  it('names the customer, the support team and the replacement, with the asset id TeamDynamix found', async () => {
    sw = await openServiceWorld();
    const { ticket, replacement } = await awaitingLookup(sw, 'remote_customer');
    const [customer] = await sw.db.select().from(people).where(eq(people.id, ticket.userId!));
    await sw.db
      .update(supportTeams)
      .set({ itsmGroup: 'NIT-North' })
      .where(eq(supportTeams.id, ticket.supportTeamId!));
    const [team] = await sw.db.select().from(supportTeams).where(eq(supportTeams.id, ticket.supportTeamId!));
    await sw.db.insert(events).values({
      ticketId: ticket.id,
      source: 'itsm',
      kind: 'itsm_lookup',
      ok: true,
      detail: { adapter: 'teamdynamix', serial: replacement.serial, found: true, assetId: '5501' },
      at: sw.clock.now(),
    });
    await found(sw, ticket.id);
    const [request] = await outboxOf(sw.db, ticket.id);
    expect(request!.payload).toMatchObject({
      requestor: { email: customer!.email, name: customer!.name },
      supportTeam: { name: team!.name, itsmGroup: 'NIT-North' },
      replacement: { serial: replacement.serial, assetId: '5501' },
    });
  });

  it('leaves the asset id to the ITSM when the lookup was the built-in desk’s or of another serial', async () => {
    sw = await openServiceWorld();
    const { ticket, replacement } = await awaitingLookup(sw, 'no_customer');
    await sw.db.insert(events).values({
      ticketId: ticket.id,
      source: 'itsm',
      kind: 'itsm_lookup',
      ok: true,
      detail: { adapter: 'builtin', serial: replacement.serial, found: true, assetId: '12' },
      at: sw.clock.now(),
    });
    await found(sw, ticket.id);
    const [request] = await outboxOf(sw.db, ticket.id);
    expect((request!.payload as { replacement?: unknown }).replacement).toEqual({
      serial: replacement.serial,
    });
    // No customer: no requestor; the ITSM names its own.
    expect(request!.payload).not.toHaveProperty('requestor');
  });

  it('on_prem and unit_specified_location wait for a slot: nothing is asked of the ITSM yet', async () => {
    sw = await openServiceWorld();
    for (const style of ['on_prem', 'unit_specified_location'] as const) {
      const { ticket } = await awaitingLookup(sw, style);
      expect((await found(sw, ticket.id)).status).toBe('pending_schedule_slot_discovery');
      expect(await outboxOf(sw.db, ticket.id)).toEqual([]);
    }
  });
});

describe('onSlotBooked (called by scheduling when an on-prem slot is booked)', () => {
  it('requests the ITSM ticket with tasks dated from day1 and tells the team’s channel; a new slot re-dates them', async () => {
    sw = await openServiceWorld();
    const { ticket } = await awaitingLookup(sw, 'unit_specified_location', 'mac');
    const saved = await found(sw, ticket.id);
    // Monday 2026-11-23 10:00 EST; the depot builds by Friday 10:00.
    const day1 = new Date('2026-11-23T15:00:00Z');
    const slot = (
      await sw.db
        .insert(scheduleSlots)
        .values({
          supportTeamId: sw.world.teamId,
          startsAt: day1,
          endsAt: new Date('2026-11-23T16:00:00Z'),
          capacity: 2,
        })
        .returning()
    )[0]!;
    await sw.db.transaction(async (tx) => onSlotBooked(tx, sw.ctx, saved, slot, sw.clock.now()));
    expect(depotBuildDue(sw.ctx.calendar, day1)).toEqual(new Date('2026-11-20T15:00:00Z'));
    let rows = await outboxOf(sw.db, ticket.id);
    expect(rows.map((r) => [r.channel, r.recipient, r.notice])).toEqual([
      ['itsm', 'itsm', 'itsm_refresh'],
      ['slack_channel', 'C0NORTHNIT', 'delivery_booked'],
    ]);
    expect(rows[0]!.payload).toMatchObject({
      tasks: [
        { kind: 'depot_build', dueAt: '2026-11-20T15:00:00.000Z' },
        { kind: 'nit_delivery', dueAt: '2026-11-23T15:00:00.000Z' },
      ],
    });
    expect(JSON.stringify(rows[0]!.payload)).toContain('Angell Hall 2001 (Tech Bar)');
    expect(JSON.stringify(rows[1]!.payload)).toContain('Mon 23 Nov');

    // Rebooked on Tuesday 13:00: the same ITSM ticket's tasks move; the channel hears it.
    const later = (
      await sw.db
        .insert(scheduleSlots)
        .values({
          supportTeamId: sw.world.teamId,
          startsAt: new Date('2026-11-24T18:00:00Z'),
          endsAt: new Date('2026-11-24T19:00:00Z'),
          capacity: 2,
        })
        .returning()
    )[0]!;
    await sw.db.transaction(async (tx) => onSlotBooked(tx, sw.ctx, saved, later, sw.clock.now()));
    rows = await outboxOf(sw.db, ticket.id);
    expect(rows.map((r) => r.notice)).toEqual([
      'itsm_refresh',
      'delivery_booked',
      'itsm_update_ticket',
      'delivery_booked',
    ]);
    expect(rows[2]!.payload).toMatchObject({
      operation: 'update_ticket',
      tasks: [
        { kind: 'depot_build', dueAt: '2026-11-23T18:00:00.000Z' },
        { kind: 'nit_delivery', dueAt: '2026-11-24T18:00:00.000Z' },
      ],
    });
    expect(JSON.stringify(rows[3]!.payload)).toContain('rescheduled');
  });
});
