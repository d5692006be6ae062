// The sandbox page's threads, shortcuts and file inputs, against a recording stand-in for the app:
// what the page shows (escaped), and the signed requests it makes as Slack would.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { demoChannels, demoPeople } from '../../src/sandbox/demo-data.js';
import { appShortcuts, manifestShortcuts } from '../../src/sandbox/manifest.js';
import { createSlackDriver } from '../../src/sandbox/slack-driver.js';
import { type SlackStandIn, startSlackStandIn } from '../../src/sandbox/slack-standin.js';
import { type SandboxPage, startSandboxPage } from '../../src/sandbox/web.js';
import { ids } from '../../src/slack/ids.js';

const LEE = 'U0DEMOLEAD';
const RILEY = 'U0DEMOREMO';
const CASEY = 'U0DEMOCUST';
const CHANNEL = 'C0DESKIT01';
const secret = 'threads-test-secret';
const scriptName = '<script>alert("x")</script>';

interface Received {
  body: Record<string, unknown>;
  signed: boolean;
}

let standIn: SlackStandIn;
let page: SandboxPage;
let server: Server;
let dir: string;
const received: Received[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'otto-threads-'));
  standIn = await startSlackStandIn();
  for (const person of demoPeople) standIn.addUser({ ...person });
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const ts = String(req.headers['x-slack-request-timestamp']);
      const signature = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
      const payload = new URLSearchParams(body).get('payload');
      received.push({
        body: JSON.parse(payload ?? (body.startsWith('{') ? body : '{}')) as Record<string, unknown>,
        signed: req.headers['x-slack-signature'] === signature,
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  page = await startSandboxPage({
    port: 0,
    host: '127.0.0.1',
    standIn,
    driver: createSlackDriver({ eventsUrl: `${appUrl}/slack/events`, signingSecret: secret, standIn }),
    people: demoPeople,
    channels: demoChannels,
    appEventsUrl: `${appUrl}/slack/events`,
    mailDir: join(dir, 'mail'),
    timeZone: 'America/Detroit',
    logger: createLogger('error'),
    homeWaitMs: 20,
    shortcuts: appShortcuts(),
  });
});

afterAll(async () => {
  await page?.stop();
  await new Promise((resolve) => server?.close(resolve));
  await standIn?.close();
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
});

