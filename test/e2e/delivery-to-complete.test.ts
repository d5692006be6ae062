// Issue 4 items 5–6 end to end through the Slack stand-in, for each style and both ITSM adapters:
// a pending_ordering ticket gets its replacement by `/otto assign`, the lookup queue finds it,
// the delivery by style (tracking number, slot, generic slot), the outbox delivers the ITSM
// ticket, the ITSM ticket is closed (built-in: its channel message's button; TeamDynamix: its
// status), and the twice-daily sync completes the refresh ticket with the completion notice.
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { emailLog, events, itsmTasks, scheduleSlots, systems } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import type { RefreshStyle } from '../../src/domain/refresh/enums.js';
import { onSlotBooked } from '../../src/services/refresh/delivery/on-slot-booked.js';
import { importInventory } from '../../src/services/refresh/inventory/import-inventory.js';
import { applyTransition } from '../../src/services/refresh/tickets/apply-transition.js';
import { loadTicket } from '../../src/services/refresh/tickets/load-ticket.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN, CUSTOMER, MANAGER, makeTicket, seedWorld } from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';
import { startTdxStandIn, type TdxStandIn, tdxTenant } from '../helpers/tdx-standin.js';

const CHANNEL = 'C0REFRESH';
const TEAM_CHANNEL = 'C0NORTHNIT';

let app: TestApp | undefined;
let tdx: TdxStandIn | undefined;
afterEach(async () => {
  await app?.stop();
  await tdx?.close();
  app = undefined;
  tdx = undefined;
});

type Adapter = 'builtin' | 'teamdynamix';

async function start(adapter: Adapter) {
  // Tuesday 2026-11-17, 10:00 in Detroit.
  const clock = new ManualClock('2026-11-17T15:00:00Z');
  if (adapter === 'teamdynamix') tdx = await startTdxStandIn();
  app = await startTestApp({
    clock,
    env: tdx ? tdx.env({ responsibleGroups: { 'North NIT': 901 } }) : {},
  });
  return { app, clock, world: await seedWorld(app.otto.ctx.db, clock.now()) };
}

const cases: Array<[RefreshStyle, Adapter]> = (
  ['remote_customer', 'on_prem', 'unit_specified_location', 'no_customer'] as const
).flatMap((style) =>
  (['builtin', 'teamdynamix'] as const).map((adapter): [RefreshStyle, Adapter] => [style, adapter]),
);

