import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { checkSlackBody, maxNesting } from '../../src/slack/plumbing/envelope.js';
import { guardSlackRequests } from '../../src/slack/plumbing/request-guard.js';

const secret = 'guard-test-secret-0123456789abcdef';
const form = 'application/x-www-form-urlencoded';
const json = 'application/json';
const user = { id: 'U0ADMIN01', name: 'avery', team_id: 'T0TEST' };
const team = { id: 'T0TEST', domain: 'test' };
const view = { id: 'V0MODAL', type: 'modal', callback_id: 'book_slot', state: { values: {} }, hash: '1.a' };
const payload = (value: unknown) => `payload=${encodeURIComponent(JSON.stringify(value))}`;
const blockActions = {
  type: 'block_actions',
  user,
  team,
  trigger_id: '1.2.3',
  actions: [{ type: 'button', action_id: 'approve', block_id: 'b', value: '1' }],
};
const command = new URLSearchParams({
  command: '/otto',
  team_id: 'T0TEST',
  user_id: 'U0ADMIN01',
  channel_id: 'C0GENERAL',
  text: 'help',
}).toString();
const event = {
  type: 'event_callback',
  team_id: 'T0TEST',
  api_app_id: 'A0TEST',
  event_id: 'Ev01',
  event_time: 1,
  event: { type: 'app_home_opened', user: 'U0ADMIN01', channel: 'D0ADMIN01', tab: 'home' },
};

