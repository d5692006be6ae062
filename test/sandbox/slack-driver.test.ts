import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ClientValidationError,
  createSlackDriver,
  type SlackDriver,
  type SlackStandIn,
  startSlackStandIn,
  waitFor,
} from '../helpers/slack.js';

type Json = Record<string, unknown>;

interface Received {
  headers: IncomingHttpHeaders;
  contentType: string;
  /** Form fields for slash commands, the parsed `payload` for interactions, the JSON for events. */
  body: Json;
}

interface Answer {
  status?: number;
  json?: unknown;
}

const signingSecret = 'test-signing-secret';
const alice = 'U0ALICE';

/** A minimal app: checks Slack's signature as Bolt does, records what came, answers with `handler`. */
async function startFakeApp(
  handler: (received: Received) => Answer | undefined | Promise<Answer | undefined>,
) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
      const given = String(req.headers['x-slack-signature'] ?? '');
      const fresh = Math.abs(Date.now() / 1000 - timestamp) < 300;
      if (
        !fresh ||
        given.length !== expected.length ||
        !timingSafeEqual(Buffer.from(given), Buffer.from(expected))
      ) {
        res.writeHead(401).end();
        return;
      }
      const contentType = String(req.headers['content-type']);
      let body: Json;
      if (contentType.startsWith('application/json')) {
        body = JSON.parse(raw) as Json;
      } else {
        const form = new URLSearchParams(raw);
        const payload = form.get('payload');
        body = payload === null ? Object.fromEntries(form) : (JSON.parse(payload) as Json);
      }
      const entry = { headers: req.headers, contentType, body };
      received.push(entry);
      const answer = (await handler(entry)) ?? {};
      if (answer.json === undefined) res.writeHead(answer.status ?? 200).end();
      else
        res
          .writeHead(answer.status ?? 200, { 'content-type': 'application/json' })
          .end(JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const plain = (text: string) => ({ type: 'plain_text', text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const input = (blockId: string, label: string, element: Json, extra: Json = {}) => ({
  type: 'input',
  block_id: blockId,
  label: plain(label),
  element,
  ...extra,
});

const requestModal = {
  type: 'modal' as const,
  callback_id: 'refresh_request',
  title: plain('Refresh request'),
  submit: plain('Send'),
  notify_on_close: true,
  blocks: [
    input('reason', 'Reason', { type: 'plain_text_input', action_id: 'reason_input', multiline: true }),
    input('device', 'Device', {
      type: 'static_select',
      action_id: 'device_pick',
      options: [option('Laptop', 'laptop'), option('Desktop', 'desktop')],
    }),
    input('days', 'Days', {
      type: 'checkboxes',
      action_id: 'days_pick',
      options: [option('Monday', 'mon'), option('Tuesday', 'tue'), option('Friday', 'fri')],
    }),
    input('date', 'Preferred date', { type: 'datepicker', action_id: 'date_pick' }),
    input('time', 'Time', { type: 'timepicker', action_id: 'time_pick', initial_time: '09:00' }),
    input('manager', 'Manager', { type: 'users_select', action_id: 'manager_pick' }, { optional: true }),
    input('notes', 'Notes', { type: 'plain_text_input', action_id: 'notes_input' }, { optional: true }),
  ],
};

const homeView = {
  type: 'home' as const,
  blocks: [
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'Your refresh' } },
    {
      type: 'actions',
      block_id: 'home_actions',
      elements: [
        {
          type: 'button',
          action_id: 'open_request',
          text: plain('Request a refresh'),
          value: 'r1',
          style: 'primary',
        },
        {
          type: 'static_select',
          action_id: 'site_pick',
          placeholder: plain('Choose a site'),
          options: [option('North campus', 'north'), option('South campus', 'south')],
        },
      ],
    },
    {
      type: 'section',
      block_id: 'manager_row',
      text: { type: 'mrkdwn', text: 'Help' },
      accessory: { type: 'button', action_id: 'help', text: plain('Get help') },
    },
  ],
};

let standIn: SlackStandIn;
let client: WebClient;
let app: Awaited<ReturnType<typeof startFakeApp>>;
let driver: SlackDriver;
let answer: (received: Received) => Answer | undefined | Promise<Answer | undefined>;

beforeEach(async () => {
  standIn = await startSlackStandIn();
  client = new WebClient(standIn.botToken, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
  answer = () => undefined;
  app = await startFakeApp((received) => answer(received));
  driver = createSlackDriver({ eventsUrl: app.url, signingSecret, standIn });
  standIn.addUser({ id: alice, name: 'alice', realName: 'Alice Example' });
});

afterEach(async () => {
  await app.close();
  await standIn.close();
});

const last = () => app.received.at(-1)?.body as Json;

async function openRequestModal(view: Json = requestModal) {
  await client.views.open({ trigger_id: standIn.issueTriggerId(alice), view: view as never });
}

describe('signing', () => {
  it("matches Slack's documented signature example", () => {
    const example = createSlackDriver({
      eventsUrl: app.url,
      signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
      standIn,
    });
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&' +
      'channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&' +
      'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&' +
      'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(example.sign(body, 1531420618)).toEqual({
      'X-Slack-Request-Timestamp': '1531420618',
      'X-Slack-Signature': 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    });
  });

  it('lets tests send forged and stale requests raw', async () => {
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c' });
    const forged = await driver.post(body, 'application/json', {
      'X-Slack-Signature': 'v0=00',
      'X-Slack-Request-Timestamp': '1',
    });
    expect(forged.status).toBe(401);
    const stale = await driver.post(
      body,
      'application/json',
      driver.sign(body, Math.floor(Date.now() / 1000) - 600),
    );
    expect(stale.status).toBe(401);
    const good = await driver.post(body, 'application/json', driver.sign(body));
    expect(good.status).toBe(200);
    expect(app.received).toHaveLength(1);
  });
});

