import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, batches, outbox, refreshTickets, slackReceipts } from '../../db/schema/index.js';
import { enqueueTicketEffects } from '../../src/services/refresh/tickets/run-effects.js';
import { dmHint } from '../../src/slack/listeners/shared/events/message-im.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { scratchDatabase } from '../helpers/database.js';
import { ADMIN, APPROVER, makeTicket, type World } from '../helpers/factories.js';
import { type SlackStandIn, startSlackStandIn, waitFor } from '../helpers/slack.js';
import { dmMessages, snapshot, world } from '../services/refresh/approvals/slack-support.js';

const NEWCOMER = 'U0NEWCOME';

let app: TestApp;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  await app?.stop();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Long enough for a listener that was going to answer after its ack to have done so. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

const answersTo = (standIn: SlackStandIn, userId: string) =>
  standIn.messages(standIn.dmChannelId(userId)).filter((m) => m.user === standIn.botUserId);

async function awaitingApproval(w: World) {
  const { db } = app.otto.ctx;
  const ticket = await makeTicket(db, w, { status: 'requires_approval' });
  await db.transaction(async (tx) =>
    enqueueTicketEffects(tx, app.otto.ctx, ticket, [{ type: 'notify_approvers' }], app.clock.now()),
  );
  return ticket;
}