describe('from pending_ordering to complete', () => {
  it.each(cases)('%s through the %s ITSM', async (style, adapter) => {
    const { app, clock, world } = await start(adapter);
    const db = app.otto.ctx.db;
    const ticket = await makeTicket(db, world, {
      style,
      status: 'pending_ordering',
      ...(style === 'no_customer' ? { userId: null } : {}),
      ...(style === 'remote_customer'
        ? {
            shippingAddress: {
              recipient: 'Casey Customer',
              line1: '500 S State St',
              city: 'Ann Arbor',
              region: 'MI',
              postalCode: '48109',
              country: 'US',
            },
          }
        : {}),
    });
    const existing = (
      await db.select().from(systems).where(eq(systems.id, ticket.existingSystemId)).limit(1)
    )[0]!;
    const replacementSerial = `NEW-${ticket.id}`;
    const asset = tdx?.addAsset({ SerialNumber: replacementSerial, Name: 'LSA-NEW' });
    const casey = tdx?.addPerson({ email: 'casey@example.edu', name: 'Casey Customer' });
    const current = async () => loadTicket(db, ticket.id);

    // The admin assigns the replacement; the lookup queue finds it in the ITSM.
    await app.driver.slashCommand(ADMIN, `assign ${existing.serial} ${replacementSerial}`, '/otto', CHANNEL);
    await waitFor(async () => (await current()).status === 'pending_itsm_existence');
    // The built-in ITSM finds a pasted replacement once the inventory has it: the depot imports it.
    if (!tdx) await importSerial(app, replacementSerial);
    await app.otto.scheduler.runJob('replacement-lookup');
    const expected = {
      remote_customer: 'pending_delivery',
      on_prem: 'pending_schedule_slot_discovery',
      unit_specified_location: 'pending_schedule_slot_discovery',
      no_customer: 'delivery_scheduled',
    } as const;
    expect((await current()).status).toBe(expected[style as keyof typeof expected]);

    if (style === 'remote_customer') {
      await app.driver.slashCommand(
        MANAGER,
        `tracking ${replacementSerial} 1Z999AA10123456784`,
        '/otto',
        CHANNEL,
      );
      await waitFor(async () => (await current()).trackingNumber === '1Z999AA10123456784');
    } else if (style === 'no_customer') {
      const slot = (
        await db
          .select()
          .from(scheduleSlots)
          .where(eq(scheduleSlots.id, (await current()).scheduleSlotId!))
          .limit(1)
      )[0];
      expect(slot).toMatchObject({ startsAt: new Date('2026-11-18T05:00:00Z'), booked: 1 });
    } else {
      // The scheduling issue's part, as it will run it: the customer books a slot (day1).
      const slot = (
        await db
          .insert(scheduleSlots)
          .values({
            supportTeamId: world.teamId,
            startsAt: new Date('2026-11-23T15:00:00Z'),
            endsAt: new Date('2026-11-23T16:00:00Z'),
            capacity: 3,
            booked: 1,
          })
          .returning()
      )[0]!;
      const waiting = await current();
      await db.transaction(async (tx) => {
        const invited = await applyTransition(
          tx,
          waiting,
          { type: 'slots_available' },
          { actor: 'otto', now: clock.now() },
        );
        const booked = await applyTransition(
          tx,
          invited.ticket,
          { type: 'slot_booked' },
          {
            actor: CUSTOMER,
            now: clock.now(),
            set: { scheduleSlotId: slot.id },
          },
        );
        await onSlotBooked(tx, app.otto.ctx, booked.ticket, slot, clock.now());
      });
    }

    // The outbox delivers the ITSM ticket (and closes the Windows prestage task).
    await app.otto.dispatcher.runOnce();
    const itsmTicketId = (await current()).itsmTicketId;
    expect(itsmTicketId).toBeTruthy();
    const created = await db.select().from(events).where(eq(events.ticketId, ticket.id));
    expect(created.find((e) => e.kind === 'itsm_ticket_created')).toMatchObject({
      ok: true,
      detail: { adapter },
    });
    expect(created.find((e) => e.kind === 'itsm_task_closed')).toMatchObject({
      ok: true,
      detail: { taskKind: 'prestage' },
    });
    if (style === 'on_prem' || style === 'unit_specified_location') {
      const posts = app.standIn.messages(TEAM_CHANNEL).map((m) => m.text);
      expect(posts.some((t) => t.includes(`Refresh #${ticket.id} booked`))).toBe(true);
    }

    // Not closed yet: the sync leaves it.
    await app.otto.scheduler.runJob('itsm-sync');
    expect((await current()).status).not.toBe('complete');

    // The ITSM ticket is closed.
    if (adapter === 'builtin') {
      const prestage = (await db.select().from(itsmTasks).where(eq(itsmTasks.kind, 'prestage')).limit(1))[0];
      expect(prestage).toMatchObject({ status: 'done', completedBy: 'otto' });
      await app.driver.clickButton(MANAGER, 'Close ticket', { surface: 'message', channel: TEAM_CHANNEL });
    } else {
      // A ticket the tenant's technicians can work: its ids, the customer, the team's group, the asset.
      expect(tdx!.tickets.get(Number(itsmTicketId))).toMatchObject({
        TypeID: 101,
        FormID: 201,
        StatusID: 301,
        PriorityID: 20,
        AccountID: 5,
        SourceID: 8,
        ServiceID: 77,
        RequestorUid: style === 'no_customer' ? tdxTenant.serviceAccountUid : casey!.UID,
        ResponsibleGroupID: 901,
        Assets: [asset!.ID],
      });
      expect(tdx!.tickets.get(Number(itsmTicketId))!.Tasks.every((t) => t.ResponsibleGroupID === 901)).toBe(
        true,
      );
      expect(tdx!.callsTo('POST', /\/tasks\/\d+\/feed$/)).toHaveLength(1);
      tdx!.setStatus(Number(itsmTicketId), 3);
    }

    // The next sync, within 12 hours, completes the refresh ticket.
    clock.set('2026-11-18T00:00:00Z'); // 19:00 in Detroit
    await waitFor(async () => {
      await app.otto.scheduler.runJob('itsm-sync');
      return (await current()).status === 'complete';
    });
    await app.otto.dispatcher.runOnce();
    const dms = app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).map((m) => m.text);
    const mails = await db.select().from(emailLog).where(eq(emailLog.ticketId, ticket.id));
    if (style === 'no_customer') {
      expect(dms).toEqual([]);
      expect(mails).toEqual([]);
    } else {
      expect(dms.at(-1)).toBe(`Your refresh #${ticket.id} is complete.`);
      expect(mails.at(-1)).toMatchObject({
        to: 'casey@example.edu',
        subject: `Refresh #${ticket.id} is complete`,
      });
    }
    if (style === 'remote_customer') {
      expect(dms[0]).toContain('1Z999AA10123456784');
      expect(mails.map((m) => m.subject)).toContain(`Refresh #${ticket.id}: your new computer has shipped`);
    }
  });
});