describe('checkSlackBody', () => {
  it.each([
    ['a slash command', form, command],
    ['block_actions', form, payload(blockActions)],
    ['a view_submission', form, payload({ type: 'view_submission', user, team, view })],
    [
      'a block_suggestion',
      form,
      payload({ type: 'block_suggestion', user, team, action_id: 'a', block_id: 'b', value: 'q' }),
    ],
    ['an event', json, JSON.stringify(event)],
    ['an event with a charset', 'application/json; charset=utf-8', JSON.stringify(event)],
    ['url_verification', json, JSON.stringify({ type: 'url_verification', challenge: 'c' })],
  ])('takes %s as Slack sends it', (_name, contentType, body) => {
    expect(checkSlackBody(contentType, body)).toEqual({ ok: true });
  });

  it.each([
    ['payload=null', form, 'payload=null', 'payload is null, not an object'],
    ['JSON null', json, 'null', 'body is null, not an object'],
    ['invalid JSON', form, 'payload=%7Bnot-json', 'payload is not JSON'],
    ['an empty object', json, '{}', 'body has no type'],
    [
      'block_actions without user',
      form,
      payload({ ...blockActions, user: undefined }),
      'block_actions: user:',
    ],
    [
      'a user id that is not one',
      form,
      payload({ ...blockActions, user: { id: 'U0ADMIN01\u202e' } }),
      'block_actions: user.id: is not a Slack user id',
    ],
    [
      'a team id Bolt would file under Object.prototype',
      form,
      payload({ ...blockActions, team: { id: 'constructor' } }),
      'block_actions: team.id: is not a Slack team id',
    ],
    [
      'an action value that is not a string',
      form,
      payload({ ...blockActions, actions: [{ ...blockActions.actions[0], value: 7 }] }),
      'block_actions: actions.0.value:',
    ],
    [
      'a view_submission without view state',
      form,
      payload({ type: 'view_submission', user, team, view: { ...view, state: undefined } }),
      'view_submission: view.state:',
    ],
    [
      'block_actions carrying an event for Bolt to trip on',
      form,
      payload({ ...blockActions, event: 'x' }),
      'block_actions: event:',
    ],
    ['an unknown type', json, JSON.stringify({ type: 'toString' }), 'body has an unknown type "toString"'],
    ['an event without event_id', json, JSON.stringify({ ...event, event_id: undefined }), 'event_id'],
    [
      'an event whose channel is a number',
      json,
      JSON.stringify({ ...event, event: { ...event.event, channel: 5 } }),
      'event_callback: event.channel:',
    ],
    ['a slash command given twice', form, `${command}&command=%2Fotto`, 'command is given more than once'],
    ['a slash command smuggling an event', form, `${command}&event=x`, 'slash command: event:'],
    [
      'payload given twice',
      form,
      `${payload(blockActions)}&${payload(blockActions)}`,
      'payload is given more than once',
    ],
    [
      'nesting deeper than Slack ever sends',
      json,
      `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `nests deeper than ${maxNesting}`,
    ],
    ['a text/plain body', 'text/plain', JSON.stringify(event), 'neither a form nor JSON'],
    ['a form with a charset', `${form}; charset=utf-8`, command, 'neither a form nor JSON'],
    ['no content type', undefined, JSON.stringify(event), 'neither a form nor JSON'],
  ])('refuses %s, saying why', (_name, contentType, body, reason) => {
    const checked = checkSlackBody(contentType, body);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toContain(reason);
  });

  it('counts nesting outside strings only', () => {
    const brackets = '['.repeat(200);
    expect(checkSlackBody(json, JSON.stringify({ ...event, note: brackets }))).toEqual({ ok: true });
  });
});

describe('guardSlackRequests', () => {
  let server: Server;
  let url: string;
  const handed: IncomingMessage[] = [];
  const logged: string[] = [];
  const logger = createLogger('error');
  logger.warn = (...args: unknown[]) => void logged.push(args.join(' '));

  const post = (body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)) =>
    fetch(url, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      },
      body,
    });

  beforeAll(async () => {
    const next = (req: IncomingMessage, res: import('node:http').ServerResponse) => {
      handed.push(req);
      res.writeHead(200);
      res.end();
    };
    server = createServer(
      guardSlackRequests(next, { signingSecret: secret, endpoint: '/slack/events', bodyLimit: 1024, logger }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    handed.length = 0;
    logged.length = 0;
  });

  it('hands a good request on with its body already read', async () => {
    expect((await post(command, form)).status).toBe(200);
    expect(handed).toHaveLength(1);
    expect((handed[0] as IncomingMessage & { rawBody?: Buffer }).rawBody?.toString()).toBe(command);
    expect(logged).toEqual([]);
  });

  it('answers a malformed one 400 with one log line and does not hand it on', async () => {
    expect((await post('payload=null', form)).status).toBe(400);
    expect(handed).toEqual([]);
    expect(logged).toEqual(['Slack request refused (400): payload is null, not an object']);
  });

  it('refuses future and past timestamps alike', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await post(command, form, now + 301)).status).toBe(401);
    expect((await post(command, form, now - 301)).status).toBe(401);
    expect(handed).toEqual([]);
    expect(logged[0]).toMatch(/^Slack request refused \(401\): signed 30\d s ahead of the server's time/);
  });

  it('refuses a signature that is not the body’s, one with a non-ASCII character, and an unknown version', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const good = createHmac('sha256', secret).update(`v0:${timestamp}:${command}`).digest('hex');
    // A digit swapped; the last digit replaced by "á" (one Latin-1 byte in the header); v1.
    const swapped = `${good.slice(0, -1)}${good.endsWith('0') ? '1' : '0'}`;
    for (const signature of [`v0=${swapped}`, `v0=${good.slice(0, -1)}\u00e1`, `v1=${good}`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': form,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        },
        body: command,
      });
      expect(response.status).toBe(401);
    }
    expect(handed).toEqual([]);
    expect(logged).toEqual([
      'Slack request refused (401): signature mismatch',
      'Slack request refused (401): signature mismatch',
      'Slack request refused (401): unknown signature version',
    ]);
  });

  it('answers 413 past the body limit, and Slack’s unsigned SSL check with 200', async () => {
    expect((await post(`text=${'x'.repeat(2000)}`, form)).status).toBe(413);
    const sslCheck = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': form },
      body: 'ssl_check=1&token=x',
    });
    expect(sslCheck.status).toBe(200);
    expect(handed).toEqual([]);
  });

  it('leaves other paths and methods to the receiver', async () => {
    const response = await fetch(url.replace('/slack/events', '/healthz'));
    expect(response.status).toBe(200);
    expect(handed).toHaveLength(1);
  });
});