describe('slash commands and events', () => {
  it('sends a slash command form-encoded like Slack, with a usable trigger_id and response_url', async () => {
    answer = async ({ body }) => {
      await client.views.open({ trigger_id: String(body.trigger_id), view: requestModal as never });
      await fetch(String(body.response_url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Opening your request' }),
      });
      return undefined;
    };
    const response = await driver.slashCommand(alice, 'request laptop');
    expect(response).toMatchObject({ status: 200, body: '' });
    const [received] = app.received;
    expect(received?.contentType).toBe('application/x-www-form-urlencoded');
    expect(received?.body).toMatchObject({
      token: standIn.verificationToken,
      team_id: standIn.teamId,
      team_domain: standIn.teamDomain,
      channel_id: standIn.dmChannelId(alice),
      channel_name: 'directmessage',
      user_id: alice,
      user_name: 'alice',
      command: '/otto',
      text: 'request laptop',
      api_app_id: standIn.appId,
      is_enterprise_install: 'false',
      trigger_id: expect.any(String),
      response_url: expect.stringContaining(standIn.baseUrl),
    });
    expect(standIn.modalStack(alice)).toHaveLength(1);
    expect(standIn.responses()).toEqual([
      expect.objectContaining({ body: { text: 'Opening your request' }, ok: true }),
    ]);
    expect(standIn.messages(standIn.dmChannelId(alice))).toEqual([
      expect.objectContaining({ text: 'Opening your request', ephemeralFor: alice }),
    ]);
  });

  it('uses another command and channel when given', async () => {
    await driver.slashCommand(alice, '', '/otto-admin', 'C0HELPDESK');
    expect(last()).toMatchObject({ command: '/otto-admin', channel_id: 'C0HELPDESK', text: '' });
  });

  it('sends app_home_opened as an event_callback, with the home view once published', async () => {
    answer = async ({ body }) => {
      const event = body.event as Json;
      await client.views.publish({ user_id: String(event.user), view: homeView as never });
      return undefined;
    };
    await driver.appHomeOpened(alice);
    expect(last()).toMatchObject({
      type: 'event_callback',
      team_id: standIn.teamId,
      api_app_id: standIn.appId,
      event_id: expect.stringMatching(/^Ev/),
      authorizations: [expect.objectContaining({ user_id: standIn.botUserId, is_bot: true })],
      event: { type: 'app_home_opened', user: alice, channel: standIn.dmChannelId(alice), tab: 'home' },
    });
    expect((last().event as Json).view).toBeUndefined();
    await driver.appHomeOpened(alice);
    expect((last().event as Json).view).toMatchObject({ type: 'home', id: standIn.home(alice)?.id });
  });

  it('sends a DM as message.im and keeps it in the DM history', async () => {
    const sent = await driver.messageIm(alice, 'hello otto');
    const dm = standIn.dmChannelId(alice);
    expect(last()).toMatchObject({
      type: 'event_callback',
      event: {
        type: 'message',
        channel_type: 'im',
        channel: dm,
        user: alice,
        text: 'hello otto',
        ts: sent.ts,
      },
    });
    const reply = await driver.messageIm(alice, 'in thread', sent.ts);
    expect((last().event as Json).thread_ts).toBe(sent.ts);
    const history = await client.conversations.replies({ channel: dm, ts: sent.ts });
    expect(history.messages?.map((m) => m.ts)).toEqual([sent.ts, reply.ts]);
  });

  it('answers url_verification through the app', async () => {
    answer = ({ body }) => ({ json: { challenge: body.challenge } });
    const response = await driver.urlVerification('abc');
    expect(response.json).toEqual({ challenge: 'abc' });
  });
});

