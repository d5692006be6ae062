import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, refreshTickets, roles } from '../../db/schema/index.js';
import { enqueueTicketEffects } from '../../src/services/refresh/tickets/run-effects.js';
import { dmHint } from '../../src/slack/listeners/shared/events/message-im.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { scratchDatabase } from '../helpers/database.js';
import { ADMIN, APPROVER, makeTicket } from '../helpers/factories.js';
import { type DriverResponse, type SlackStandIn, startSlackStandIn, waitFor } from '../helpers/slack.js';
import { dmMessages, world } from '../services/refresh/approvals/slack-support.js';

const NEWCOMER = 'U0NEWCOME';
const OTHER = 'U0OTHER01';
const ANOTHER = 'U0OTHER02';

const running: TestApp[] = [];
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  // Apps first: a client whose Slack went away would try to reconnect.
  while (running.length > 0) await running.pop()?.stopApp();
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startSocketApp(options: Parameters<typeof startTestApp>[0] = {}): Promise<TestApp> {
  const app = await startTestApp({ ...options, socketMode: true });
  running.push(app);
  cleanups.push(async () => app.stop());
  return app;
}

async function sharedStandIn(): Promise<SlackStandIn> {
  const standIn = await startSlackStandIn();
  cleanups.push(() => standIn.close());
  return standIn;
}

