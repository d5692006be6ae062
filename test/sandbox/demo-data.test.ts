// The sandbox's demo: every status and style, and the four flows the browser tests walk.
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  batches,
  deskAccounts,
  deskCategories,
  deskGroups,
  people,
  refreshConfigs,
  refreshTickets,
  scheduleSlotPreferences,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { refreshStatuses, refreshStyles } from '../../src/domain/refresh/enums.js';
import { demoBatchSerials, demoPeople, seedDemoData } from '../../src/sandbox/demo-data.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { type SlackStandIn, startSlackStandIn, waitFor } from '../helpers/slack.js';

const AVERY = 'U0DEMOADMN';
const PAT = 'U0DEMOAPPR';
const CASEY = 'U0DEMOCUST';
const RILEY = 'U0DEMOREMO';

let standIn: SlackStandIn;
let app: TestApp;
// Mon 16 Nov, 10:00 in Detroit.
const clock = () => new ManualClock('2026-11-16T15:00:00Z');

beforeEach(async () => {
  standIn = await startSlackStandIn();
  for (const person of demoPeople) standIn.addUser(person);
  app = await startTestApp({ standIn, clock: clock() });
});
afterEach(async () => {
  await app.stop();
  await standIn.close();
});

const db = () => app.otto.ctx.db;
const seed = async () => seedDemoData(app.otto.ctx, app.clock.now());
const ticketsOf = async (slackUserId: string) =>
  (
    await db()
      .select({ ticket: refreshTickets })
      .from(refreshTickets)
      .innerJoin(people, eq(people.id, refreshTickets.userId))
      .where(eq(people.slackUserId, slackUserId))
  ).map((row) => row.ticket);
const ticket = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const dm = (user: string) => ({ surface: 'message' as const, channel: standIn.dmChannelId(user) });