describe('buttons and selects', () => {
  beforeEach(async () => {
    await client.views.publish({ user_id: alice, view: homeView as never });
  });

  it("clicks a home button by its label and sends Slack's block_actions payload", async () => {
    const response = await driver.clickButton(alice, 'Request a refresh');
    expect(response.status).toBe(200);
    const received = app.received[0];
    expect(received?.contentType).toBe('application/x-www-form-urlencoded');
    const home = standIn.home(alice);
    expect(received?.body).toMatchObject({
      type: 'block_actions',
      user: { id: alice, username: 'alice', name: 'alice', team_id: standIn.teamId },
      api_app_id: standIn.appId,
      token: standIn.verificationToken,
      container: { type: 'view', view_id: home?.id },
      trigger_id: expect.any(String),
      team: { id: standIn.teamId, domain: standIn.teamDomain },
      enterprise: null,
      is_enterprise_install: false,
      view: { id: home?.id, type: 'home', hash: home?.hash, state: { values: expect.any(Object) } },
      actions: [
        {
          type: 'button',
          action_id: 'open_request',
          block_id: 'home_actions',
          text: { type: 'plain_text', text: 'Request a refresh', emoji: true },
          value: 'r1',
          style: 'primary',
          action_ts: expect.stringMatching(/^\d+\.\d+$/),
        },
      ],
    });
    await driver.clickButton(alice, /help/i);
    expect((last().actions as Json[])[0]).toMatchObject({ action_id: 'help', block_id: 'manager_row' });
  });

  it('opens a modal from the trigger_id of a click', async () => {
    answer = async ({ body }) => {
      await client.views.open({ trigger_id: String(body.trigger_id), view: requestModal as never });
      return undefined;
    };
    await driver.clickButton(alice, 'Request a refresh');
    expect(standIn.topModal(alice)).toMatchObject({ callback_id: 'refresh_request' });
  });

  it('names the buttons it found when none matches', async () => {
    await expect(driver.clickButton(alice, 'Cancel')).rejects.toThrow(
      /No button "Cancel" on U0ALICE's home tab\. Buttons there: "Request a refresh", "Get help"/,
    );
    expect(app.received).toHaveLength(0);
  });

  it('selects a static option by its placeholder and keeps the choice in the state', async () => {
    await driver.selectOption(alice, 'Choose a site', 'South campus');
    expect(last()).toMatchObject({
      type: 'block_actions',
      actions: [
        {
          type: 'static_select',
          action_id: 'site_pick',
          block_id: 'home_actions',
          selected_option: { text: { text: 'South campus' }, value: 'south' },
        },
      ],
      view: {
        state: {
          values: {
            home_actions: { site_pick: { type: 'static_select', selected_option: { value: 'south' } } },
          },
        },
      },
    });
    await expect(driver.selectOption(alice, 'Choose a site', 'East campus')).rejects.toThrow(
      /Options: "North campus", "South campus"/,
    );
  });

  it('clicks a button on the latest matching message and applies respond(replace_original)', async () => {
    const blocks = [
      {
        type: 'actions',
        block_id: 'approval',
        elements: [{ type: 'button', action_id: 'approve', text: plain('Approve'), value: 'case-9' }],
      },
    ];
    await client.chat.postMessage({ channel: 'C0HELPDESK', text: 'older', blocks });
    const newer = await client.chat.postMessage({ channel: 'C0HELPDESK', text: 'newer', blocks });
    await client.chat.postMessage({ channel: 'C0HELPDESK', text: 'no buttons' });
    answer = async ({ body }) => {
      await fetch(String(body.response_url), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ replace_original: true, text: 'Approved by alice' }),
      });
      return undefined;
    };
    await driver.clickButton(alice, 'Approve', { surface: 'message', channel: 'C0HELPDESK' });
    expect(last()).toMatchObject({
      type: 'block_actions',
      container: { type: 'message', message_ts: newer.ts, channel_id: 'C0HELPDESK', is_ephemeral: false },
      channel: { id: 'C0HELPDESK' },
      message: { ts: newer.ts, text: 'newer', bot_id: standIn.botId },
      state: { values: {} },
      response_url: expect.stringContaining(standIn.baseUrl),
      actions: [{ type: 'button', action_id: 'approve', block_id: 'approval', value: 'case-9' }],
    });
    expect(standIn.message('C0HELPDESK', newer.ts as string)).toMatchObject({ text: 'Approved by alice' });
    expect(standIn.message('C0HELPDESK', newer.ts as string)?.blocks).toBeUndefined();
  });

  it('loads external select options through block_suggestion, then picks one', async () => {
    const view = {
      ...requestModal,
      blocks: [
        input('ticket', 'Ticket', {
          type: 'external_select',
          action_id: 'ticket_search',
          min_query_length: 2,
        }),
      ],
    };
    await openRequestModal(view);
    answer = ({ body }) =>
      body.type === 'block_suggestion'
        ? { json: { options: [option(`INC-1 ${String(body.value)}`, 'inc1'), option('INC-2', 'inc2')] } }
        : undefined;
    const options = await driver.loadOptions(alice, 'Ticket', 'laptop');
    expect(last()).toMatchObject({
      type: 'block_suggestion',
      action_id: 'ticket_search',
      block_id: 'ticket',
      value: 'laptop',
      container: { type: 'view' },
    });
    expect(options.map((o) => o.value)).toEqual(['inc1', 'inc2']);
    await driver.submitModal(alice, { Ticket: 'INC-1 laptop' });
    expect((last().view as Json).state).toEqual({
      values: {
        ticket: {
          ticket_search: { type: 'external_select', selected_option: option('INC-1 laptop', 'inc1') },
        },
      },
    });
  });
});

