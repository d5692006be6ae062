import type { ModalView } from '@slack/types';
import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type SlackStandIn, startSlackStandIn, validateBlocks, validateView } from '../helpers/slack.js';

type Json = Record<string, unknown>;

let standIn: SlackStandIn;
let client: WebClient;
let clock: number;

const alice = {
  id: 'U0ALICE',
  name: 'alice',
  realName: 'Alice Example',
  email: 'alice@example.edu',
  tz: 'Europe/Paris',
};

beforeEach(async () => {
  clock = Date.UTC(2025, 2, 3, 9, 0, 0);
  standIn = await startSlackStandIn({ now: () => clock });
  standIn.addUser(alice);
  client = new WebClient(standIn.botToken, {
    slackApiUrl: standIn.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
  });
});

afterEach(async () => {
  await standIn.close();
});

async function raw(
  method: string,
  init: { body?: string; contentType?: string; token?: string | null } = {},
) {
  const headers: Record<string, string> = { 'content-type': init.contentType ?? 'application/json' };
  if (init.token !== null) headers.authorization = `Bearer ${init.token ?? standIn.botToken}`;
  const response = await fetch(`${standIn.apiUrl}${method}`, {
    method: 'POST',
    headers,
    body: init.body ?? '{}',
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Json };
}

async function slackError(promise: Promise<unknown>): Promise<Json> {
  try {
    await promise;
  } catch (error) {
    return (error as { data: Json }).data;
  }
  throw new Error('expected the call to fail');
}

const section = (text: string, extra: Json = {}) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...extra,
});
const plain = (text: string) => ({ type: 'plain_text', text });
const button = (text: string, extra: Json = {}) => ({
  type: 'button',
  text: plain(text),
  action_id: 'go',
  ...extra,
});
const options = (n: number, text = (i: number) => `Option ${i}`, value = (i: number) => `v${i}`) =>
  Array.from({ length: n }, (_, i) => ({ text: plain(text(i)), value: value(i) }));
const modal = (extra: Json = {}) =>
  ({ type: 'modal', title: plain('Request'), blocks: [section('Hello')], ...extra }) as unknown as ModalView;
const many = (n: number) => Array.from({ length: n }, (_, i) => section(`Block ${i}`));

