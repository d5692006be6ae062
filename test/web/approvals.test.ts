import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { orderGroups, people, refreshTickets, webLinks } from '../../db/schema/index.js';
import type { ManualClock } from '../../src/clock.js';
import { formToken, readWebLink } from '../../src/domain/links/web-link.js';
import { issueWebLink } from '../../src/effects/web-links.js';
import { enqueueApprovalRequests } from '../../src/services/refresh/approvals/approval-notices.js';
import { sendFridayDigest } from '../../src/services/refresh/digest/send-friday-digest.js';
import { createOrderGroup } from '../../src/services/refresh/ordering/create-order-group.js';
import { sendOrderGroupForApproval } from '../../src/services/refresh/ordering/send-order-group-for-approval.js';
import { loadTicketDetails } from '../../src/services/refresh/tickets/ticket-details.js';
import { startTestApp, type TestApp, testLinkSecret } from '../helpers/app.js';
import { mailBody, sentEmails } from '../helpers/calendar-mail.js';
import { ADMIN, APPROVER, makeTicket, seedWorld, type World } from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';
import {
  expectAccessiblePage,
  formTokenOf,
  getPage,
  newestWebLinkTo,
  pageText,
  postForm,
  submitForm,
} from '../helpers/web.js';
import { snapshot } from '../helpers/world.js';

// Approving on the web, from the approver's e-mails: one ticket's approval, every ticket awaiting
// an approver (the Friday digest), and an order group's final approval.

let app: TestApp;
afterEach(async () => {
  await app?.stop();
});

const PAT = 'pat@example.edu';

async function start(): Promise<World> {
  app = await startTestApp();
  return seedWorld(app.otto.ctx.db);
}

const db = () => app.otto.ctx.db;

/** What a refusal must leave alone: the tickets and their trail, the outbox, and the links. */
async function everything() {
  return {
    ...(await snapshot(db())),
    links: await db().select().from(webLinks).orderBy(asc(webLinks.recipient)),
    groups: await db().select().from(orderGroups),
  };
}

/** A ticket awaiting approval, with the approval request sent (DM and e-mail) as the wizard sends it. */
async function awaitingTicket(w: World, options: { delegate?: boolean } = {}) {
  const ticket = await makeTicket(db(), w, { status: 'requires_approval', ...options });
  await db().transaction(async (tx) => {
    await enqueueApprovalRequests(
      tx,
      app.otto.ctx,
      ticket,
      await loadTicketDetails(tx, ticket),
      app.clock.now(),
    );
  });
  await app.otto.dispatcher.runOnce();
  return ticket;
}

/** The form token a page of this link would carry: for posting where the page shows no form. */
function formTokenFor(path: string): string {
  const claims = readWebLink(testLinkSecret, path.replace('/web/', ''));
  if (!claims) throw new Error('not a link of the test app');
  return formToken(testLinkSecret, claims);
}

const ticketRow = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)))[0]!;

/** The e-mails sent to `to`, newest last, as plain text and HTML. */
function mailsTo(to: string) {
  return sentEmails(app.dir)
    .filter((eml) => new RegExp(`^To: .*${to}`, 'im').test(eml))
    .map((eml) => ({ text: mailBody(eml, 'text/plain'), html: mailBody(eml, 'text/html') }));
}

/** The approver's approval request DM (the first message the bot posted in their DM). */
function approvalDm() {
  const channel = app.standIn.dmChannelId(APPROVER);
  const dm = app.standIn
    .messages(channel)
    .find((m) => m.bot_id && m.ephemeralFor === undefined && /needs your approval/.test(m.text ?? ''));
  if (!dm) throw new Error('no approval request DM');
  return { channel, ts: dm.ts };
}