describe('the demo data', () => {
  it('sets up the service desk: seed 003’s groups with a triage group, and rules /otto desk route tries', async () => {
    await seed();
    const groups = await db().select().from(deskGroups);
    expect(groups.map((g) => g.name).sort()).toEqual([
      'AV',
      'Care desk team',
      'Database Vendors',
      'Facilities',
      'IT',
      'Maintenance',
      'Websites',
    ]);
    expect(groups.filter((g) => g.isTriage).map((g) => g.name)).toEqual(['Care desk team']);
    expect(await db().select().from(deskCategories)).toHaveLength(6);
    expect(await db().select().from(deskAccounts)).toHaveLength(3);
    await app.driver.slashCommand(AVERY, 'desk route The projector in 204 is blank | since this morning');
    const reply = await waitFor(() => standIn.responses().at(-1));
    expect((reply.body as { text: string }).text).toBe(
      'Rule 1, *Projectors*, would route this to *AV*, for <@U0DEMODEPO> (the group’s main person): subject has “projector”.\n_Nothing was opened._',
    );
  });

  it('fills an empty database, and only an empty one', async () => {
    expect(await seed()).toBe(true);
    const count = (await db().select().from(refreshTickets)).length;
    expect(await seed()).toBe(false);
    expect(await db().select().from(refreshTickets)).toHaveLength(count);
  });

  it('has a ticket in every status and of every style, each as the services leave it', async () => {
    await seed();
    const tickets = await db().select().from(refreshTickets);
    expect(new Set(tickets.map((t) => t.status))).toEqual(new Set(refreshStatuses));
    expect(new Set(tickets.map((t) => t.style))).toEqual(new Set(refreshStyles));

    for (const t of tickets) {
      const config = (
        await db().select().from(refreshConfigs).where(eq(refreshConfigs.id, t.configId)).limit(1)
      )[0]!;
      expect(config.style).toBe(t.style);
      // Past the wizard: its answers are on the ticket.
      if (['requires_approval', 'pending_schedule_slot_discovery', 'delivery_scheduled'].includes(t.status)) {
        expect(t.wizardState).not.toBeNull();
        expect(t.chosenModelId !== null || t.differentDeviceRequested).toBe(true);
      }
      // Past ordering: a replacement in the inventory.
      if (['pending_itsm_existence', 'pending_customer_scheduling', 'pending_delivery'].includes(t.status)) {
        const replacement = (
          await db().select().from(systems).where(eq(systems.id, t.replacementSystemId!)).limit(1)
        )[0];
        expect(replacement?.status).toBe('replacement');
      }
    }
    const held = tickets.find((t) => t.status === 'on_hold')!;
    expect(held.statusBeforeHold).toBe('pending_customer');

    const scheduled = tickets.find((t) => t.status === 'delivery_scheduled')!;
    const slot = (
      await db().select().from(scheduleSlots).where(eq(scheduleSlots.id, scheduled.scheduleSlotId!)).limit(1)
    )[0]!;
    const seated = tickets.filter((t) => t.scheduleSlotId === slot.id).length;
    expect(slot.booked).toBe(seated);
    expect(slot.startsAt > app.clock.now()).toBe(true);
    expect(scheduled.itsmTicketId).not.toBeNull();
  });

  it('gives each of the three teams slot rules and free slots ahead', async () => {
    await seed();
    const teams = await db().select().from(supportTeams);
    expect(teams).toHaveLength(3);
    for (const team of teams) {
      const rules = await db()
        .select()
        .from(scheduleSlotPreferences)
        .where(eq(scheduleSlotPreferences.supportTeamId, team.id));
      expect(rules.length).toBeGreaterThan(0);
      const free = await db()
        .select()
        .from(scheduleSlots)
        .where(
          and(
            eq(scheduleSlots.supportTeamId, team.id),
            gt(scheduleSlots.startsAt, app.clock.now()),
            isNull(scheduleSlots.deletedAt),
            sql`${scheduleSlots.booked} < ${scheduleSlots.capacity}`,
          ),
        );
      expect(free.length).toBeGreaterThan(5);
    }
  });

  it('lets Riley walk the remote wizard from the Home tab to submission', async () => {
    await seed();
    const [mine] = await ticketsOf(RILEY);
    expect(mine).toMatchObject({ style: 'remote_customer', status: 'pending_customer' });

    await app.driver.appHomeOpened(RILEY);
    await waitFor(() => standIn.home(RILEY));
    await app.driver.clickButton(RILEY, 'Start', { surface: 'home' });
    await waitFor(() => standIn.topModal(RILEY));
    await app.driver.submitModal(RILEY, {
      Recipient: 'Riley Remote',
      'Street address': '500 S State St',
      City: 'Ann Arbor',
      'State or region': 'MI',
      'ZIP or postal code': '48109',
      Country: 'US',
    });
    for (let page = 0; page < 5 && (await ticket(mine!.id)).status === 'pending_customer'; page++) {
      await app.driver.submitModal(RILEY);
    }
    // The config requires approval: Pat is asked next.
    expect((await ticket(mine!.id)).status).toBe('requires_approval');
  });

  it('lets Pat approve from the Home tab', async () => {
    await seed();
    await app.driver.appHomeOpened(PAT);
    await waitFor(() => standIn.home(PAT));
    const waiting = async () =>
      db().select().from(refreshTickets).where(eq(refreshTickets.status, 'requires_approval'));
    const before = (await waiting()).length;
    expect(before).toBeGreaterThan(0);
    await app.driver.clickButton(PAT, 'Approve', { surface: 'home' });
    await waitFor(async () => (await waiting()).length === before - 1);
    const decided = await db().select().from(refreshTickets).where(eq(refreshTickets.decidedBy, PAT));
    expect(
      decided.some(
        (t) => t.status !== 'requires_approval' && t.decidedAt?.getTime() === app.clock.now().getTime(),
      ),
    ).toBe(true);
  });

  it('has invited Casey to book an on-prem delivery, with free times to pick from', async () => {
    await seed();
    const [mine] = await ticketsOf(CASEY);
    expect(mine).toMatchObject({ style: 'on_prem', status: 'pending_customer_scheduling' });
    await app.otto.dispatcher.runOnce();

    await app.driver.clickButton(CASEY, 'Pick a time', dm(CASEY));
    const modal = await waitFor(() => standIn.topModal(CASEY));
    const [first] = JSON.stringify(modal.blocks).match(/Tue 17 Nov · \d\d:\d\d – \d\d:\d\d/) ?? [];
    // Today is Monday: the lead time offers times from Tuesday on.
    expect(first).toMatch(/^Tue 17 Nov · /);
    await app.driver.submitModal(CASEY, { 'Delivery time': first! });
    const booked = await ticket(mine!.id);
    expect(booked.status).toBe('delivery_scheduled');
    const slot = (
      await db().select().from(scheduleSlots).where(eq(scheduleSlots.id, booked.scheduleSlotId!)).limit(1)
    )[0]!;
    expect(slot.booked).toBe(1);
  });

  it('keeps serials in the inventory without a ticket for Avery’s `/otto batch new`', async () => {
    await seed();
    const channel = 'C0NORTHNIT';
    await app.driver.slashCommand(AVERY, 'batch new', '/otto', channel);
    await waitFor(() => standIn.topModal(AVERY));
    await app.driver.submitModal(AVERY, {
      'Batch name': 'Demo wave 2',
      'Serial numbers': demoBatchSerials.join('\n'),
    });
    const batch = await waitFor(async () => {
      const row = (await db().select().from(batches).where(eq(batches.name, 'Demo wave 2')).limit(1))[0];
      const message = row?.messageTs ? standIn.message(channel, row.messageTs) : undefined;
      return message && JSON.stringify(message.blocks).includes('Create tickets') ? row : undefined;
    });
    await app.driver.clickButton(AVERY, 'Create tickets', { surface: 'message', channel });
    await waitFor(() => standIn.topModal(AVERY));
    await app.driver.submitModal(AVERY, { 'Refresh config': 'Engineering on-prem 2026' });
    const created = await waitFor(async () => {
      const rows = await db().select().from(refreshTickets).where(eq(refreshTickets.batchId, batch.id));
      return rows.length === demoBatchSerials.length ? rows : undefined;
    });
    expect(created.every((t) => t.status === 'pending_customer')).toBe(true);
  });
});