describe('Web API basics', () => {
  it('answers auth.test with the bot identity and records the call', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({
      ok: true,
      user_id: standIn.botUserId,
      bot_id: standIn.botId,
      team_id: standIn.teamId,
    });
    expect(standIn.callsTo('auth.test')).toEqual([
      expect.objectContaining({ method: 'auth.test', ok: true }),
    ]);
  });

  it('parses JSON-encoded form fields back into objects when recording', async () => {
    const blocks = [section('*Refresh* due', { block_id: 'intro' })];
    const metadata = { event_type: 'refresh_invite', event_payload: { ticket_id: 42 } };
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'Refresh due', blocks, metadata });
    const [call] = standIn.callsTo('chat.postMessage');
    expect(call?.args).toEqual({ channel: 'C0GENERAL', text: 'Refresh due', blocks, metadata });
    expect(call?.args).not.toHaveProperty('token');
  });

  it('accepts JSON bodies with a bearer token and form bodies with a token field', async () => {
    const json = await raw('chat.postMessage', {
      body: JSON.stringify({ channel: 'C0GENERAL', text: 'json' }),
    });
    expect(json.json).toMatchObject({ ok: true, channel: 'C0GENERAL' });
    const form = await raw('chat.postMessage', {
      contentType: 'application/x-www-form-urlencoded',
      token: null,
      body: new URLSearchParams({ token: standIn.botToken, channel: 'C0GENERAL', text: 'form' }).toString(),
    });
    expect(form.json).toMatchObject({ ok: true });
    expect(standIn.messages('C0GENERAL').map((m) => m.text)).toEqual(['json', 'form']);
  });

  it('refuses bad or missing tokens, unknown methods and missing arguments, and records them', async () => {
    expect((await raw('auth.test', { token: 'xoxb-wrong' })).json).toEqual({
      ok: false,
      error: 'invalid_auth',
    });
    expect((await raw('auth.test', { token: null })).json).toEqual({ ok: false, error: 'invalid_auth' });
    expect((await raw('chat.meMessage')).json).toEqual({ ok: false, error: 'unknown_method' });
    expect((await raw('chat.postMessage', { body: '{"text":"hi"}' })).json).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    expect(standIn.calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['auth.test', false, 'invalid_auth'],
      ['auth.test', false, 'invalid_auth'],
      ['chat.meMessage', false, 'unknown_method'],
      ['chat.postMessage', false, 'invalid_arguments'],
    ]);
    standIn.clearCalls();
    expect(standIn.calls).toEqual([]);
  });

  it('surfaces a queued 429 as a rate-limited error with retryAfter, then answers normally', async () => {
    standIn.rateLimitNext('chat.postMessage', 1, 7);
    const error = await client.chat
      .postMessage({ channel: 'C0GENERAL', text: 'hi' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.RateLimitedError, retryAfter: 7 });
    await expect(client.chat.postMessage({ channel: 'C0GENERAL', text: 'hi' })).resolves.toMatchObject({
      ok: true,
    });
    expect(standIn.callsTo('chat.postMessage').map((c) => c.error)).toEqual(['ratelimited', undefined]);
  });

  it('sends the 429 with a Retry-After header and a ratelimited body', async () => {
    standIn.rateLimitNext('users.info', 1, 30);
    const answer = await raw('users.info', { body: JSON.stringify({ user: alice.id }) });
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(answer.json).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('fails the next calls of a method with a chosen error', async () => {
    standIn.failNext('users.info', 2, 'fatal_error');
    for (let i = 0; i < 2; i += 1) {
      expect(await slackError(client.users.info({ user: alice.id }))).toMatchObject({ error: 'fatal_error' });
    }
    await expect(client.users.info({ user: alice.id })).resolves.toMatchObject({ ok: true });
  });

  it('holds back the answers to a method until released; the calls take effect meanwhile', async () => {
    const hold = standIn.holdAnswers('chat.postMessage');
    let answered = false;
    const posting = client.chat.postMessage({ channel: 'C0GENERAL', text: 'held' }).then((answer) => {
      answered = true;
      return answer;
    });
    const started = Date.now();
    while (hold.held() === 0 && Date.now() - started < 2000) await new Promise((r) => setTimeout(r, 5));
    expect(hold.held()).toBe(1);
    expect(standIn.messages('C0GENERAL').map((m) => m.text)).toEqual(['held']);
    await expect(client.users.info({ user: alice.id })).resolves.toMatchObject({ ok: true });
    expect(answered).toBe(false);

    hold.release();
    expect(await posting).toMatchObject({ ok: true, ts: standIn.messages('C0GENERAL')[0]?.ts });
    expect(hold.held()).toBe(0);
    await expect(client.chat.postMessage({ channel: 'C0GENERAL', text: 'free' })).resolves.toMatchObject({
      ok: true,
    });
  });
});