const web = async (name: string, args: Record<string, unknown>) => {
  const response = await fetch(`${standIn.apiUrl}${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${standIn.botToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(args),
  });
  const json = (await response.json()) as Record<string, unknown>;
  expect(json.ok, JSON.stringify(json)).toBe(true);
  return json;
};
const parts = async (as: string) => {
  const response = await fetch(new URL(`/api/parts?as=${as}`, page.url));
  return ((await response.json()) as { parts: Record<string, string> }).parts;
};
const api = async (path: string, body: unknown) => {
  const response = await fetch(new URL(path, page.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
};
const send = (fields: Record<string, string>) =>
  fetch(new URL('/message', page.url), {
    method: 'POST',
    headers: { accept: 'application/json' },
    body: new URLSearchParams(fields),
  });
const lastEvent = () => received.at(-1)!;

/** The HTML of the message with this ts, up to the next top-level message. */
const messageOf = (html: string, ts: string) => {
  const start = html.indexOf(`data-ts="${ts}"`);
  expect(start, `message ${ts}`).toBeGreaterThan(-1);
  return html.slice(start);
};

describe('threads on the sandbox page', () => {
  it('shows a message’s replies in its thread, “N replies”, and posts under a person’s name as theirs', async () => {
    const root = String(
      (await web('chat.postMessage', { channel: CHANNEL, text: 'Case #1: Wi-fi · Pending' })).ts,
    );
    const lone = String((await web('chat.postMessage', { channel: CHANNEL, text: 'A message alone' })).ts);
    standIn.postAsUser(LEE, CHANNEL, 'Which room are you in?', root);
    await web('chat.postMessage', {
      channel: CHANNEL,
      thread_ts: root,
      text: `Room 2420 ${scriptName}`,
      username: 'Riley Remote',
    });

    const html = (await parts(CASEY))[`channel-${CHANNEL}`]!;
    const thread = messageOf(html, root);
    expect(thread).toContain(
      `<details class="thread" data-key="thread-${CHANNEL}-${root}"><summary>2 replies</summary>`,
    );
    // The replies are in the thread, not among the channel's messages.
    const top = html.split('<div class="replies">')[0]!;
    expect(top).not.toContain('Which room are you in?');
    expect(thread).toContain('<b>Lee Lead</b>');
    expect(thread).toContain('Which room are you in?');
    expect(thread).toContain('<b>Riley Remote</b>');
    expect(thread).toContain('<span class="tag">via Otto</span>');
    expect(thread).toContain('Room 2420 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(thread).toContain(`<input type="hidden" name="thread_ts" value="${root}">`);
    expect(messageOf(html, lone)).toContain('<summary>Reply in thread</summary>');
  });

  it('replies in a channel thread as the person: a signed message event with thread_ts, as Slack sends it', async () => {
    const root = String((await web('chat.postMessage', { channel: CHANNEL, text: 'Case #2: Projector' })).ts);
    const sent = await send({ as: LEE, channel: CHANNEL, thread_ts: root, text: 'On my way with a cable.' });
    expect(sent.status).toBe(200);
    const { body, signed } = lastEvent();
    expect(signed).toBe(true);
    expect(body).toMatchObject({
      type: 'event_callback',
      event: {
        type: 'message',
        user: LEE,
        channel: CHANNEL,
        channel_type: 'channel',
        text: 'On my way with a cable.',
        thread_ts: root,
        parent_user_id: standIn.botUserId,
      },
    });
    const event = body.event as { ts: string };
    expect(standIn.message(CHANNEL, event.ts)).toMatchObject({ user: LEE, thread_ts: root });
    expect(messageOf((await parts(LEE))[`channel-${CHANNEL}`]!, root)).toContain(
      '<summary>1 reply</summary>',
    );
  });

  it('replies in a DM thread: message.im with thread_ts', async () => {
    const root = String((await web('chat.postMessage', { channel: RILEY, text: 'We have your case #1' })).ts);
    const dm = standIn.dmChannelId(RILEY);
    await send({ as: RILEY, channel: dm, thread_ts: root, text: 'Only mine, on eduroam.' });
    expect(lastEvent().body.event).toMatchObject({
      type: 'message',
      channel: dm,
      channel_type: 'im',
      user: RILEY,
      thread_ts: root,
      text: 'Only mine, on eduroam.',
    });
    expect(messageOf((await parts(RILEY)).dm!, root)).toContain('Only mine, on eduroam.');
  });

  it('sends a message typed in a channel to the app as Slack does, and refuses a reply to nothing', async () => {
    await send({ as: LEE, channel: CHANNEL, text: 'Anyone seen the spare drum?' });
    expect(lastEvent().body.event).toMatchObject({ channel: CHANNEL, channel_type: 'channel', user: LEE });
    expect((lastEvent().body.event as Record<string, unknown>).thread_ts).toBeUndefined();

    received.length = 0;
    const gone = await send({ as: LEE, channel: CHANNEL, thread_ts: '1700000000.000001', text: 'hello?' });
    expect(gone.status).toBe(409);
    expect(((await gone.json()) as { error: string }).error).toBe('That message is not there to reply to.');
    expect((await send({ as: LEE, channel: CHANNEL, thread_ts: 'soon', text: 'x' })).status).toBe(400);
    expect(received).toEqual([]);
  });
});

describe('shortcuts on the sandbox page', () => {
  it('reads the app’s shortcuts from its manifest', () => {
    expect(appShortcuts()).toEqual([
      { name: 'Open a case', type: 'global', callbackId: ids.caseShortcut, description: expect.any(String) },
      {
        name: 'Open a case from this message',
        type: 'message',
        callbackId: ids.caseFromMessage,
        description: expect.any(String),
      },
    ]);
    expect(
      manifestShortcuts(
        [
          'features:',
          '  shortcuts:   # the menus',
          '    - name: "Quoted # name"',
          "      type: 'global'",
          '      callback_id: one # a comment',
          '    - name: No type',
          '      callback_id: two',
          '  slash_commands:',
          '    - command: /otto',
        ].join('\n'),
      ),
    ).toEqual([{ name: 'Quoted # name', type: 'global', callbackId: 'one', description: undefined }]);
    expect(manifestShortcuts(readFileSync('manifest.yml', 'utf8'))).toHaveLength(2);
  });

  it('offers the global shortcuts in the Shortcuts menu and sends a `shortcut` payload', async () => {
    const html = await (await fetch(new URL(`/?as=${CASEY}`, page.url))).text();
    expect(html).toContain('<details class="menu shortcuts"><summary>Shortcuts</summary>');
    expect(html).toMatch(/data-shortcut="open_case"[^>]*>Open a case<\/button>/);

    const { status, json } = await api('/api/shortcut', { as: CASEY, callback: ids.caseShortcut });
    expect([status, json]).toEqual([200, { ok: true }]);
    const { body, signed } = lastEvent();
    expect(signed).toBe(true);
    expect(body).toMatchObject({
      type: 'shortcut',
      callback_id: ids.caseShortcut,
      user: { id: CASEY },
      team: { id: standIn.teamId },
    });
    expect(String(body.trigger_id)).not.toBe('');
  });

  it('offers the message shortcuts on every message and sends a `message_action` with the message', async () => {
    const ts = String(
      (await web('chat.postMessage', { channel: CHANNEL, text: 'The printer is *jammed*' })).ts,
    );
    const html = messageOf((await parts(CASEY))[`channel-${CHANNEL}`]!, ts);
    expect(html).toContain('<summary title="More actions" aria-label="More actions">⋯</summary>');
    expect(html).toContain(
      `data-message-shortcut="open_case_from_message" data-channel="${CHANNEL}" data-ts="${ts}">Open a case from this message</button>`,
    );

    await api('/api/shortcut', {
      as: CASEY,
      callback: ids.caseFromMessage,
      message: { channel: CHANNEL, ts },
    });
    expect(lastEvent().body).toMatchObject({
      type: 'message_action',
      callback_id: ids.caseFromMessage,
      user: { id: CASEY },
      channel: { id: CHANNEL },
      message_ts: ts,
      message: { ts, text: 'The printer is *jammed*' },
    });
    expect(String(lastEvent().body.response_url)).toMatch(/\/response\//);
  });

  it('refuses a shortcut the app does not have, a message shortcut without its message, and a gone message', async () => {
    expect((await api('/api/shortcut', { as: CASEY, callback: 'launch_rockets' })).status).toBe(400);
    expect((await api('/api/shortcut', { as: CASEY, callback: ids.caseFromMessage })).status).toBe(400);
    const gone = await api('/api/shortcut', {
      as: CASEY,
      callback: ids.caseFromMessage,
      message: { channel: CHANNEL, ts: '1700000000.000001' },
    });
    expect(gone.status).toBe(409);
    expect((await api('/api/shortcut', { as: 'U0NOBODY0', callback: ids.caseShortcut })).status).toBe(400);
    expect(received).toEqual([]);
  });
});

describe('a file input on the sandbox page', () => {
  const openForm = async (user: string) =>
    web('views.open', {
      trigger_id: standIn.issueTriggerId(user),
      view: {
        type: 'modal',
        callback_id: 'form',
        title: { type: 'plain_text', text: 'A case' },
        submit: { type: 'plain_text', text: 'Open' },
        blocks: [
          {
            type: 'input',
            block_id: 'files',
            label: { type: 'plain_text', text: 'Attachments' },
            element: { type: 'file_input', action_id: 'v', max_files: 2, filetypes: ['png', 'csv'] },
          },
        ],
      },
    });
  const upload = (as: string, name: string, bytes: Buffer, type = 'image/png') =>
    fetch(new URL(`/api/upload?as=${as}&name=${encodeURIComponent(name)}`, page.url), {
      method: 'POST',
      headers: { 'content-type': type },
      body: new Uint8Array(bytes),
    });

  it('uploads the chosen file to Slack and submits its id; the app downloads it with the bot token only', async () => {
    const opened = (await openForm(CASEY)) as { view: { id: string } };
    const modal = (await parts(CASEY)).modal!;
    expect(modal).toMatch(
      /data-type="file_input" data-max-files="2"><input type="file" id="[^"]+" multiple accept=".png,.csv">/,
    );

    const bytes = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10, 0, 255]);
    const uploaded = await upload(CASEY, 'photo.png', bytes);
    const file = (await uploaded.json()) as { id: string; name: string; size: number };
    expect(file).toEqual({ id: expect.stringMatching(/^F[A-Z0-9]+$/), name: 'photo.png', size: 10 });

    const { json } = await api('/api/submit', {
      as: CASEY,
      view: opened.view.id,
      values: { files: { v: [file.id] } },
    });
    expect(json).toEqual({ ok: true });
    const state = (lastEvent().body.view as { state: { values: Record<string, Record<string, unknown>> } })
      .state;
    const sent = state.values.files!.v as { type: string; files: Array<Record<string, unknown>> };
    expect(sent.type).toBe('file_input');
    expect(sent.files).toEqual([
      expect.objectContaining({
        id: file.id,
        name: 'photo.png',
        mimetype: 'image/png',
        size: 10,
        user: CASEY,
      }),
    ]);

    const url = String(sent.files[0]!.url_private_download);
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${standIn.botToken}` } });
    expect(withToken.headers.get('content-type')).toBe('image/png');
    expect([...new Uint8Array(await withToken.arrayBuffer())]).toEqual([...bytes]);
    const without = await fetch(url);
    expect(without.headers.get('content-type')).toContain('text/html');
  });

  it('refuses an empty file, a file over Slack’s 10 MB, and a file for someone not of the sandbox', async () => {
    expect((await upload(CASEY, 'empty.png', Buffer.alloc(0))).status).toBe(400);
    const big = await upload(CASEY, 'big.png', Buffer.alloc(10 * 1024 * 1024 + 1));
    expect(big.status).toBe(413);
    expect((await upload('U0NOBODY0', 'photo.png', Buffer.from([1]))).status).toBe(400);
  });
});
