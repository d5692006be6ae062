import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, configApprovers, outbox, refreshTickets } from '../../../db/schema/index.js';
import { sendFridayDigest } from '../../../src/services/refresh/digest/index.js';
import { enqueueTicketEffects } from '../../../src/services/refresh/tickets/run-effects.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { APPROVER, CUSTOMER, MANAGER, makeTicket, STRANGER, type World } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import {
  callsAfter,
  dmMessages,
  emails,
  openHome,
  snapshot,
  world,
} from '../../services/refresh/approvals/slack-support.js';

let app: TestApp;
afterEach(async () => app?.stop());

/** A ticket whose customer just finished the wizard and needs approval: approvers are asked. */
async function awaitingApproval(w: World, options: Parameters<typeof makeTicket>[2] = {}) {
  const { db } = app.otto.ctx;
  const ticket = await makeTicket(db, w, { status: 'requires_approval', ...options });
  await db.transaction(async (tx) =>
    enqueueTicketEffects(tx, app.otto.ctx, ticket, [{ type: 'notify_approvers' }], app.clock.now()),
  );
  return ticket;
}

const ticketRow = async (id: number) =>
  (await app.otto.ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;

describe('approvals through Slack', () => {
  it('asks the approver by DM and e-mail, and Approve in the DM decides and tells the customer', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w, { chosenModelId: w.models.macbook });
    await app.otto.dispatcher.runOnce();

    const dm = app.standIn.dmChannelId(APPROVER);
    const request = dmMessages(app, APPROVER).at(-1)!;
    expect(request.text).toBe(`Refresh #${ticket.id} for Casey Customer needs your approval.`);
    expect(JSON.stringify(request.blocks)).toContain('another platform was chosen');
    const approverMail = emails(app).find((e) => e.body.includes('pat@example.edu'));
    expect(approverMail?.body).toContain(`Refresh #${ticket.id} needs your approval`);
    expect(approverMail?.body).toContain('a model other than the proposed one was chosen');

    const response = await app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: dm });
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    // The DM becomes the decision, without buttons.
    await waitFor(() => app.standIn.message(dm, request.ts)?.text === `Refresh #${ticket.id} approved.`);
    const decided = JSON.stringify(app.standIn.message(dm, request.ts)?.blocks);
    expect(decided).toContain(`approved* by <@${APPROVER}>`);
    expect(decided).not.toContain('ticket_approve');

    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_ordering',
      decidedBy: APPROVER,
      decidedAt: app.clock.now(),
    });
    await app.otto.dispatcher.runOnce();
    const customerDm = dmMessages(app, CUSTOMER).at(-1);
    expect(customerDm?.text).toBe(`Your refresh #${ticket.id} was approved.`);
    const customerMail = emails(app).find((e) => e.body.includes('casey@example.edu'));
    expect(customerMail?.body).toContain('Pat Approver approved the refresh of your computer');
    expect(customerMail?.body).toContain(`Refresh #${ticket.id} was approved`);
  });

  it('Deny from the Home asks for a reason, sends the ticket back, and the customer sees why', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    const home = await openHome(app, APPROVER);
    expect(home).toContain('1 refresh ticket await your approval.');

    await app.driver.clickButton(APPROVER, 'Deny', { surface: 'home' });
    const modal = await waitFor(() => app.standIn.topModal(APPROVER));
    expect(modal.type === 'modal' && modal.title.text).toBe(`Deny refresh #${ticket.id}`);

    // Whitespace passes Slack's client but not Otto: answered on the field, nothing changes.
    const before = await snapshot(app.otto.ctx.db);
    await app.driver.submitModal(APPROVER, { 'Why? The customer sees this': '   ' });
    expect(app.driver.lastErrors(APPROVER)).toEqual({
      deny_reason: 'Say why, so the customer knows what to change.',
    });
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);

    const publishes = app.standIn.callsTo('views.publish').length;
    await app.driver.submitModal(APPROVER, {
      'Why? The customer sees this': 'Please keep the proposed Latitude; *Macs* need a written reason.',
    });
    expect(app.standIn.topModal(APPROVER)).toBeUndefined();
    await callsAfter(app, 'views.publish', publishes);
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_customer',
      denialReason: 'Please keep the proposed Latitude; *Macs* need a written reason.',
      decidedBy: APPROVER,
    });
    expect(JSON.stringify(app.standIn.home(APPROVER)?.blocks)).toContain('Nothing awaits your approval.');

    await app.otto.dispatcher.runOnce();
    const notice = dmMessages(app, CUSTOMER).at(-1)!;
    expect(notice.text).toContain('needs another look: Please keep the proposed Latitude');
    expect(JSON.stringify(notice.blocks)).toContain('"text":"Continue"');
    const mail = emails(app).find((e) => e.body.includes('casey@example.edu'));
    expect(mail?.body).toContain('Please keep the proposed Latitude; *Macs* need a written reason.');

    // The customer's Home shows the reason and a Continue button for the wizard.
    const customerHome = await openHome(app, CUSTOMER);
    expect(customerHome).toContain('*Your approver asked for changes:* Please keep the proposed Latitude');
    expect(customerHome).toContain(`"action_id":"wizard_start"`);
    expect(customerHome).toContain(
      JSON.stringify(JSON.stringify({ ticketId: ticket.id, status: 'pending_customer' })),
    );
  });

  it('answers a non-approver pressing Approve with “not allowed”, and changes nothing', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    // A forwarded or forged button on someone else's Home.
    const value = JSON.stringify({ ticketId: ticket.id, status: 'requires_approval' });
    for (const user of [STRANGER, MANAGER]) {
      await fetch(`${app.standIn.apiUrl}views.publish`, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.standIn.botToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          user_id: user,
          view: {
            type: 'home',
            blocks: [
              {
                type: 'actions',
                elements: [
                  {
                    type: 'button',
                    action_id: 'ticket_approve',
                    text: { type: 'plain_text', text: 'Approve' },
                    value,
                  },
                ],
              },
            ],
          },
        }),
      });
    }
    const before = await snapshot(app.otto.ctx.db);
    for (const user of [STRANGER, MANAGER]) {
      const published = app.standIn.callsTo('views.publish').length;
      const response = await app.driver.clickButton(user, 'Approve', { surface: 'home' });
      expect(response.status).toBe(200);
      await callsAfter(app, 'views.publish', published);
      const note = await waitFor(() => dmMessages(app, user).at(-1));
      expect(note.text).toBe(
        `Only the approvers of the config “LSA on_prem” can approve refresh #${ticket.id}; nothing was changed (it is now waiting for approval).`,
      );
      // The Home is re-published as the person may see it: no approve button.
      expect(JSON.stringify(app.standIn.home(user)?.blocks)).not.toContain('ticket_approve');
    }
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);
  });

  it('decides once on a double click on Approve and tells the second click where the ticket stands', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await openHome(app, APPROVER);
    const published = app.standIn.callsTo('views.publish').length;
    const clicks = await Promise.all([
      app.driver.clickButton(APPROVER, 'Approve', { surface: 'home' }),
      app.driver.clickButton(APPROVER, 'Approve', { surface: 'home' }),
    ]);
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    await callsAfter(app, 'views.publish', published, 2);
    const note = await waitFor(() => dmMessages(app, APPROVER).find((m) => m.text.includes('changed since')));
    expect(note.text).toBe(
      `Refresh #${ticket.id} changed since you saw it: it is now waiting to be ordered (approved by <@${APPROVER}>). Nothing was changed.`,
    );
    const db = app.otto.ctx.db;
    expect(await db.select().from(audits).where(eq(audits.action, 'approve'))).toHaveLength(1);
    expect(
      (await db.select().from(outbox).where(eq(outbox.notice, 'approved')).orderBy(asc(outbox.id))).map(
        (r) => r.channel,
      ),
    ).toEqual(['slack_dm', 'email']);
    expect((await ticketRow(ticket.id)).status).toBe('pending_ordering');
  });

  it('answers a stale DM button ephemerally with the ticket’s state, and changes nothing', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    // A manager puts it on hold meanwhile; the approver's DM still shows the buttons.
    await app.driver.slashCommand(MANAGER, `hold ${ticket.id}`);
    expect((await ticketRow(ticket.id)).status).toBe('on_hold');

    const before = await snapshot(app.otto.ctx.db);
    const dm = app.standIn.dmChannelId(APPROVER);
    const request = dmMessages(app, APPROVER).at(-1)!;
    await app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: dm, ts: request.ts });
    const answer = await waitFor(() => app.standIn.messages(dm).find((m) => m.ephemeralFor === APPROVER));
    expect(answer.text).toBe(
      `Refresh #${ticket.id} changed since you saw it: it is now on hold (it was waiting for approval). Nothing was changed.`,
    );
    expect(await snapshot(app.otto.ctx.db)).toEqual(before);
    // The request itself is left as it was.
    expect(app.standIn.message(dm, request.ts)?.text).toBe(request.text);
  });

  it('turns every approver’s request DM into the decision, wherever it was made', async () => {
    app = await startTestApp();
    const w = await world(app);
    const db = app.otto.ctx.db;
    await db.insert(configApprovers).values({ configId: w.configs.on_prem, slackUserId: STRANGER });
    const ticket = await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    const otherRequest = dmMessages(app, STRANGER).at(-1)!;
    expect(JSON.stringify(otherRequest.blocks)).toContain('ticket_approve');

    await openHome(app, APPROVER);
    await app.driver.clickButton(APPROVER, 'Approve', { surface: 'home' });
    const dm = app.standIn.dmChannelId(STRANGER);
    await waitFor(() => app.standIn.message(dm, otherRequest.ts)?.text === `Refresh #${ticket.id} approved.`);
    expect(JSON.stringify(app.standIn.message(dm, otherRequest.ts)?.blocks)).not.toContain('ticket_approve');
    // The approver's own request DM, too.
    const own = dmMessages(app, APPROVER).find((m) => m.text.startsWith(`Refresh #${ticket.id}`));
    expect(own?.text).toBe(`Refresh #${ticket.id} approved.`);
  });

  it('decides one row of the Friday digest: that row shows the outcome, the others keep their buttons', async () => {
    app = await startTestApp();
    const w = await world(app);
    const { db } = app.otto.ctx;
    const [a, b, c] = [
      await makeTicket(db, w, { status: 'requires_approval' }),
      await makeTicket(db, w, { status: 'requires_approval' }),
      await makeTicket(db, w, { status: 'requires_approval' }),
    ] as const;
    await sendFridayDigest(app.otto.ctx, app.clock.now());
    await app.otto.dispatcher.runOnce();
    const dm = app.standIn.dmChannelId(APPROVER);
    const digest = dmMessages(app, APPROVER).find((m) =>
      m.text.startsWith('Your refresh tickets this week'),
    )!;
    const blocksNow = () => JSON.stringify(app.standIn.message(dm, digest.ts)?.blocks);
    const row = (id: number, actionId: string) => ({ blockId: `decide_${id}`, actionId });
    const here = { surface: 'message' as const, channel: dm, ts: digest.ts };

    await app.driver.clickButton(APPROVER, row(a.id, 'ticket_approve'), here);
    await waitFor(async () => (await ticketRow(a.id)).status === 'pending_ordering');
    await waitFor(() => blocksNow().includes(`Approved by <@${APPROVER}>`));
    const after = app.standIn.message(dm, digest.ts)!;
    expect(after.text).toBe(digest.text);
    expect(blocksNow()).toContain('Your refresh tickets');
    expect(blocksNow()).not.toContain(`"decide_${a.id}"`);
    for (const other of [b, c]) expect(blocksNow()).toContain(`"decide_${other.id}"`);

    // Deny another row through the reason form: only that row changes again.
    await app.driver.clickButton(APPROVER, row(b.id, 'ticket_deny'), here);
    await waitFor(() => app.standIn.topModal(APPROVER));
    await app.driver.submitModal(APPROVER, { 'Why? The customer sees this': 'Keep the proposed model.' });
    await waitFor(async () => (await ticketRow(b.id)).status === 'pending_customer');
    await waitFor(() => blocksNow().includes(`Denied by <@${APPROVER}>`));
    expect(blocksNow()).toContain(`Approved by <@${APPROVER}>`);
    expect(blocksNow()).toContain(`"decide_${c.id}"`);

    // A decision made elsewhere (the Home) reaches the digest's row too.
    await openHome(app, APPROVER);
    await app.driver.clickButton(APPROVER, 'Approve', { surface: 'home' });
    await waitFor(async () => (await ticketRow(c.id)).status === 'pending_ordering');
    await waitFor(() => !blocksNow().includes(`"decide_${c.id}"`));
    expect(blocksNow().match(/Approved by/g)).toHaveLength(2);
  });

  it('shows a denial made from the Home on the request DMs, reason included', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    const request = dmMessages(app, APPROVER).at(-1)!;
    await openHome(app, APPROVER);
    await app.driver.clickButton(APPROVER, 'Deny', { surface: 'home' });
    await waitFor(() => app.standIn.topModal(APPROVER));
    await app.driver.submitModal(APPROVER, { 'Why? The customer sees this': 'Use the proposed model.' });
    const dm = app.standIn.dmChannelId(APPROVER);
    await waitFor(() => app.standIn.message(dm, request.ts)?.text === `Refresh #${ticket.id} denied.`);
    expect(JSON.stringify(app.standIn.message(dm, request.ts)?.blocks)).toContain(
      '\\n>Use the proposed model.',
    );
  });

  it('lists what awaits the approver first, at most 15 with the rest counted, then their tickets by status', async () => {
    app = await startTestApp();
    const w = await world(app);
    const db = app.otto.ctx.db;
    for (let i = 0; i < 20; i += 1) await makeTicket(db, w, { status: 'requires_approval' });
    for (let i = 0; i < 3; i += 1) await makeTicket(db, w, { status: 'pending_ordering' });
    await makeTicket(db, w, { status: 'complete' });
    const home = await openHome(app, APPROVER);
    const blocks = app.standIn.home(APPROVER)!.blocks;
    expect(blocks.length).toBeLessThanOrEqual(100);
    expect(home).toContain('20 refresh tickets await your approval.');
    expect(home.match(/"action_id":"ticket_approve"/g)).toHaveLength(15);
    expect(home.match(/"action_id":"ticket_deny"/g)).toHaveLength(15);
    expect(home.match(/"action_id":"ticket_view"/g)).toHaveLength(15);
    expect(home).toContain('…and 5 more.');
    expect(home).toContain('*#1* · LSA-PC-');
    expect(home).toContain('requires approval: *20* · pending ordering: *3* · complete: *1*');
    // Awaiting comes before the customer part.
    expect(home.indexOf('Awaiting your approval')).toBeLessThan(home.indexOf('Your refresh'));
  });

  it('approves from the card opened with View on the Home, and updates the card and the Home', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await openHome(app, APPROVER);
    await app.driver.clickButton(APPROVER, 'View', { surface: 'home' });
    const card = await waitFor(() => app.standIn.topModal(APPROVER));
    expect(JSON.stringify(card.blocks)).toContain(`Refresh #${ticket.id} · requires approval`);

    const published = app.standIn.callsTo('views.publish').length;
    await app.driver.clickButton(APPROVER, 'Approve', { surface: 'modal' });
    await callsAfter(app, 'views.update', 0);
    await callsAfter(app, 'views.publish', published);
    const updated = JSON.stringify(app.standIn.topModal(APPROVER)?.blocks);
    expect(updated).toContain(`Refresh #${ticket.id} · pending ordering`);
    expect(updated).toContain(`You approved refresh #${ticket.id}; it is now waiting to be ordered.`);
    expect(updated).not.toContain('ticket_approve');
    expect(JSON.stringify(app.standIn.home(APPROVER)?.blocks)).toContain('Nothing awaits your approval.');
  });

  it('denies from the card: the reason form is pushed over it and the card shows the denial', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await openHome(app, APPROVER);
    await app.driver.clickButton(APPROVER, 'View', { surface: 'home' });
    await waitFor(() => app.standIn.topModal(APPROVER));
    await app.driver.clickButton(APPROVER, 'Deny', { surface: 'modal' });
    await waitFor(() => app.standIn.modalStack(APPROVER).length === 2);
    await app.driver.submitModal(APPROVER, {
      'Why? The customer sees this': 'Too expensive for this cycle.',
    });
    await waitFor(() => JSON.stringify(app.standIn.topModal(APPROVER)?.blocks).includes('pending customer'));
    expect(app.standIn.modalStack(APPROVER)).toHaveLength(1);
    const card = JSON.stringify(app.standIn.topModal(APPROVER)?.blocks);
    expect(card).toContain('*Denied* by <@U0APPROVE>');
    expect(card).toContain('Too expensive for this cycle.');
    expect((await ticketRow(ticket.id)).denialReason).toBe('Too expensive for this cycle.');
  });
});