describe('messages', () => {
  it('gives unique, increasing seconds.micros timestamps even at the same instant', async () => {
    const first = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'one' });
    const second = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'two' });
    expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
    expect(first.message).toMatchObject({ text: 'one', user: standIn.botUserId, bot_id: standIn.botId });
  });

  it('posts to a user id in the DM with that user, and refuses unknown users', async () => {
    const result = await client.chat.postMessage({ channel: alice.id, text: 'Hi Alice' });
    const dm = standIn.dmChannelId(alice.id);
    expect(dm).toMatch(/^D/);
    expect(result.channel).toBe(dm);
    expect(standIn.messages(dm)).toEqual([expect.objectContaining({ text: 'Hi Alice', channel: dm })]);
    expect(await slackError(client.chat.postMessage({ channel: 'U0NOBODY', text: 'x' }))).toMatchObject({
      error: 'channel_not_found',
    });
    const opened = await client.conversations.open({ users: alice.id });
    expect(opened.channel?.id).toBe(dm);
  });

  it('refuses a message with neither text nor blocks', async () => {
    expect(await slackError(client.chat.postMessage({ channel: 'C0GENERAL' } as never))).toMatchObject({
      error: 'no_text',
    });
  });

  it('updates a message that exists, keeping blocks it was not given', async () => {
    const blocks = [section('Status: open', { block_id: 'status' })];
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'open', blocks });
    const updated = await client.chat.update({
      channel: 'C0GENERAL',
      ts: posted.ts as string,
      text: 'closed',
    });
    expect(updated).toMatchObject({ ok: true, ts: posted.ts, text: 'closed' });
    expect(standIn.message('C0GENERAL', posted.ts as string)).toMatchObject({ text: 'closed', blocks });
    expect(
      await slackError(client.chat.update({ channel: 'C0GENERAL', ts: '1.000001', text: 'x' })),
    ).toMatchObject({ error: 'message_not_found' });
  });

  it('stores ephemeral messages for their user and leaves them out of history', async () => {
    const dm = standIn.dmChannelId(alice.id);
    const result = await client.chat.postEphemeral({ channel: dm, user: alice.id, text: 'only you' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    expect(standIn.messages(dm)).toEqual([
      expect.objectContaining({ text: 'only you', ephemeralFor: alice.id }),
    ]);
    expect((await client.conversations.history({ channel: dm })).messages).toEqual([]);
  });

  it('lists history newest first, filtered by oldest/latest, with metadata only when asked', async () => {
    const metadata = { event_type: 'ticket_posted', event_payload: { ticket: 7 } };
    const ts: string[] = [];
    for (const text of ['a', 'b', 'c', 'd']) {
      clock += 1000;
      const posted = await client.chat.postMessage({
        channel: 'C0GENERAL',
        text,
        ...(text === 'c' ? { metadata } : {}),
      });
      ts.push(posted.ts as string);
    }
    const all = await client.conversations.history({ channel: 'C0GENERAL' });
    expect(all.messages?.map((m) => m.text)).toEqual(['d', 'c', 'b', 'a']);
    expect(all.messages?.some((m) => 'metadata' in m)).toBe(false);

    const withMetadata = await client.conversations.history({
      channel: 'C0GENERAL',
      include_all_metadata: true,
    });
    expect(withMetadata.messages?.find((m) => m.text === 'c')?.metadata).toEqual(metadata);
    expect(withMetadata.messages?.find((m) => m.text === 'b')).not.toHaveProperty('metadata');

    const window = await client.conversations.history({ channel: 'C0GENERAL', oldest: ts[0], latest: ts[3] });
    expect(window.messages?.map((m) => m.text)).toEqual(['c', 'b']);
    const inclusive = await client.conversations.history({
      channel: 'C0GENERAL',
      oldest: ts[0],
      latest: ts[3],
      inclusive: true,
    });
    expect(inclusive.messages?.map((m) => m.text)).toEqual(['d', 'c', 'b', 'a']);
  });

  it('pages history with limit and next_cursor', async () => {
    for (const text of ['a', 'b', 'c']) await client.chat.postMessage({ channel: 'C0GENERAL', text });
    const first = await client.conversations.history({ channel: 'C0GENERAL', limit: 2 });
    expect(first.messages?.map((m) => m.text)).toEqual(['c', 'b']);
    expect(first.has_more).toBe(true);
    const cursor = first.response_metadata?.next_cursor as string;
    const second = await client.conversations.history({ channel: 'C0GENERAL', limit: 2, cursor });
    expect(second.messages?.map((m) => m.text)).toEqual(['a']);
    expect(second.has_more).toBe(false);
  });
});