/** The ack came back over the socket, in time, on the connection the envelope went to, with its envelope_id. */
function expectAckedOn(standIn: SlackStandIn, response: DriverResponse, connectionId: string | undefined) {
  expect(response.status).toBe(200);
  expect(response.elapsedMs).toBeLessThan(3000);
  expect(response.envelope?.connectionId).toBe(connectionId);
  const acks = standIn.socketAcks().filter((ack) => ack.envelopeId === response.envelope?.id);
  expect(acks).toEqual([
    { envelopeId: response.envelope?.id, connectionId, sentTo: connectionId, payload: expect.any(Object) },
  ]);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('Socket Mode', () => {
  it('opens a connection for the app-level token only', async () => {
    const standIn = await sharedStandIn();
    const open = async (token: string) =>
      (await (
        await fetch(`${standIn.apiUrl}apps.connections.open`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { ok: boolean; url?: string; error?: string };
    expect(await open(standIn.botToken)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await open('xapp-forged')).toEqual({ ok: false, error: 'invalid_auth' });
    const opened = await open(standIn.appToken);
    expect(opened.ok).toBe(true);
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=\w+&app_id=A0STANDIN$/);
  });

  it('drives a slash command, a button and a view submission into the same listeners, each acked on its envelope', async () => {
    const app = await startSocketApp();
    expect(app.standIn.callsTo('apps.connections.open')).toEqual([
      expect.objectContaining({ ok: true, args: {} }),
    ]);
    const w = await world(app);
    const { db } = app.otto.ctx;
    const ticket = await makeTicket(db, w, { status: 'requires_approval' });
    await db.transaction(async (tx) =>
      enqueueTicketEffects(tx, app.otto.ctx, ticket, [{ type: 'notify_approvers' }], app.clock.now()),
    );
    await app.otto.dispatcher.runOnce();
    const dm = app.standIn.dmChannelId(APPROVER);
    expect(dmMessages(app, APPROVER).at(-1)?.text).toBe(
      `Refresh #${ticket.id} for Casey Customer needs your approval.`,
    );

    // A slash command answered in its ack.
    const help = await app.driver.slashCommand(APPROVER, 'help');
    expectAckedOn(app.standIn, help, app.socketConnection);
    expect((help.json as { text: string }).text).toContain('Otto commands you can use: `/otto ticket');

    // A button: acked, then the modal opens through the Web API.
    const opens = app.standIn.callsTo('views.open').length;
    const deny = await app.driver.clickButton(APPROVER, 'Deny', { surface: 'message', channel: dm });
    expectAckedOn(app.standIn, deny, app.socketConnection);
    await waitFor(() => app.standIn.callsTo('views.open').length === opens + 1);
    expect(app.standIn.topModal(APPROVER)?.callback_id).toBe('ticket_deny_form');

    // A view submission: field errors come back in the ack, then the corrected one closes the modal and acts.
    const blank = await app.driver.submitModal(APPROVER, { 'Why? The customer sees this': '   ' });
    expectAckedOn(app.standIn, blank, app.socketConnection);
    expect(blank.json).toEqual({
      response_action: 'errors',
      errors: { deny_reason: 'Say why, so the customer knows what to change.' },
    });
    const denied = await app.driver.submitModal(APPROVER, {
      'Why? The customer sees this': 'Keep the Latitude.',
    });
    expectAckedOn(app.standIn, denied, app.socketConnection);
    expect(denied.body).toBe('');
    expect(app.standIn.topModal(APPROVER)).toBeUndefined();
    await waitFor(
      async () =>
        (await db.select().from(refreshTickets).where(eq(refreshTickets.id, ticket.id)).limit(1))[0]
          ?.status === 'pending_customer',
    );
    await waitFor(() =>
      app.standIn.callsTo('chat.update').some((call) => call.ok && String(call.args.text).includes('denied')),
    );

    // An event, and its redelivery with retry_attempt, answered once.
    const message = await app.driver.messageIm(NEWCOMER, 'hello over the socket');
    expectAckedOn(app.standIn, message, app.socketConnection);
    const retry = await app.driver.redeliver(message.sent, { num: 1, reason: 'timeout' });
    expectAckedOn(app.standIn, retry, app.socketConnection);
    await waitFor(() => dmMessages(app, NEWCOMER).length === 1);
    await settle();
    expect(dmMessages(app, NEWCOMER).map((m) => m.text)).toEqual([dmHint]);
    expect(
      await db
        .select()
        .from(audits)
        .where(and(eq(audits.ticketId, ticket.id), eq(audits.action, 'deny'))),
    ).toHaveLength(1);
  });

  it('two instances on one app token each get only their own envelopes and act on them alone', async () => {
    const standIn = await sharedStandIn();
    const first = await startSocketApp({ standIn, admins: [ADMIN] });
    const second = await startSocketApp({ standIn, admins: [ADMIN] });
    expect(standIn.socketConnections()).toEqual([first.socketConnection, second.socketConnection]);
    expect(first.socketConnection).not.toBe(second.socketConnection);

    const roleHolders = async (app: TestApp) =>
      (
        await app.otto.ctx.db.select({ user: roles.slackUserId }).from(roles).where(eq(roles.role, 'manager'))
      ).map((r) => r.user);

    // Each instance has its own database here, so the one that acted is the one that changed.
    const toFirst = await first.driver.slashCommand(ADMIN, `roles grant <@${OTHER}> manager`);
    expectAckedOn(standIn, toFirst, first.socketConnection);
    const toSecond = await second.driver.slashCommand(ADMIN, `roles grant <@${ANOTHER}> manager`);
    expectAckedOn(standIn, toSecond, second.socketConnection);
    expect(await roleHolders(first)).toEqual([OTHER]);
    expect(await roleHolders(second)).toEqual([ANOTHER]);

    for (let i = 0; i < 3; i++) {
      expectAckedOn(standIn, await first.driver.slashCommand(ADMIN, 'help'), first.socketConnection);
      expectAckedOn(standIn, await second.driver.slashCommand(ADMIN, 'help'), second.socketConnection);
    }
    // Left to choose, Slack's stand-in hands envelopes to the connections in turn.
    const turns = [];
    for (let i = 0; i < 4; i++) {
      turns.push(
        await standIn.sendEnvelope('slash_commands', {
          token: standIn.verificationToken,
          team_id: standIn.teamId,
          channel_id: standIn.dmChannelId(ADMIN),
          user_id: ADMIN,
          command: '/otto',
          text: 'help',
          api_app_id: standIn.appId,
          response_url: standIn.responseUrl({ userId: ADMIN, channel: standIn.dmChannelId(ADMIN) }),
          trigger_id: standIn.issueTriggerId(ADMIN),
        }),
      );
    }
    expect(turns.map((t) => [t.acked, t.connectionId])).toEqual([
      [true, first.socketConnection],
      [true, second.socketConnection],
      [true, first.socketConnection],
      [true, second.socketConnection],
    ]);
    expect(turns.every((t) => String(t.payload?.text).includes('`/otto help`'))).toBe(true);

    // No connection acked an envelope it was not given.
    const acks = standIn.socketAcks();
    expect(acks).toHaveLength(12);
    expect(acks.every((ack) => ack.connectionId === ack.sentTo)).toBe(true);
  });

  it('replicas on one database answer an event once, whichever connection the retry goes to', async () => {
    const standIn = await sharedStandIn();
    const dir = mkdtempSync(join(tmpdir(), 'otto-socket-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const database = await scratchDatabase(join(dir, 'otto.db'));
    cleanups.push(async () => database.drop());
    const databaseUrl = database.url;
    const first = await startSocketApp({ standIn, databaseUrl });
    const second = await startSocketApp({ standIn, databaseUrl });

    const message = await first.driver.messageIm(NEWCOMER, 'hello, replicas');
    expectAckedOn(standIn, message, first.socketConnection);
    // Slack thought the first delivery went unanswered and retries on the other connection.
    const retry = await second.driver.redeliver(message.sent, { num: 1, reason: 'timeout' });
    expectAckedOn(standIn, retry, second.socketConnection);

    await waitFor(() => dmMessages(first, NEWCOMER).length === 1);
    await settle();
    expect(dmMessages(first, NEWCOMER).map((m) => m.text)).toEqual([dmHint]);
  });
});