const ticketRow = async (id: number) =>
  (await app.otto.ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;

/**
 * What the app wrote: tickets, audits and which notices were queued. The outbox rows' delivery
 * columns are left out, since the dispatcher may be delivering them meanwhile.
 */
async function written() {
  const { audits, outbox, tickets } = await snapshot(app.otto.ctx.db);
  return { audits, outbox: outbox.map((row) => [row.id, row.notice, row.recipient]), tickets };
}

const auditsOf = async (ticketId: number, action: string) =>
  app.otto.ctx.db
    .select()
    .from(audits)
    .where(and(eq(audits.ticketId, ticketId), eq(audits.action, action)));

describe('an Events API event Slack delivers more than once', () => {
  it('answers a direct message once when Slack retries it', async () => {
    app = await startTestApp();
    const first = await app.driver.messageIm(NEWCOMER, 'hello?');
    await waitFor(() => answersTo(app.standIn, NEWCOMER).length === 1);

    const retry = await app.driver.redeliver(first.sent, { num: 1, reason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await settle();
    expect(answersTo(app.standIn, NEWCOMER).map((m) => m.text)).toEqual([dmHint]);
  });

  it('answers once when the same event comes four times, and a new event gets its own answer', async () => {
    app = await startTestApp();
    const first = await app.driver.messageIm(NEWCOMER, 'anyone there?');
    for (const num of [1, 2, 3]) {
      const retry = await app.driver.redeliver(first.sent, { num, reason: 'http_timeout' });
      expect(retry.status).toBe(200);
      expect(retry.elapsedMs).toBeLessThan(3000);
    }
    await waitFor(() => answersTo(app.standIn, NEWCOMER).length === 1);
    await settle();
    expect(answersTo(app.standIn, NEWCOMER)).toHaveLength(1);
    expect(await app.otto.ctx.db.select().from(slackReceipts)).toHaveLength(1);

    await app.driver.messageIm(NEWCOMER, 'a second question');
    await waitFor(() => answersTo(app.standIn, NEWCOMER).length === 2);
  });

  it('answers once when the two copies arrive together', async () => {
    app = await startTestApp();
    const first = await app.driver.messageIm(NEWCOMER, 'hi');
    const copies = await Promise.all(
      [1, 2].map((num) => app.driver.redeliver(first.sent, { num, reason: 'http_error' })),
    );
    expect(copies.map((c) => c.status)).toEqual([200, 200]);
    await waitFor(() => answersTo(app.standIn, NEWCOMER).length === 1);
    await settle();
    expect(answersTo(app.standIn, NEWCOMER)).toHaveLength(1);
  });

  it('remembers what it handled across a restart on the same database file', async () => {
    const standIn = await startSlackStandIn();
    const dir = mkdtempSync(join(tmpdir(), 'otto-retries-'));
    cleanups.push(
      () => standIn.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const scratch = await scratchDatabase(join(dir, 'otto.db'));
    cleanups.push(() => scratch.drop());
    const databaseUrl = scratch.url;

    app = await startTestApp({ standIn, databaseUrl });
    const first = await app.driver.messageIm(NEWCOMER, 'before the restart');
    await waitFor(() => answersTo(standIn, NEWCOMER).length === 1);
    await app.stop();

    app = await startTestApp({ standIn, databaseUrl });
    const retry = await app.driver.redeliver(first.sent, { num: 1, reason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await settle();
    expect(answersTo(standIn, NEWCOMER)).toHaveLength(1);

    // The new process still answers what it has not seen.
    await app.driver.messageIm(NEWCOMER, 'after the restart');
    await waitFor(() => answersTo(standIn, NEWCOMER).length === 2);
  });
});

describe('an interaction Slack sends again', () => {
  it('a resent Approve acts once and answers with the state the ticket is in now', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    const dm = app.standIn.dmChannelId(APPROVER);
    const request = dmMessages(app, APPROVER).at(-1)!;

    const click = await app.driver.clickButton(APPROVER, 'Approve', { surface: 'message', channel: dm });
    expect(click.status).toBe(200);
    await waitFor(() => app.standIn.message(dm, request.ts)?.text === `Refresh #${ticket.id} approved.`);
    const approved = await written();
    const answersBefore = app.standIn.responses().length;

    const retry = await app.driver.redeliver(click.sent, { num: 1, reason: 'http_timeout' });
    expect(retry.status).toBe(200);
    expect(retry.elapsedMs).toBeLessThan(3000);
    const answer = await waitFor(() => app.standIn.responses()[answersBefore]);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(answer.body.text)).toContain('it is now waiting to be ordered');
    expect(await written()).toEqual(approved);
    expect(await auditsOf(ticket.id, 'approve')).toHaveLength(1);
    expect((await ticketRow(ticket.id)).status).toBe('pending_ordering');
    // The DM still shows the decision.
    expect(app.standIn.message(dm, request.ts)?.text).toBe(`Refresh #${ticket.id} approved.`);
  });

  it('a resent button that opened a form says the form is open, and opens nothing twice', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    const dm = app.standIn.dmChannelId(APPROVER);

    const click = await app.driver.clickButton(APPROVER, 'Deny', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER));
    const answersBefore = app.standIn.responses().length;
    const before = await written();

    await app.driver.redeliver(click.sent, { num: 1, reason: 'http_timeout' });
    const answer = await waitFor(() => app.standIn.responses()[answersBefore]);
    expect(String(answer.body.text)).toContain('That form is open already');
    expect(app.standIn.modalStack(APPROVER)).toHaveLength(1);
    expect(await written()).toEqual(before);
    expect((await ticketRow(ticket.id)).status).toBe('requires_approval');
  });

  it('a resent view submission acts once and gets the answer the first one got', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'pending_ordering' });
    const card = await app.driver.slashCommand(APPROVER, `ticket ${ticket.id}`);
    expect(card.status).toBe(200);
    const dm = app.standIn.dmChannelId(APPROVER);
    await waitFor(() => app.standIn.messages(dm).some((m) => m.ephemeralFor === APPROVER));
    await app.driver.clickButton(APPROVER, 'Change request', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER)?.callback_id === 'ticket_change_request_form');

    const submitted = await app.driver.submitModal(APPROVER, { 'What should change?': 'Add a dock.' });
    expect(submitted.status).toBe(200);
    await waitFor(async () => (await auditsOf(ticket.id, 'change_request')).length === 1);
    const filed = await written();

    for (const num of [1, 2]) {
      const retry = await app.driver.redeliver(submitted.sent, { num, reason: 'http_timeout' });
      expect(retry.status).toBe(200);
      expect(retry.body).toBe(submitted.body);
    }
    await settle();
    expect(await written()).toEqual(filed);
    expect(
      await app.otto.ctx.db.select().from(outbox).where(eq(outbox.notice, 'itsm_change_request')),
    ).toHaveLength(1);
  });

  it('two copies of a submission arriving together: one acts, both get its answer', async () => {
    app = await startTestApp();
    const w = await world(app);
    const ticket = await makeTicket(app.otto.ctx.db, w, { status: 'pending_ordering' });
    await app.driver.slashCommand(APPROVER, `ticket ${ticket.id}`);
    const dm = app.standIn.dmChannelId(APPROVER);
    await waitFor(() => app.standIn.messages(dm).some((m) => m.ephemeralFor === APPROVER));
    await app.driver.clickButton(APPROVER, 'Change request', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER)?.callback_id === 'ticket_change_request_form');
    app.driver.fillModal(APPROVER, { 'What should change?': 'Add a second monitor.' });
    const view = app.standIn.topModal(APPROVER)!;
    const payload = {
      type: 'view_submission',
      user: { id: APPROVER, username: 'pat', name: 'pat', team_id: app.standIn.teamId },
      api_app_id: app.standIn.appId,
      token: app.standIn.verificationToken,
      trigger_id: app.standIn.issueTriggerId(APPROVER),
      team: { id: app.standIn.teamId, domain: app.standIn.teamDomain },
      view,
      response_urls: [],
    };
    const sent = {
      body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      contentType: 'application/x-www-form-urlencoded',
    };

    const copies = await Promise.all([
      app.driver.post(sent.body, sent.contentType, app.driver.sign(sent.body)),
      app.driver.redeliver(sent, { num: 1, reason: 'http_timeout' }),
    ]);
    expect(copies.map((c) => c.status)).toEqual([200, 200]);
    expect(copies[1]?.body).toBe(copies[0]?.body);
    await waitFor(async () => (await auditsOf(ticket.id, 'change_request')).length === 1);
    await settle();
    expect(await auditsOf(ticket.id, 'change_request')).toHaveLength(1);
  });

  it('a resent new batch creates one batch and one message, and answers as the first time', async () => {
    app = await startTestApp({ admins: [ADMIN] });
    const channel = 'C0REFRESH';
    await app.driver.slashCommand(ADMIN, 'batch new', '/otto', channel);
    await waitFor(() => app.standIn.topModal(ADMIN));
    const submitted = await app.driver.submitModal(ADMIN, {
      'Batch name': 'Resent batch',
      'Serial numbers': 'NOT-IN-INVENTORY',
    });
    expect(submitted.status).toBe(200);
    const batch = await waitFor(
      async () =>
        (await app.otto.ctx.db.select().from(batches).where(eq(batches.name, 'Resent batch')).limit(1))[0],
    );
    await waitFor(async () => (await app.otto.ctx.db.select().from(batches).limit(1))[0]?.lookedUpAt);

    const retry = await app.driver.redeliver(submitted.sent, { num: 1, reason: 'http_timeout' });
    expect(retry.status).toBe(200);
    expect(retry.body).toBe(submitted.body);
    await settle();
    expect((await app.otto.ctx.db.select().from(batches)).map((b) => b.id)).toEqual([batch.id]);
    expect(app.standIn.messages(channel).filter((m) => !m.ephemeralFor)).toHaveLength(1);
  });

  it('a submission answered with field errors is handled again when it comes again', async () => {
    app = await startTestApp();
    const w = await world(app);
    await awaitingApproval(w);
    await app.otto.dispatcher.runOnce();
    const dm = app.standIn.dmChannelId(APPROVER);
    await app.driver.clickButton(APPROVER, 'Deny', { surface: 'message', channel: dm });
    await waitFor(() => app.standIn.topModal(APPROVER));

    const blank = await app.driver.submitModal(APPROVER, { 'Why? The customer sees this': '   ' });
    expect(blank.json).toMatchObject({ response_action: 'errors' });
    const retry = await app.driver.redeliver(blank.sent, { num: 1, reason: 'http_timeout' });
    expect(retry.json).toEqual(blank.json);
    expect(await app.otto.ctx.db.select().from(slackReceipts)).toEqual([]);

    // Corrected, the same modal (same view id and hash) is accepted.
    const reasoned = await app.driver.submitModal(APPROVER, {
      'Why? The customer sees this': 'Pick the standard model.',
    });
    expect(reasoned.status).toBe(200);
    expect(app.standIn.topModal(APPROVER)).toBeUndefined();
  });
});