describe('files, reactions and names in threads', () => {
  it('serves a person’s upload at its files-pri address to the bot token only, with its bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251]);
    const file = standIn.fileFromClient(alice.id, 'scan.pdf', bytes, 'application/pdf');
    const shared = standIn.postAsUser(alice.id, 'C0ROOM', 'the scan', '1741000000.000001', [file.id]);
    expect(shared.subtype).toBe('file_share');
    expect(file.url_private_download).toMatch(/\/files-pri\/T0STANDIN-F\w+\/download\/scan.pdf$/);
    const signedIn = await fetch(file.url_private_download!, {
      headers: { authorization: `Bearer ${standIn.botToken}` },
    });
    expect([signedIn.status, signedIn.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    expect([...Buffer.from(await signedIn.arrayBuffer())]).toEqual([...bytes]);
    // Without the token Slack answers with its sign-in page, not the file.
    const anonymous = await fetch(file.url_private_download!);
    expect(anonymous.headers.get('content-type')).toContain('text/html');
    expect(await anonymous.text()).toContain('Sign in to Slack');
  });

  it('posts under another name as a bot_message, adds a reaction once, and deletes only the app’s own files', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0ROOM', text: 'hi', username: 'Ava Visual' });
    expect(standIn.message('C0ROOM', posted.ts!)).toMatchObject({
      subtype: 'bot_message',
      username: 'Ava Visual',
    });
    await client.reactions.add({ channel: 'C0ROOM', timestamp: posted.ts!, name: 'lock' });
    expect(
      (await slackError(client.reactions.add({ channel: 'C0ROOM', timestamp: posted.ts!, name: 'lock' })))
        .error,
    ).toBe('already_reacted');
    expect(standIn.message('C0ROOM', posted.ts!)?.reactions).toEqual([
      { name: 'lock', users: [standIn.botUserId] },
    ]);
    const theirs = standIn.fileFromClient(alice.id, 'a.txt', Buffer.from('a'));
    expect((await slackError(client.files.delete({ file: theirs.id }))).error).toBe('cant_delete_file');
    const upload = await client.filesUploadV2({
      channel_id: 'C0ROOM',
      file: Buffer.from('x'),
      filename: 'x.txt',
    });
    const id = (upload as unknown as { files: Array<{ files: Array<{ id: string }> }> }).files[0]!.files[0]!
      .id;
    await client.files.delete({ file: id });
    expect(standIn.fileBytes(id)).toBeUndefined();
    expect(standIn.messages('C0ROOM').some((m) => m.files?.some((f) => f.id === id))).toBe(false);
    expect((await slackError(client.files.delete({ file: id }))).error).toBe('file_deleted');
  });
});

describe('users', () => {
  it('answers users.info and users.lookupByEmail, with Slack errors for unknown users', async () => {
    const info = await client.users.info({ user: alice.id });
    expect(info.user).toMatchObject({
      id: alice.id,
      name: 'alice',
      real_name: 'Alice Example',
      tz: 'Europe/Paris',
      tz_offset: 3600,
      profile: { email: alice.email },
    });
    const byEmail = await client.users.lookupByEmail({ email: 'ALICE@example.edu' });
    expect(byEmail.user?.id).toBe(alice.id);
    expect(await slackError(client.users.info({ user: 'U0NOBODY' }))).toMatchObject({
      error: 'user_not_found',
    });
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@example.edu' }))).toMatchObject({
      error: 'users_not_found',
    });
  });
});