describe('modals', () => {
  beforeEach(async () => {
    await openRequestModal();
  });

  it('builds view.state.values as Slack does, with untouched inputs empty and initial values kept', async () => {
    driver.fillModal(alice, { Reason: 'Battery dies', Device: 'Laptop' });
    await driver.submitModal(alice, { Days: ['Monday', 'Friday'], 'Preferred date': '2025-03-14' });
    const submitted = last();
    expect(submitted).toMatchObject({
      type: 'view_submission',
      user: { id: alice, username: 'alice' },
      trigger_id: expect.any(String),
      response_urls: [],
      view: { callback_id: 'refresh_request', id: expect.stringMatching(/^V/) },
    });
    expect((submitted.view as Json).state).toEqual({
      values: {
        reason: { reason_input: { type: 'plain_text_input', value: 'Battery dies' } },
        device: { device_pick: { type: 'static_select', selected_option: option('Laptop', 'laptop') } },
        days: {
          days_pick: {
            type: 'checkboxes',
            selected_options: [option('Monday', 'mon'), option('Friday', 'fri')],
          },
        },
        date: { date_pick: { type: 'datepicker', selected_date: '2025-03-14' } },
        time: { time_pick: { type: 'timepicker', selected_time: '09:00' } },
        manager: { manager_pick: { type: 'users_select', selected_user: null } },
        notes: { notes_input: { type: 'plain_text_input', value: null } },
      },
    });
    expect(standIn.modalStack(alice)).toEqual([]);
  });

  it('refuses to send a submission with a required input empty, as the Slack client does', async () => {
    const attempt = driver.submitModal(alice, { Reason: 'x' });
    await expect(attempt).rejects.toBeInstanceOf(ClientValidationError);
    await expect(driver.submitModal(alice)).rejects.toThrow(/Device: Please complete this required field/);
    expect(app.received).toHaveLength(0);
  });

  it('names the inputs and options it knows when a label is wrong', () => {
    expect(() => driver.fillModal(alice, { Colour: 'red' })).toThrow(/Inputs: "Reason", "Device"/);
    expect(() => driver.fillModal(alice, { Device: 'Tablet' })).toThrow(/Options: "Laptop", "Desktop"/);
    expect(() => driver.fillModal(alice, { 'Preferred date': '14/03/2025' })).toThrow(/YYYY-MM-DD/);
  });

  const complete = { Reason: 'Slow', Device: 'Desktop', Days: ['Tuesday'], 'Preferred date': '2025-03-14' };

  it("keeps the modal and remembers the errors on response_action 'errors'", async () => {
    answer = () => ({ json: { response_action: 'errors', errors: { date: 'Pick a business day' } } });
    const response = await driver.submitModal(alice, complete);
    expect(response.json).toEqual({ response_action: 'errors', errors: { date: 'Pick a business day' } });
    expect(standIn.modalStack(alice)).toHaveLength(1);
    expect(driver.lastErrors(alice)).toEqual({ date: 'Pick a business day' });
    // The values stay for the next attempt, as in Slack.
    answer = () => undefined;
    await driver.submitModal(alice);
    expect(((last().view as Json).state as Json).values).toMatchObject({
      reason: { reason_input: { value: 'Slow' } },
    });
    expect(standIn.modalStack(alice)).toEqual([]);
    expect(driver.lastErrors(alice)).toBeUndefined();
  });

  it("rejects an 'errors' answer that names no input block, as Slack would", async () => {
    answer = () => ({ json: { response_action: 'errors', errors: { nope: 'x' } } });
    await expect(driver.submitModal(alice, complete)).rejects.toThrow(/"nope", which is not an input block/);
  });

  it("replaces the modal on 'update', pushes on 'push' and closes everything on 'clear'", async () => {
    const id = standIn.topModal(alice)?.id;
    const done = {
      type: 'modal',
      title: plain('Thanks'),
      blocks: [{ type: 'section', text: plain('Sent') }],
    };
    answer = () => ({ json: { response_action: 'update', view: done } });
    await driver.submitModal(alice, complete);
    expect(standIn.modalStack(alice)).toEqual([
      expect.objectContaining({ id, title: expect.objectContaining({ text: 'Thanks' }) }),
    ]);

    const step = { ...requestModal, title: plain('Confirm') };
    await client.views.update({ view_id: id as string, view: requestModal as never });
    answer = () => ({ json: { response_action: 'push', view: step } });
    await driver.submitModal(alice, complete);
    expect(standIn.modalStack(alice).map((v) => (v.type === 'modal' ? v.title.text : ''))).toEqual([
      'Refresh request',
      'Confirm',
    ]);

    answer = () => ({ json: { response_action: 'clear' } });
    await driver.submitModal(alice, complete);
    expect(standIn.modalStack(alice)).toEqual([]);
  });

  it('closes only the top modal on an empty answer', async () => {
    await client.views.push({
      trigger_id: standIn.issueTriggerId(alice),
      view: { ...requestModal, title: plain('Two') } as never,
    });
    await driver.submitModal(alice, complete);
    expect(standIn.modalStack(alice).map((v) => (v.type === 'modal' ? v.title.text : ''))).toEqual([
      'Refresh request',
    ]);
  });

  it('leaves the modal open when the app fails', async () => {
    answer = () => ({ status: 500 });
    const response = await driver.submitModal(alice, complete);
    expect(response.status).toBe(500);
    expect(standIn.modalStack(alice)).toHaveLength(1);
  });

  it('sends view_closed only for views that ask for it', async () => {
    const closed = await driver.closeModal(alice);
    expect(closed?.status).toBe(200);
    expect(last()).toMatchObject({
      type: 'view_closed',
      is_cleared: false,
      view: { callback_id: 'refresh_request' },
    });
    expect(standIn.modalStack(alice)).toEqual([]);

    await openRequestModal({ ...requestModal, notify_on_close: false });
    expect(await driver.closeModal(alice)).toBeNull();
    expect(standIn.modalStack(alice)).toEqual([]);
    expect(app.received).toHaveLength(1);
  });

  it('selects through an input with dispatch_action and refuses one without', async () => {
    const view = {
      ...requestModal,
      blocks: [
        input(
          'size',
          'Size',
          {
            type: 'radio_buttons',
            action_id: 'size_pick',
            options: [option('Small', 's'), option('Large', 'l')],
          },
          { dispatch_action: true },
        ),
        ...requestModal.blocks,
      ],
    };
    await openRequestModal(view);
    await driver.selectOption(alice, 'Size', 'Large');
    expect(last()).toMatchObject({
      type: 'block_actions',
      container: { type: 'view' },
      actions: [{ type: 'radio_buttons', action_id: 'size_pick', selected_option: { value: 'l' } }],
    });
    await expect(driver.selectOption(alice, 'Device', 'Laptop')).rejects.toThrow(/without dispatch_action/);
  });
});

describe('waitFor', () => {
  it('waits for an async Web API call the app makes after its ack', async () => {
    answer = () => {
      setTimeout(() => void client.chat.postMessage({ channel: alice, text: 'later' }), 30);
      return undefined;
    };
    await driver.messageIm(alice, 'hi');
    const message = await waitFor(() =>
      standIn.messages(standIn.dmChannelId(alice)).find((m) => m.text === 'later'),
    );
    expect(message.user).toBe(standIn.botUserId);
  });

  it('gives up after the timeout', async () => {
    await expect(waitFor(() => undefined, 50)).rejects.toThrow(/nothing after 50 ms/);
  });
});