/** A systems file naming the replacement: the inventory now has it. */
async function importSerial(on: TestApp, serial: string) {
  const imported = await importInventory(on.otto.ctx, {
    actor: ADMIN,
    kind: 'systems',
    csv: `serial\n${serial}\n`,
  });
  expect(imported.ok).toBe(true);
}

describe('a Mac replacement shipped to a remote customer', () => {
  it('asks Mac Engineering for MDM setup by e-mail, at the address the configuration gives', async () => {
    const clock = new ManualClock('2026-11-17T15:00:00Z');
    app = await startTestApp({ clock, env: { MAC_ENGINEERING_EMAIL: 'mac-eng@example.edu' } });
    const db = app.otto.ctx.db;
    const world = await seedWorld(db, clock.now());
    const ticket = await makeTicket(db, world, {
      style: 'remote_customer',
      status: 'pending_ordering',
      chosenModelId: world.models.macbook,
      shippingAddress: {
        recipient: 'Casey Customer',
        line1: '500 S State St',
        city: 'Ann Arbor',
        region: 'MI',
        postalCode: '48109',
        country: 'US',
      },
    });
    const existing = (
      await db.select().from(systems).where(eq(systems.id, ticket.existingSystemId)).limit(1)
    )[0]!;

    await app.driver.slashCommand(ADMIN, `assign ${existing.serial} MAC-${ticket.id}`, '/otto', CHANNEL);
    await waitFor(async () => (await loadTicket(db, ticket.id)).status === 'pending_itsm_existence');
    await importSerial(app, `MAC-${ticket.id}`);
    await app.otto.scheduler.runJob('replacement-lookup');
    expect((await loadTicket(db, ticket.id)).status).toBe('pending_delivery');
    await app.otto.dispatcher.runOnce();

    const macMails = (await db.select().from(emailLog).where(eq(emailLog.ticketId, ticket.id))).filter(
      (mail) => mail.to === 'mac-eng@example.edu',
    );
    expect(macMails).toHaveLength(1);
    expect(macMails[0]?.subject).toMatch(/MDM/);
    // Mac replacements are not prestaged, so no prestage task is asked for.
    const tasks = await db.select().from(itsmTasks);
    expect(tasks.map((task) => task.kind)).not.toContain('prestage');
  });
});