describe('views', () => {
  it('opens a modal with a fresh trigger, once', async () => {
    const trigger = standIn.issueTriggerId(alice.id);
    const opened = await client.views.open({ trigger_id: trigger, view: modal({ callback_id: 'request' }) });
    expect(opened.view).toMatchObject({
      id: expect.stringMatching(/^V/),
      hash: expect.any(String),
      state: { values: {} },
    });
    expect(standIn.modalStack(alice.id).map((v) => v.callback_id)).toEqual(['request']);
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({
      error: 'exchanged_trigger_id',
    });
    expect(await slackError(client.views.open({ trigger_id: '1.2.nope', view: modal() }))).toMatchObject({
      error: 'invalid_trigger_id',
    });
  });

  it('refuses a trigger older than triggerTtlMs', async () => {
    const trigger = standIn.issueTriggerId(alice.id);
    clock += 3001;
    expect(await slackError(client.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({
      error: 'expired_trigger_id',
    });
  });

  it('expires triggers on the real clock too', async () => {
    const quick = await startSlackStandIn({ triggerTtlMs: 20 });
    const quickClient = new WebClient(quick.botToken, {
      slackApiUrl: quick.apiUrl,
      retryConfig: { retries: 0 },
    });
    try {
      const trigger = quick.issueTriggerId(alice.id);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(await slackError(quickClient.views.open({ trigger_id: trigger, view: modal() }))).toMatchObject({
        error: 'expired_trigger_id',
      });
    } finally {
      await quick.close();
    }
  });

  it('pushes up to three modals and refuses a fourth', async () => {
    await client.views.open({ trigger_id: standIn.issueTriggerId(alice.id), view: modal() });
    for (const title of ['Two', 'Three']) {
      await client.views.push({
        trigger_id: standIn.issueTriggerId(alice.id),
        view: modal({ title: plain(title) }),
      });
    }
    const stack = standIn.modalStack(alice.id);
    expect(stack.map((v) => (v.type === 'modal' ? v.title.text : ''))).toEqual(['Request', 'Two', 'Three']);
    expect(stack[2]?.previous_view_id).toBe(stack[1]?.id);
    expect(stack[2]?.root_view_id).toBe(stack[0]?.id);
    const fourth = client.views.push({ trigger_id: standIn.issueTriggerId(alice.id), view: modal() });
    expect(await slackError(fourth)).toMatchObject({ error: 'push_limit_reached' });
  });

  it('updates a view by id or external_id and refuses a stale hash', async () => {
    const opened = await client.views.open({
      trigger_id: standIn.issueTriggerId(alice.id),
      view: modal({ external_id: 'req-1' }),
    });
    const id = opened.view?.id as string;
    const oldHash = opened.view?.hash as string;
    const updated = await client.views.update({
      view_id: id,
      hash: oldHash,
      view: modal({ title: plain('Step 2') }),
    });
    expect(updated.view).toMatchObject({ id, title: { text: 'Step 2' } });
    expect(updated.view?.hash).not.toBe(oldHash);
    expect(
      await slackError(client.views.update({ view_id: id, hash: oldHash, view: modal() })),
    ).toMatchObject({
      error: 'hash_conflict',
    });
    await client.views.update({ view_id: id, view: modal({ external_id: 'req-1', title: plain('Step 3') }) });
    await client.views.update({
      external_id: 'req-1',
      view: modal({ external_id: 'req-1', title: plain('Step 4') }),
    });
    expect(standIn.topModal(alice.id)).toMatchObject({ id, title: { text: 'Step 4' } });
    expect(await slackError(client.views.update({ view_id: 'VNOPE', view: modal() }))).toMatchObject({
      error: 'not_found',
    });
  });

  it('publishes a home tab per user and checks its hash', async () => {
    const view = { type: 'home' as const, blocks: [section('Welcome', { block_id: 'welcome' })] };
    const first = await client.views.publish({ user_id: alice.id, view });
    expect(standIn.home(alice.id)).toMatchObject({ type: 'home', blocks: view.blocks });
    const stale = client.views.publish({ user_id: alice.id, hash: 'stale', view });
    expect(await slackError(stale)).toMatchObject({ error: 'hash_conflict' });
    const second = await client.views.publish({ user_id: alice.id, hash: first.view?.hash as string, view });
    expect(second.view?.id).toBe(first.view?.id);
    expect(
      await slackError(client.views.publish({ user_id: alice.id, view: modal() as never })),
    ).toMatchObject({
      error: 'invalid_arguments',
    });
  });

  it('gives blocks and elements without ids generated ones, as Slack does', async () => {
    const blocks = [{ type: 'actions', elements: [{ type: 'button', text: plain('Go') }] }];
    await client.chat.postMessage({ channel: 'C0GENERAL', text: 'go', blocks });
    const stored = standIn.messages('C0GENERAL')[0]?.blocks?.[0] as Json;
    expect(stored.block_id).toEqual(expect.any(String));
    expect((stored.elements as Json[])[0]?.action_id).toEqual(expect.any(String));
  });
});

describe('Block Kit limits', () => {
  const select = (extra: Json) => ({
    type: 'static_select',
    action_id: 'pick',
    placeholder: plain('Pick'),
    ...extra,
  });
  const long = (n: number) => 'x'.repeat(n);

  const messageCases: Array<[string, unknown[], RegExp]> = [
    ['more than 50 blocks', many(51), /51 blocks/],
    ['section text over 3000', [section(long(3001))], /text: is 3001 characters; the limit is 3000/],
    ['header text over 150', [{ type: 'header', text: plain(long(151)) }], /limit is 150/],
    ['button text over 75', [{ type: 'actions', elements: [button(long(76))] }], /text\.text: .*limit is 75/],
    [
      'button value over 2000',
      [{ type: 'actions', elements: [button('Go', { value: long(2001) })] }],
      /value/,
    ],
    [
      'action_id over 255',
      [{ type: 'actions', elements: [button('Go', { action_id: long(256) })] }],
      /action_id/,
    ],
    ['block_id over 255', [section('x', { block_id: long(256) })], /block_id: is 256/],
    ['over 100 options', [section('x', { accessory: select({ options: options(101) }) })], /101 options/],
    [
      'over 100 option groups',
      [
        section('x', {
          accessory: select({
            option_groups: many(101).map(() => ({ label: plain('G'), options: options(1) })),
          }),
        }),
      ],
      /101 option groups/,
    ],
    [
      'overflow over 5 options',
      [section('x', { accessory: { type: 'overflow', action_id: 'more', options: options(6) } })],
      /6 options; the limit is 5/,
    ],
    [
      'radio over 10 options',
      [{ type: 'actions', elements: [{ type: 'radio_buttons', action_id: 'r', options: options(11) }] }],
      /11 options; the limit is 10/,
    ],
    [
      'checkboxes over 10 options',
      [{ type: 'actions', elements: [{ type: 'checkboxes', action_id: 'c', options: options(11) }] }],
      /11 options; the limit is 10/,
    ],
    [
      'option text over 75',
      [section('x', { accessory: select({ options: options(2, () => long(76)) }) })],
      /options\[0\]\.text\.text: is 76 characters; the limit is 75/,
    ],
    [
      'option value over 150',
      [section('x', { accessory: select({ options: options(2, undefined, () => long(151)) }) })],
      /limit is 150/,
    ],
    [
      'duplicate block_id',
      [section('a', { block_id: 'same' }), section('b', { block_id: 'same' })],
      /more than one/,
    ],
    [
      'duplicate action_id in a block',
      [{ type: 'actions', elements: [button('A'), button('B')] }],
      /action_id "go" is used more than once/,
    ],
    [
      'input block in a message',
      [{ type: 'input', label: plain('Name'), element: { type: 'plain_text_input', action_id: 'name' } }],
      /not allowed in messages/,
    ],
    ['section without text or fields', [{ type: 'section' }], /needs text or fields/],
    [
      'element without type',
      [{ type: 'actions', elements: [{ action_id: 'x', text: plain('Go') }] }],
      /type: is required/,
    ],
  ];

  it.each(messageCases)(
    'refuses a message with %s as invalid_blocks and stores nothing',
    async (_name, blocks, problem) => {
      const error = await slackError(
        client.chat.postMessage({ channel: 'C0GENERAL', text: 'x', blocks: blocks as never }),
      );
      expect(error).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect((error.errors as string[]).join('\n')).toMatch(problem);
      expect(standIn.messages('C0GENERAL')).toEqual([]);
    },
  );

  it('checks chat.update and chat.postEphemeral blocks too', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'ok' });
    const bad = many(51) as never;
    const update = client.chat.update({
      channel: 'C0GENERAL',
      ts: posted.ts as string,
      text: 'x',
      blocks: bad,
    });
    expect(await slackError(update)).toMatchObject({ error: 'invalid_blocks' });
    const ephemeral = client.chat.postEphemeral({
      channel: 'C0GENERAL',
      user: alice.id,
      text: 'x',
      blocks: bad,
    });
    expect(await slackError(ephemeral)).toMatchObject({ error: 'invalid_blocks' });
    expect(standIn.messages('C0GENERAL').map((m) => m.text)).toEqual(['ok']);
  });

  const viewCases: Array<[string, ModalView, RegExp]> = [
    ['more than 100 blocks', modal({ blocks: many(101) }), /101 blocks/],
    [
      'a title over 24',
      modal({ title: plain(long(25)) }),
      /view\.title\.text: is 25 characters; the limit is 24/,
    ],
    ['submit over 24', modal({ submit: plain(long(25)) }), /view\.submit\.text/],
    ['close over 24', modal({ close: plain(long(25)) }), /view\.close\.text/],
    ['private_metadata over 3000', modal({ private_metadata: long(3001) }), /private_metadata: is 3001/],
    ['callback_id over 255', modal({ callback_id: long(256) }), /callback_id: is 256/],
    [
      'input blocks and no submit',
      modal({ blocks: [{ type: 'input', label: plain('Name'), element: { type: 'plain_text_input' } }] }),
      /submit: is required/,
    ],
  ];

  it.each(viewCases)(
    'refuses a modal with %s as invalid_blocks and opens nothing',
    async (_name, view, problem) => {
      const error = await slackError(
        client.views.open({ trigger_id: standIn.issueTriggerId(alice.id), view: view as never }),
      );
      expect(error).toMatchObject({ ok: false, error: 'invalid_blocks' });
      expect((error.errors as string[]).join('\n')).toMatch(problem);
      expect(standIn.modalStack(alice.id)).toEqual([]);
    },
  );

  it('allows 100 blocks on a home tab and refuses 101', async () => {
    await client.views.publish({ user_id: alice.id, view: { type: 'home', blocks: many(100) as never } });
    const tooMany = client.views.publish({
      user_id: alice.id,
      view: { type: 'home', blocks: many(101) as never },
    });
    expect(await slackError(tooMany)).toMatchObject({ error: 'invalid_blocks' });
    expect(standIn.home(alice.id)?.blocks).toHaveLength(100);
  });

  it('checks views.push and views.update', async () => {
    const opened = await client.views.open({ trigger_id: standIn.issueTriggerId(alice.id), view: modal() });
    const bad = modal({ title: plain(long(25)) }) as never;
    expect(
      await slackError(client.views.push({ trigger_id: standIn.issueTriggerId(alice.id), view: bad })),
    ).toMatchObject({ error: 'invalid_blocks' });
    expect(
      await slackError(client.views.update({ view_id: opened.view?.id as string, view: bad })),
    ).toMatchObject({
      error: 'invalid_blocks',
    });
  });

  it('accepts what is within the limits', () => {
    expect(validateBlocks(many(50), 'message')).toEqual([]);
    expect(
      validateView(modal({ title: plain(long(24)), submit: plain(long(24)), close: plain(long(24)) })),
    ).toEqual([]);
    const full = [
      { type: 'header', text: plain(long(150)) },
      section(long(3000), {
        accessory: select({
          options: options(
            100,
            () => long(75),
            () => long(150),
          ),
        }),
      }),
      { type: 'actions', elements: [button(long(75), { value: long(2000), action_id: long(255) })] },
    ];
    expect(validateBlocks(full, 'modal')).toEqual([]);
  });
});

