import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client.js';
import {
  configApprovers,
  events,
  people,
  refreshConfigs,
  refreshTickets,
  roles,
  scheduleSlotPreferences,
  scheduleSlots,
  supportTeams,
  systems,
} from '../../db/schema/index.js';
import type { RefreshStatus } from '../../src/domain/refresh/enums.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { shownBySlack, waitFor } from '../helpers/slack.js';

const ADMIN = 'U0ADMIN01';
const APPROVER = 'U0APPROVE';
const CUSTOMER = 'U0CUSTOMR';
const DELEGATE = 'U0DELEGAT';
const NEWCOMER = 'U0NEWCOME';
const now = new Date('2026-11-16T15:00:00Z');

async function seedTickets(db: Db, statuses: RefreshStatus[]) {
  const team = (
    await db.insert(supportTeams).values({ name: 'North Campus NIT', createdAt: now }).returning()
  )[0]!.id;
  const config = (
    await db
      .insert(refreshConfigs)
      .values({ name: 'LSA 2026', style: 'on_prem', requiresApproval: true, createdAt: now, updatedAt: now })
      .returning()
  )[0]!.id;
  await db.insert(configApprovers).values({ configId: config, slackUserId: APPROVER });
  const customer = (
    await db.insert(people).values({ email: 'c@x.edu', slackUserId: CUSTOMER }).returning()
  )[0]!.id;
  const delegate = (
    await db.insert(people).values({ email: 'd@x.edu', slackUserId: DELEGATE }).returning()
  )[0]!.id;
  for (const [i, status] of statuses.entries()) {
    const system = (
      await db
        .insert(systems)
        .values({ serial: `SN${i}`, name: `PC-${i}`, userId: customer, supportTeamId: team, updatedAt: now })
        .returning()
    )[0]!.id;
    await db.insert(refreshTickets).values({
      existingSystemId: system,
      userId: customer,
      delegateId: i === 0 ? delegate : undefined,
      configId: config,
      style: 'on_prem',
      status,
      createdBy: ADMIN,
      createdAt: now,
      updatedAt: now,
    });
  }
}