describe('the approval page', () => {
  it('is linked from the approval e-mail, shows the summary as the DM does, and a GET changes nothing', async () => {
    const w = await start();
    const ticket = await awaitingTicket(w, { delegate: true });
    const [mail] = mailsTo(PAT);
    // The e-mail's primary button is Otto's page; its words are true for a reader outside Slack.
    expect(mail!.text).toMatch(
      /Approve or deny: http:\/\/localhost:\d+\/web\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/,
    );
    expect(mail!.text).toContain('Approve or deny it on Otto’s own page (the link below, no Slack needed)');
    expect(mail!.html).toMatch(/>\s*Approve or deny\s*<\/a>/);
    const link = newestWebLinkTo(app.dir, PAT);

    const before = await everything();
    const page = await getPage(app.baseUrl, link);
    await getPage(app.baseUrl, link);
    expect(await everything()).toEqual(before);

    expect(page.status).toBe(200);
    expectAccessiblePage(page);
    expect(page.$('h1').text()).toBe(`Refresh #${ticket.id} needs your approval`);
    const text = pageText(page.$);
    expect(text).toContain('Dana Delegate finished the wizard for Casey Customer’s computer LSA-PC-');
    const facts = page
      .$('dl.facts dt')
      .map((_, dt) => `${page.$(dt).text()}: ${page.$(dt).next('dd').text()}`)
      .get();
    expect(facts).toEqual([
      'Config: LSA on_prem',
      'Delegate: Dana Delegate',
      expect.stringMatching(/^Computer: LSA-PC-\d+ \(SN\d+\)$/),
      'Proposed model: Dell Latitude 7450',
      'Location: Angell Hall 3120',
    ]);
    expect(page.$('button[value=approve]').text()).toBe('Approve');
    expect(page.$('button[value=deny]').text()).toBe('Deny');
    expect(page.$('label[for=field-reason]').text()).toBe('Why do you deny it?');
    expect(page.$('input[name=status]').first().attr('value')).toBe('requires_approval');
    // No Slack id or raw JSON reaches the page.
    expect(page.html).not.toContain(APPROVER);
  });

  it('refuses a denial without a reason on its field, then denies with one; Slack shows it and a stale click answers with the state', async () => {
    const w = await start();
    const ticket = await awaitingTicket(w);
    const link = newestWebLinkTo(app.dir, PAT);
    const dm = approvalDm();
    const shownBefore = app.standIn.message(dm.channel, dm.ts)!;
    expect(JSON.stringify(shownBefore.blocks)).toContain('"action_id":"ticket_deny"');

    const before = await everything();
    const refused = await postForm(app.baseUrl, link, {
      decision: 'deny',
      status: 'requires_approval',
      reason: '  ',
    });
    expect(refused.status).toBe(400);
    expectAccessiblePage(refused);
    expect(refused.$('.error-summary a[href="#field-reason"]').text()).toBe(
      'Say why, so the customer knows what to change.',
    );
    expect(refused.$('#field-reason-error').text()).toBe(
      'Error: Say why, so the customer knows what to change.',
    );
    expect(refused.$('#field-reason').attr('aria-invalid')).toBe('true');
    expect(await everything()).toEqual(before);

    const publishesBefore = app.standIn.callsTo('views.publish').length;
    const posted = await postForm(app.baseUrl, link, {
      decision: 'deny',
      status: 'requires_approval',
      reason: 'A second monitor is not in the budget.',
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${link}?done`);
    expect(await ticketRow(ticket.id)).toMatchObject({
      status: 'pending_customer',
      decidedBy: APPROVER,
      denialReason: 'A second monitor is not in the budget.',
    });
    const after = await getPage(app.baseUrl, posted.location!);
    expectAccessiblePage(after);
    expect(after.$('h1').text()).toBe(`Refresh #${ticket.id} was denied`);
    expect(pageText(after.$)).toContain(
      `You denied refresh #${ticket.id} (Casey Customer’s computer LSA-PC-`,
    );
    expect(pageText(after.$)).toContain(
      `Refresh #${ticket.id} was denied by Pat Approver on Mon 16 Nov, 10:00.`,
    );
    expect(after.$('blockquote').text()).toBe('A second monitor is not in the budget.');
    expect(after.$('form')).toHaveLength(0);

    // The customer hears it as after a Slack click: DM and e-mail.
    await app.otto.dispatcher.runOnce();
    expect(mailsTo('casey@example.edu').at(-1)!.text).toContain('A second monitor is not in the budget.');
    // The approver's DM shows the decision instead of the buttons, and their Home is published.
    const shown = app.standIn.message(dm.channel, dm.ts)!;
    expect(JSON.stringify(shown.blocks)).toContain(`*Refresh #${ticket.id} denied* by <@${APPROVER}>`);
    expect(JSON.stringify(shown.blocks)).not.toContain('"action_id":"ticket_deny"');
    const publishes = app.standIn.callsTo('views.publish').slice(publishesBefore);
    expect(publishes.map((call) => (call.args as { user_id?: string }).user_id)).toEqual([APPROVER]);

    // A Slack client still showing the old buttons: the click answers with the state, nothing changes.
    await fetch(`${app.standIn.apiUrl}chat.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.standIn.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        channel: dm.channel,
        ts: dm.ts,
        text: shownBefore.text,
        blocks: shownBefore.blocks,
      }),
    });
    const unchanged = await everything();
    await app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: dm.channel });
    const answer = await waitFor(() =>
      app.standIn
        .messages(dm.channel)
        .find((m) => m.ephemeralFor === APPROVER && /changed since you saw it/.test(m.text ?? '')),
    );
    expect(answer.text).toContain(`Refresh #${ticket.id} changed since you saw it`);
    expect(answer.text).toContain('waiting for its customer to finish the wizard');
    expect(await everything()).toEqual(unchanged);
  });

  it('approves; a second post of the same page (double submit) answers with the state and changes nothing', async () => {
    const w = await start();
    const ticket = await awaitingTicket(w);
    const link = newestWebLinkTo(app.dir, PAT);
    const page = await getPage(app.baseUrl, link);
    const formToken = formTokenOf(page.$);
    const dm = approvalDm();

    const done = await submitForm(app.baseUrl, link, { decision: 'approve', status: 'requires_approval' });
    expect(done.$('h1').text()).toBe(`Refresh #${ticket.id} was approved`);
    expect(pageText(done.$)).toContain(`You approved refresh #${ticket.id}`);
    expect(pageText(done.$)).toContain('it is now waiting to be ordered. The customer has been told.');
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'pending_ordering', decidedBy: APPROVER });
    expect(JSON.stringify(app.standIn.message(dm.channel, dm.ts)!.blocks)).toContain(
      `*Refresh #${ticket.id} approved* by <@${APPROVER}>`,
    );

    // The decision's notices leave at once (the outbox is kicked): let them, before comparing.
    await app.otto.dispatcher.runOnce();
    const before = await everything();
    const again = await postForm(
      app.baseUrl,
      link,
      { decision: 'deny', status: 'requires_approval', reason: 'Changed my mind.' },
      { formToken },
    );
    expect(again.status).toBe(409);
    expectAccessiblePage(again);
    expect(pageText(again.$)).toContain(
      `Refresh #${ticket.id} changed since you saw it: it is now waiting to be ordered (approved by Pat Approver). Nothing was changed.`,
    );
    expect(again.html).not.toContain(APPROVER);
    expect(await everything()).toEqual(before);
  });

  it('refuses an altered, expired or superseded link, a missing or wrong form token, a foreign site and the wrong person', async () => {
    const w = await start();
    const ticket = await awaitingTicket(w);
    const link = newestWebLinkTo(app.dir, PAT);
    const before = await everything();

    const altered = `${link.slice(0, -3)}${link.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect((await getPage(app.baseUrl, altered)).status).toBe(404);
    expect((await postForm(app.baseUrl, altered, { decision: 'approve' }, { formToken: 'x' })).status).toBe(
      404,
    );

    const page = await getPage(app.baseUrl, link);
    expect((await postForm(app.baseUrl, link, { decision: 'approve' }, { formToken: '' })).status).toBe(403);
    expect(
      (await postForm(app.baseUrl, link, { decision: 'approve' }, { formToken: `${formTokenOf(page.$)}x` }))
        .status,
    ).toBe(403);
    const foreign = await postForm(
      app.baseUrl,
      link,
      { decision: 'approve' },
      { formToken: formTokenOf(page.$), headers: { origin: 'https://evil.example' } },
    );
    expect(foreign.status).toBe(403);
    expect(foreign.$('h1').text()).toBe('This form was sent from elsewhere');
    const unreadable = await postForm(
      app.baseUrl,
      link,
      { decision: 'maybe' },
      { formToken: formTokenOf(page.$) },
    );
    expect(unreadable.status).toBe(400);
    expect(await everything()).toEqual(before);

    // Someone else's link to the same ticket: they may not decide, and learn nothing about it.
    const settings = { secret: testLinkSecret, publicUrl: app.baseUrl, ttlMs: 86_400_000 };
    const target = { action: 'approval' as const, subject: { kind: 'ticket' as const, id: ticket.id } };
    for (const email of ['casey@example.edu', 'nobody@example.edu']) {
      const url = await issueWebLink(db(), settings, email, target, app.clock.now());
      const path = new URL(url).pathname;
      const theirs = await getPage(app.baseUrl, path);
      expect(theirs.status).toBe(403);
      expectAccessiblePage(theirs);
      expect(theirs.$('h1').text()).toBe('You cannot decide on this refresh');
      expect(pageText(theirs.$)).not.toContain('Latitude');
      const acted = await postForm(
        app.baseUrl,
        path,
        { decision: 'approve', status: 'requires_approval' },
        { formToken: formTokenFor(path) },
      );
      expect(acted.status).toBe(403);
    }
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'requires_approval', decidedBy: null });

    // A newer e-mail (the request sent again): the older link shows the state and does not act.
    const row = await ticketRow(ticket.id);
    await db().transaction(async (tx) => {
      await enqueueApprovalRequests(tx, app.otto.ctx, row, await loadTicketDetails(tx, row), app.clock.now());
    });
    await app.otto.dispatcher.runOnce();
    const newer = newestWebLinkTo(app.dir, PAT);
    expect(newer).not.toBe(link);
    const old = await getPage(app.baseUrl, link);
    expect(old.status).toBe(200);
    expect(pageText(old.$)).toContain('Otto has sent you a newer link for this.');
    expect(old.$('form')).toHaveLength(0);
    const oldPost = await postForm(
      app.baseUrl,
      link,
      { decision: 'approve', status: 'requires_approval' },
      { formToken: formTokenOf(page.$) },
    );
    expect(oldPost.status).toBe(200);
    expect((await ticketRow(ticket.id)).status).toBe('requires_approval');

    // Expired: a clear page, nothing changes.
    (app.clock as ManualClock).advance(31 * 86_400_000);
    const expired = await getPage(app.baseUrl, newer);
    expect(expired.status).toBe(410);
    expect(expired.$('h1').text()).toBe('This link has expired');
    expect((await ticketRow(ticket.id)).status).toBe('requires_approval');
  });
});

describe('the approvals page from the Friday digest', () => {
  it('lists every ticket awaiting the approver with Approve and Deny, returns to the list with what was done, and shows where the others stand', async () => {
    const w = await start();
    const first = await makeTicket(db(), w, { status: 'requires_approval' });
    const second = await makeTicket(db(), w, { status: 'requires_approval', delegate: true });
    const ordering = await makeTicket(db(), w, { status: 'pending_ordering' });
    await sendFridayDigest(app.otto.ctx, app.clock.now());
    await app.otto.dispatcher.runOnce();
    const [mail] = mailsTo(PAT);
    expect(mail!.text).toContain('Approve or deny them on Otto’s own page (the link below, no Slack needed)');
    expect(mail!.text).toMatch(/Approve or deny them: http:\/\/localhost:\d+\/web\//);
    const link = newestWebLinkTo(app.dir, PAT);

    const before = await everything();
    const page = await getPage(app.baseUrl, link);
    expect(await everything()).toEqual(before);
    expectAccessiblePage(page);
    expect(page.$('h1').text()).toBe('Refresh tickets awaiting your approval');
    expect(page.$('.lead').text()).toBe('2 tickets await your decision; 3 open in all.');
    expect(page.$('section.ticket h2').first().text()).toMatch(
      new RegExp(`^Refresh #${first.id}: LSA-PC-\\d+ \\(SN\\d+\\)$`),
    );
    expect(
      page
        .$(`button[value=approve]`)
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual([`Approve refresh #${first.id}`, `Approve refresh #${second.id}`]);
    expect(page.$(`label[for=field-reason-${second.id}]`).text()).toBe(
      `Why do you deny refresh #${second.id}?`,
    );
    const text = pageText(page.$);
    expect(text).toContain('Where the other tickets stand');
    expect(page.$('h3').text()).toBe('Pending ordering (1)');
    expect(page.$('ul.tickets li').text()).toMatch(
      new RegExp(`^#${ordering.id} LSA-PC-\\d+ \\(SN\\d+\\) — Casey Customer · LSA on_prem$`),
    );

    // Deny without a reason: said beside that ticket's field, nothing changes.
    const refused = await postForm(app.baseUrl, link, {
      decision: 'deny',
      status: 'requires_approval',
      ticket: String(second.id),
      [`reason-${second.id}`]: '',
    });
    expect(refused.status).toBe(400);
    expectAccessiblePage(refused);
    expect(refused.$(`.error-summary a[href="#field-reason-${second.id}"]`).text()).toBe(
      'Say why, so the customer knows what to change.',
    );
    expect(refused.$(`#field-reason-${first.id}`).attr('aria-invalid')).toBeUndefined();
    expect(await everything()).toEqual(before);

    const approved = await postForm(app.baseUrl, link, {
      decision: 'approve',
      status: 'requires_approval',
      ticket: String(first.id),
    });
    expect(approved.status).toBe(303);
    expect(approved.location).toBe(`${link}?done=${first.id}`);
    const back = await getPage(app.baseUrl, approved.location!);
    expectAccessiblePage(back);
    expect(back.$('.notice').first().text()).toContain(`You approved refresh #${first.id}`);
    expect(back.$('.lead').text()).toBe('1 ticket awaits your decision; 3 open in all.');
    expect(back.$('section.ticket')).toHaveLength(1);
    expect(back.$('h3').text()).toBe('Pending ordering (2)');

    const denied = await submitForm(app.baseUrl, link, {
      decision: 'deny',
      status: 'requires_approval',
      ticket: String(second.id),
      [`reason-${second.id}`]: 'Please pick the standard model.',
    });
    expect(pageText(denied.$)).toContain(
      `You denied refresh #${second.id} (Casey Customer’s computer LSA-PC-`,
    );
    expect(denied.$('.lead').text()).toBe('Nothing awaits your decision; 3 open in all.');
    expect(await ticketRow(second.id)).toMatchObject({
      status: 'pending_customer',
      denialReason: 'Please pick the standard model.',
    });
    // The digest DM's rows show the decisions made on the web.
    const digest = app.standIn
      .messages(app.standIn.dmChannelId(APPROVER))
      .find((m) => /Your refresh tickets/.test(JSON.stringify(m.blocks ?? [])));
    expect(JSON.stringify(digest!.blocks)).toContain(`Approved by <@${APPROVER}>`);
    expect(JSON.stringify(digest!.blocks)).toContain(`Denied by <@${APPROVER}>`);
  });

  it('refuses a ticket of a config the approver does not approve, and someone who approves nothing', async () => {
    const w = await start();
    await makeTicket(db(), w, { status: 'requires_approval' });
    await sendFridayDigest(app.otto.ctx, app.clock.now());
    await app.otto.dispatcher.runOnce();
    const link = newestWebLinkTo(app.dir, PAT);
    const [casey] = await db().select().from(people).where(eq(people.email, 'casey@example.edu'));
    const url = await issueWebLink(
      db(),
      { secret: testLinkSecret, publicUrl: app.baseUrl, ttlMs: 86_400_000 },
      'casey@example.edu',
      { action: 'approvals', subject: { kind: 'person', id: casey!.id } },
      app.clock.now(),
    );
    const theirs = await getPage(app.baseUrl, new URL(url).pathname);
    expect(theirs.status).toBe(403);
    expect(theirs.$('h1').text()).toBe('You approve no refresh tickets');

    const before = await everything();
    const foreign = await postForm(app.baseUrl, link, {
      decision: 'approve',
      status: 'requires_approval',
      ticket: '999999',
    });
    expect(foreign.status).toBe(404);
    expect(await everything()).toEqual(before);
  });
});

describe('the order group approval page', () => {
  async function awaitingGroup(w: World) {
    await db().insert(people).values({ email: 'avery@example.edu', name: 'Avery Admin', slackUserId: ADMIN });
    await makeTicket(db(), w, { status: 'pending_ordering' });
    await makeTicket(db(), w, { status: 'pending_ordering' });
    const { groupId } = await createOrderGroup(app.otto.ctx, { actor: ADMIN, name: 'LSA November' });
    await sendOrderGroupForApproval(app.otto.ctx, { actor: ADMIN, orderGroupId: groupId });
    await app.otto.dispatcher.runOnce();
    return groupId;
  }

  it('is e-mailed with the link, shows the manifest, refuses a denial without a reason and denies with one; Slack follows', async () => {
    const w = await start();
    const groupId = await awaitingGroup(w);
    const [mail] = mailsTo(PAT);
    expect(mail!.text).toContain('Order group LSA November needs your final approval');
    expect(mail!.text).toContain(
      'Avery Admin asks you to approve the order for LSA November: 2 refresh tickets.',
    );
    expect(mail!.text).toContain('- 2 × Dell Latitude 7450');
    expect(mail!.text).toContain('Approve or deny it on Otto’s own page (the link below, no Slack needed)');
    const link = newestWebLinkTo(app.dir, PAT);

    const before = await everything();
    const page = await getPage(app.baseUrl, link);
    expect(await everything()).toEqual(before);
    expectAccessiblePage(page);
    expect(page.$('h1').text()).toBe('Order group LSA November needs your final approval');
    expect(page.$('.lead').text()).toBe(
      'Avery Admin asks you to approve the order for LSA November: 2 refresh tickets.',
    );
    expect(page.$('dl.facts').text()).toContain('Models2 × Dell Latitude 7450');
    expect(pageText(page.$)).toContain('What differs from the config');

    const refused = await postForm(app.baseUrl, link, {
      decision: 'deny',
      status: 'awaiting_approval',
      reason: '',
    });
    expect(refused.status).toBe(400);
    expectAccessiblePage(refused);
    expect(refused.$('#field-reason-error').text()).toBe(
      'Error: Say why, so the admins know what to change.',
    );
    expect(await everything()).toEqual(before);

    const dmChannel = app.standIn.dmChannelId(APPROVER);
    const denied = await submitForm(app.baseUrl, link, {
      decision: 'deny',
      status: 'awaiting_approval',
      reason: 'Wait for the January prices.',
    });
    expect(denied.$('h1').text()).toBe('Order group LSA November was denied');
    expect(pageText(denied.$)).toContain(
      'You denied order group LSA November. It is back with the admins, who have been told why.',
    );
    expect(denied.$('blockquote').text()).toBe('Wait for the January prices.');
    expect((await db().select().from(orderGroups).where(eq(orderGroups.id, groupId)))[0]).toMatchObject({
      status: 'open',
      deniedBy: APPROVER,
      denialReason: 'Wait for the January prices.',
    });
    const dm = app.standIn.messages(dmChannel).find((m) => /LSA November/.test(m.text ?? ''));
    expect(JSON.stringify(dm!.blocks)).toContain(`Denied by <@${APPROVER}>`);
    expect(JSON.stringify(dm!.blocks)).not.toContain('order_group_approve');
  });

  it('approves; a stale page and someone who approves none of its configs change nothing', async () => {
    const w = await start();
    const groupId = await awaitingGroup(w);
    const link = newestWebLinkTo(app.dir, PAT);
    const stale = formTokenOf((await getPage(app.baseUrl, link)).$);
    const done = await submitForm(app.baseUrl, link, { decision: 'approve', status: 'awaiting_approval' });
    expect(done.$('h1').text()).toBe('Order group LSA November was approved');
    expect(pageText(done.$)).toContain('You approved order group LSA November.');
    expect(pageText(done.$)).toContain(
      'Order group LSA November was approved by Pat Approver on Mon 16 Nov, 10:00.',
    );

    const before = await everything();
    const again = await postForm(
      app.baseUrl,
      link,
      { decision: 'deny', status: 'awaiting_approval', reason: 'No.' },
      { formToken: stale },
    );
    expect(again.status).toBe(409);
    expect(pageText(again.$)).toContain(
      'Order group LSA November was already approved by Pat Approver; nothing was changed.',
    );
    const url = await issueWebLink(
      db(),
      { secret: testLinkSecret, publicUrl: app.baseUrl, ttlMs: 86_400_000 },
      'casey@example.edu',
      { action: 'order_group_approval', subject: { kind: 'order_group', id: groupId } },
      app.clock.now(),
    );
    const theirs = await getPage(app.baseUrl, new URL(url).pathname);
    expect(theirs.status).toBe(403);
    expect(theirs.$('h1').text()).toBe('You cannot decide on this order group');
    const beforeStranger = await everything();
    expect(
      (
        await postForm(
          app.baseUrl,
          new URL(url).pathname,
          { decision: 'approve', status: 'approved' },
          { formToken: formTokenFor(new URL(url).pathname) },
        )
      ).status,
    ).toBe(403);
    expect(await everything()).toEqual(beforeStranger);
    expect(beforeStranger.groups).toEqual(before.groups);
  });
});