describe('response_url', () => {
  it('records what the app posts and applies it as Slack does', async () => {
    const posted = await client.chat.postMessage({ channel: 'C0GENERAL', text: 'Approve?' });
    const context = { userId: alice.id, channel: 'C0GENERAL', messageTs: posted.ts as string };
    const post = (url: string, body: Json) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const url = standIn.responseUrl(context);
    expect(url.startsWith(standIn.baseUrl)).toBe(true);
    await post(url, { text: 'Just for you' });
    await post(url, { text: 'For everyone', response_type: 'in_channel' });
    await post(url, { text: 'Approved', replace_original: true });
    expect(standIn.messages('C0GENERAL').map((m) => [m.text, m.ephemeralFor])).toEqual([
      ['Approved', undefined],
      ['Just for you', alice.id],
      ['For everyone', undefined],
    ]);
    await post(url, { delete_original: true });
    expect(standIn.message('C0GENERAL', posted.ts as string)).toBeUndefined();
    await post(url, { text: 'again' });
    const sixth = await post(url, { text: 'once more' });
    expect(sixth.status).toBe(404);
    expect(standIn.responses().map((r) => r.body.text ?? 'delete')).toEqual([
      'Just for you',
      'For everyone',
      'Approved',
      'delete',
      'again',
      'once more',
    ]);
    expect(standIn.responses().at(-1)).toMatchObject({ ok: false, error: 'used_url' });
  });
});