describe('the App Home tab', () => {
  let app: TestApp;
  afterEach(async () => app?.stop());

  async function openHome(userId: string): Promise<string> {
    const before = app.standIn.callsTo('views.publish').length;
    const response = await app.driver.appHomeOpened(userId);
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    await waitFor(() => app.standIn.callsTo('views.publish').length > before);
    const published = app.standIn.callsTo('views.publish').at(-1)!;
    expect(published.ok).toBe(true);
    expect(published.args.user_id).toBe(userId);
    return JSON.stringify(app.standIn.home(userId)?.blocks);
  }

  it('greets someone with no role and tells them Otto will write when their computer is due', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const home = await openHome(NEWCOMER);
    expect(home).toContain(`Hi <@${NEWCOMER}>! Otto coordinates the refresh of your computer.`);
    expect(home).toContain('You have no refresh in progress.');
    expect(home).not.toContain('Problems');
  });

  it('shows an admin the Problems counts', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await seedTickets(app.otto.ctx.db, [
      'pending_location_info',
      'pending_location_info',
      'pending_itsm_existence',
      'complete',
    ]);
    const home = await openHome(ADMIN);
    expect(home).toContain('You’re here as *Refresh admin*.');
    expect(home).toContain('*Pending location info*\\n2');
    expect(home).toContain('*Pending ITSM existence*\\n1');
  });

  it('shows a manager the Problems too, and a slot admin their team', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await seedTickets(app.otto.ctx.db, ['pending_itsm_existence']);
    const at = now;
    await app.otto.ctx.db.insert(roles).values([
      { slackUserId: NEWCOMER, role: 'manager', grantedBy: ADMIN, grantedAt: at },
      {
        slackUserId: NEWCOMER,
        role: 'slot_admin',
        scope: 'North Campus NIT',
        grantedBy: ADMIN,
        grantedAt: at,
      },
    ]);
    const home = await openHome(NEWCOMER);
    expect(home).toContain('*Refresh manager*, *Schedule slot admin*');
    expect(home).toContain('*Pending ITSM existence*\\n1');
    expect(home).toContain('*Schedule slots · North Campus NIT*\\nNo slots in the next two weeks.');
  });

  it('shows an approver what awaits their approval', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await seedTickets(app.otto.ctx.db, ['requires_approval', 'requires_approval', 'pending_ordering']);
    const home = await openHome(APPROVER);
    expect(home).toContain('You’re here as *Approver*.');
    expect(home).toContain('2 refresh tickets await your approval.');
    expect(home).not.toContain('Problems');
  });

  it('shows a customer their open tickets, and a delegate the ones they act for', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await seedTickets(app.otto.ctx.db, ['pending_customer', 'pending_ordering', 'canceled']);
    const customerHome = await openHome(CUSTOMER);
    expect(customerHome).toContain(
      '*#1* · PC-0 (SN0)\\n:arrow_forward: *Answers to Otto’s questions* · since Mon 16 Nov',
    );
    // The delegate answers for the customer, who has nothing to press.
    expect(customerHome).toContain('*Next:* d@x.edu answers Otto’s questions for you');
    expect(customerHome).toContain(
      '*#2* · PC-1 (SN1)\\n:white_check_mark: Answers to Otto’s questions\\n:white_check_mark: Approval\\n:arrow_forward: *Ordering the new computer*',
    );
    expect(customerHome).not.toContain('SN2');
    expect(customerHome).not.toContain('wizard_start');
    const delegateHome = await openHome(DELEGATE);
    expect(delegateHome).toContain('*#1* · PC-0 (SN0) · for c@x.edu, as their delegate');
    expect(delegateHome).toContain('*Next:* Answer a few questions about c@x.edu’s new computer');
    expect(delegateHome.match(/"action_id":"wizard_start"/g)).toHaveLength(1);
    expect(delegateHome).not.toContain('SN1');
  });

  it('lists the Problems tickets under the counts, first 10 per status with View buttons', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await seedTickets(app.otto.ctx.db, [
      ...Array.from({ length: 12 }, () => 'pending_location_info' as const),
      'pending_itsm_existence',
    ]);
    const home = await openHome(ADMIN);
    expect(home).toContain('*Pending location info*\\n12');
    expect(home).toContain('*Pending location info: fill the location form*');
    expect(home).toContain('*Pending ITSM existence: replacement not found in the ITSM yet*');
    // A ticket waiting on the ITSM shows its last lookup and Retry lookup instead of View.
    expect(home.match(/"action_id":"ticket_view"/g)).toHaveLength(10);
    expect(home.match(/"action_id":"retry_lookup"/g)).toHaveLength(1);
    expect(home).toContain('not looked up yet');
    expect(home).toContain('…and 2 more.');
    expect(home).toContain('*#13* · PC-12 (SN12)');
  });

  it('lists a delivery whose ITSM ticket was cancelled under Problems, until its ITSM ticket is another', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const db = app.otto.ctx.db;
    await seedTickets(db, ['delivery_scheduled', 'delivery_scheduled']);
    const [first, second] = await db.select().from(refreshTickets).orderBy(refreshTickets.id);
    await db.update(refreshTickets).set({ itsmTicketId: '5501' }).where(eq(refreshTickets.id, first!.id));
    await db.update(refreshTickets).set({ itsmTicketId: '5502' }).where(eq(refreshTickets.id, second!.id));
    const cancelled = (ticketId: number, itsmTicketId: string) => ({
      ticketId,
      source: 'itsm' as const,
      kind: 'itsm_ticket_cancelled',
      ok: false,
      detail: { itsmTicketId, status: 'Cancelled' },
      at: now,
    });
    // The second's cancelled ITSM ticket is an older one: it has another now.
    await db.insert(events).values([cancelled(first!.id, '5501'), cancelled(second!.id, '4400')]);
    const home = await openHome(ADMIN);
    expect(home).toContain('*ITSM ticket cancelled*\\n1');
    expect(home).toContain(
      '*ITSM ticket cancelled: cancel the refresh, or hold it while that is sorted out*',
    );
    expect(home).toContain(`*#${first!.id}* · PC-0 (SN0)`);
    expect(home).not.toContain(`*#${second!.id}* · PC-1 (SN1)`);
  });

  it('gives a customer Continue on a ticket waiting for them, with the approver’s reason after a denial', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    await seedTickets(app.otto.ctx.db, ['pending_customer', 'pending_ordering']);
    await app.otto.ctx.db
      .update(refreshTickets)
      .set({ denialReason: 'Pick the <proposed> model, please.', decidedBy: APPROVER, decidedAt: now });
    // Ticket #1 is answered by the customer's delegate: they get the button and the reason.
    const home = await openHome(DELEGATE);
    expect(home).toContain('*The approver asked for changes:* Pick the &lt;proposed&gt; model, please.');
    expect(home.match(/"action_id":"wizard_start"/g)).toHaveLength(1);
    expect(home).toContain(JSON.stringify(JSON.stringify({ ticketId: 1, status: 'pending_customer' })));
    // A ticket past the wizard shows no reason and no button.
    const customerHome = await openHome(CUSTOMER);
    expect(customerHome).toContain('*#2* · PC-1 (SN1)\\n:white_check_mark: Answers');
    expect(customerHome.match(/"action_id":"wizard_start"/g)).toBeNull();
    expect(customerHome.match(/asked for changes/g)).toHaveLength(1);
  });

  it('shows each module’s sections by band: what waits for the person, their team’s tools, their own refresh', async () => {
    app = await startTestApp({ admins: [APPROVER] });
    await seedTickets(app.otto.ctx.db, ['requires_approval', 'pending_location_info']);
    // The approver is also the customer of both tickets, and the team's slot admin.
    await app.otto.ctx.db
      .update(people)
      .set({ slackUserId: APPROVER })
      .where(eq(people.slackUserId, CUSTOMER));
    await app.otto.ctx.db.insert(roles).values({
      slackUserId: APPROVER,
      role: 'slot_admin',
      scope: 'North Campus NIT',
      grantedBy: ADMIN,
      grantedAt: now,
    });
    const home = await openHome(APPROVER);
    const order = [
      'Hi <@U0APPROVE>! You’re here as *Refresh admin*, *Schedule slot admin*, *Approver*, *Customer*.',
      // Waiting: refresh's approvals and problems.
      '"text":"Awaiting your approval"',
      '"text":"Problems"',
      // The team's tools: scheduling's slots, slot rules and calendar.
      '*Schedule slots · North Campus NIT*',
      '*Weekly slot rules · North Campus NIT*',
      '"text":"Calendar · next 7 days"',
      // Their own: refresh's customer section, then the footer.
      '"text":"Your refresh"',
      'Type `/otto help` to see what you can do.',
    ];
    const at = order.map((text) => home.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it('stays inside 100 blocks for someone who is admin, approver, slot admin and customer at once', async () => {
    app = await startTestApp({ admins: [APPROVER] });
    await seedTickets(app.otto.ctx.db, [
      ...Array.from({ length: 30 }, () => 'requires_approval' as const),
      ...Array.from({ length: 30 }, () => 'pending_location_info' as const),
      ...Array.from({ length: 30 }, () => 'pending_itsm_existence' as const),
    ]);
    // The approver is also the customer of every ticket.
    await app.otto.ctx.db
      .update(people)
      .set({ slackUserId: APPROVER })
      .where(eq(people.slackUserId, CUSTOMER));
    for (let i = 0; i < 8; i += 1) {
      // Real teams with rules and slots, so the slot rules and the calendar take their share too.
      const teamId = (
        await app.otto.ctx.db
          .insert(supportTeams)
          .values({ name: `Team ${i}`, createdAt: now })
          .returning()
      )[0]!.id;
      for (const weekday of [1, 2, 3]) {
        await app.otto.ctx.db.insert(scheduleSlotPreferences).values({
          supportTeamId: teamId,
          weekdays: [weekday],
          startTime: '09:00',
          endTime: '12:00',
          slotMinutes: 60,
          capacity: 2,
          effectiveFrom: '2026-11-01',
          updatedBy: ADMIN,
          updatedAt: now,
        });
      }
      for (let day = 1; day <= 6; day += 1) {
        await app.otto.ctx.db.insert(scheduleSlots).values({
          supportTeamId: teamId,
          startsAt: new Date(now.getTime() + day * 86_400_000),
          endsAt: new Date(now.getTime() + day * 86_400_000 + 3_600_000),
          capacity: 2,
        });
      }
      await app.otto.ctx.db.insert(roles).values({
        slackUserId: APPROVER,
        role: 'slot_admin',
        scope: `Team ${i}`,
        grantedBy: ADMIN,
        grantedAt: now,
      });
    }
    await openHome(APPROVER);
    const blocks = app.standIn.home(APPROVER)!.blocks;
    expect(app.standIn.callsTo('views.publish').at(-1)?.ok).toBe(true);
    expect(blocks.length).toBeLessThanOrEqual(100);
    // The slot rules take only the room left: the sections after them are all there.
    const shown = JSON.stringify(blocks);
    expect(shown).toContain('*Weekly slot rules · Team 0*');
    expect(shown).toContain('"text":"Calendar · next 7 days"');
    expect(shown).toContain('"text":"Your refresh"');
    expect(shown).toContain('Type `/otto help` to see what you can do.');
  });

  it('answers a button it no longer knows with a fresh Home and changes nothing', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    // An old Home with a button whose listener is gone.
    app.standIn.addUser({ id: NEWCOMER, name: 'newcomer' });
    await fetch(`${app.standIn.apiUrl}views.publish`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.standIn.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        user_id: NEWCOMER,
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              elements: [
                {
                  type: 'button',
                  action_id: 'retired_action',
                  text: { type: 'plain_text', text: 'Old button' },
                },
              ],
            },
          ],
        },
      }),
    });
    const publishes = app.standIn.callsTo('views.publish').length;
    const response = await app.driver.clickButton(NEWCOMER, 'Old button', { surface: 'home' });
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    await waitFor(() => app.standIn.callsTo('views.publish').length > publishes);
    expect(JSON.stringify(app.standIn.home(NEWCOMER)?.blocks)).toContain('You have no refresh in progress.');
  });
});