describe('permalinks and files users upload into a file input', () => {
  it('gives a message’s permalink as Slack writes it, a thread reply’s naming its thread', async () => {
    const parent = standIn.postAsUser(alice.id, 'C0GENERAL', 'hello');
    const reply = standIn.postAsUser(alice.id, 'C0GENERAL', 'again', parent.ts);
    expect(await client.chat.getPermalink({ channel: 'C0GENERAL', message_ts: parent.ts })).toMatchObject({
      ok: true,
      channel: 'C0GENERAL',
      permalink: `https://otto-standin.slack.com/archives/C0GENERAL/p${parent.ts.replace('.', '')}`,
    });
    const threaded = await client.chat.getPermalink({ channel: 'C0GENERAL', message_ts: reply.ts });
    expect(threaded.permalink).toBe(
      `https://otto-standin.slack.com/archives/C0GENERAL/p${reply.ts.replace('.', '')}?thread_ts=${parent.ts}&cid=C0GENERAL`,
    );
    expect(
      await slackError(client.chat.getPermalink({ channel: 'C0GENERAL', message_ts: '1.000001' })),
    ).toMatchObject({
      error: 'message_not_found',
    });
  });

  it('serves an uploaded file’s bytes to the bot token only, as Slack’s file host does', async () => {
    const bytes = Buffer.from([0, 1, 2, 255]);
    const file = standIn.uploadAsUser(alice.id, {
      name: 'scan.pdf',
      content: bytes,
      mimetype: 'application/pdf',
    });
    expect(file).toMatchObject({
      name: 'scan.pdf',
      mimetype: 'application/pdf',
      filetype: 'pdf',
      size: 4,
      user: alice.id,
    });
    const withToken = await fetch(file.url_private_download, {
      headers: { authorization: `Bearer ${standIn.botToken}` },
    });
    expect([
      withToken.status,
      withToken.headers.get('content-type'),
      [...new Uint8Array(await withToken.arrayBuffer())],
    ]).toEqual([200, 'application/pdf', [0, 1, 2, 255]]);
    // Without the token (or with another), Slack answers with its sign-in page, not an error status.
    const without = await fetch(file.url_private);
    expect([without.status, without.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    const gone = await fetch(file.url_private_download.replace(file.id, 'F0NOSUCH00'), {
      headers: { authorization: `Bearer ${standIn.botToken}` },
    });
    expect(gone.status).toBe(404);
    expect(standIn.fileDownloads()).toEqual({ [file.id]: 1 });
  });

  it('refuses a file input that takes more than 10 files', () => {
    const view = (max: number) => ({
      type: 'modal',
      title: { type: 'plain_text', text: 'Files' },
      submit: { type: 'plain_text', text: 'Send' },
      blocks: [
        {
          type: 'input',
          block_id: 'f',
          label: { type: 'plain_text', text: 'Files' },
          element: { type: 'file_input', action_id: 'f', max_files: max },
        },
      ],
    });
    expect(validateView(view(10))).toEqual([]);
    expect(validateView(view(11))).toEqual([
      'view.blocks[0] (input "f").element.max_files: must be a whole number from 1 to 10',
    ]);
  });
});