describe('/otto help and direct messages', () => {
  let app: TestApp;
  afterEach(async () => app?.stop());

  it('lists the subcommands, also for a bare /otto', async () => {
    app = await startTestApp();
    for (const text of ['help', '']) {
      const response = await app.driver.slashCommand(NEWCOMER, text);
      const reply = response.json as { response_type: string; text: string };
      expect(reply.response_type).toBe('ephemeral');
      expect(shownBySlack(reply.text)).toBe(
        'Otto commands you can use: `/otto case`, `/otto case <number>`, `/otto calendar [team]`, `/otto help`.',
      );
    }
  });

  it('answers an unknown subcommand with a pointer to help', async () => {
    app = await startTestApp();
    const response = await app.driver.slashCommand(NEWCOMER, 'frobnicate now');
    expect((response.json as { text: string }).text).toBe(
      'Otto has no `frobnicate` command. Type `/otto help` to see what it can do.',
    );
  });

  it('answers a direct message with where to find things', async () => {
    app = await startTestApp();
    const sent = await app.driver.messageIm(NEWCOMER, 'hello?');
    expect(sent.status).toBe(200);
    const dm = app.standIn.dmChannelId(NEWCOMER);
    const reply = await waitFor(() => app.standIn.messages(dm).find((m) => m.user === app.standIn.botUserId));
    expect(reply.text).toContain('type `/otto help` to see my commands');
  });

  it('does not answer bot messages or edits, so it never talks to itself', async () => {
    app = await startTestApp();
    const dm = app.standIn.dmChannelId(NEWCOMER);
    for (const extra of [{ bot_id: 'B0OTTO', user: app.standIn.botUserId }, { subtype: 'message_changed' }]) {
      const body = JSON.stringify({
        type: 'event_callback',
        team_id: app.standIn.teamId,
        api_app_id: app.standIn.appId,
        event_id: `Ev${Math.random().toString(36).slice(2)}`,
        event_time: Math.floor(Date.now() / 1000),
        event: {
          type: 'message',
          channel: dm,
          channel_type: 'im',
          user: NEWCOMER,
          text: 'hi',
          ts: '1.000001',
          ...extra,
        },
      });
      const response = await app.driver.post(body, 'application/json', app.driver.sign(body));
      expect(response.status).toBe(200);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(app.standIn.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
