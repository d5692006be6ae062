import { createHmac } from 'node:crypto';
import { defaultBodyLimit } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../db/schema/index.js';
import { startTestApp, type TestApp, testSigningSecret } from '../helpers/app.js';

const ADMIN = 'U0ADMIN01';
const OTHER = 'U0OTHER01';

function slashBody(userId: string, text: string): string {
  return new URLSearchParams({
    token: 'legacy',
    team_id: 'T0TEST',
    team_domain: 'test',
    channel_id: 'C0GENERAL',
    channel_name: 'general',
    user_id: userId,
    user_name: 'someone',
    command: '/otto',
    text,
    api_app_id: 'A0TEST',
    response_url: 'http://127.0.0.1:9/response',
    trigger_id: '1.2.3',
  }).toString();
}

const sign = (body: string, timestamp: number | string, secret = testSigningSecret) => ({
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
});

describe('requests to /slack/events', () => {
  let app: TestApp;
  const form = 'application/x-www-form-urlencoded';
  const roleRows = async () => app.otto.ctx.db.select().from(roles);

  beforeAll(async () => {
    app = await startTestApp({ admins: [ADMIN] });
  });
  afterAll(async () => app.stop());

  it('answers a correctly signed request', async () => {
    const response = await app.driver.slashCommand(ADMIN, 'help');
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
  });

  it('refuses a forged signature with 401 and changes nothing', async () => {
    const before = await roleRows();
    const body = slashBody(ADMIN, `roles grant <@${OTHER}> admin`);
    const response = await app.driver.post(
      body,
      form,
      sign(body, Math.floor(Date.now() / 1000), 'not-the-secret-000000'),
    );
    expect(response.status).toBe(401);
    expect(await roleRows()).toEqual(before);
  });

  it('refuses a body changed after signing', async () => {
    const signed = slashBody(ADMIN, 'help');
    const tampered = slashBody(ADMIN, `roles grant <@${OTHER}> admin`);
    const response = await app.driver.post(tampered, form, sign(signed, Math.floor(Date.now() / 1000)));
    expect(response.status).toBe(401);
    expect((await roleRows()).some((row) => row.slackUserId === OTHER)).toBe(false);
  });

  it('refuses a replayed request older than 5 minutes with 401 and changes nothing', async () => {
    const before = await roleRows();
    const body = slashBody(ADMIN, `roles grant <@${OTHER}> manager`);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await app.driver.post(body, form, sign(body, sixMinutesAgo));
    expect(response.status).toBe(401);
    expect(await roleRows()).toEqual(before);
    // The same request signed now is accepted, so the refusal was about its age alone.
    const fresh = await app.driver.post(body, form, sign(body, Math.floor(Date.now() / 1000)));
    expect(fresh.status).toBe(200);
    expect((await roleRows()).some((row) => row.slackUserId === OTHER && row.role === 'manager')).toBe(true);
  });

  it('refuses requests signed more than 5 minutes ahead with 401 and changes nothing', async () => {
    const before = await roleRows();
    const body = slashBody(ADMIN, `roles grant <@${OTHER}> admin`);
    const sixMinutesAhead = Math.floor(Date.now() / 1000) + 6 * 60;
    expect((await app.driver.post(body, form, sign(body, sixMinutesAhead))).status).toBe(401);
    // Slack's timestamps are whole seconds; anything else is not Slack's, however far off.
    for (const timestamp of ['1.7e19', '17000000000000000000', '-1', String(Date.now())]) {
      const response = await app.driver.post(body, form, sign(body, timestamp));
      expect(response.status, timestamp).toBe(401);
    }
    expect(await roleRows()).toEqual(before);
  });

  it('accepts requests signed up to 5 minutes either way of the server’s time', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const timestamp of [now - 4 * 60, now + 4 * 60]) {
      const body = slashBody(ADMIN, 'help');
      const response = await app.driver.post(body, form, sign(body, timestamp));
      expect(response.status).toBe(200);
      expect(response.body).toContain('help');
    }
  });

  it('refuses requests without signature headers', async () => {
    const response = await app.driver.post(slashBody(ADMIN, 'help'), form);
    expect(response.status).toBe(401);
  });

  it('answers 400 to a signed but malformed interaction payload', async () => {
    const body = 'payload=%7Bnot-json';
    const response = await app.driver.post(body, form, sign(body, Math.floor(Date.now() / 1000)));
    expect(response.status).toBe(400);
  });

  it('answers a signed `payload=null` or JSON `null` with 400 and keeps serving', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const [body, type] of [
      ['payload=null', form],
      ['null', 'application/json'],
    ] as const) {
      const response = await app.driver.post(body, type, sign(body, now));
      expect(response.status, body).toBe(400);
    }
    expect((await app.driver.slashCommand(ADMIN, 'help')).status).toBe(200);
  });

  it('answers 413 to a body over the size limit', async () => {
    const body = `payload=${'x'.repeat(defaultBodyLimit + 1)}`;
    const response = await app.driver.post(body, form, sign(body, Math.floor(Date.now() / 1000)));
    expect(response.status).toBe(413);
  });

  it('answers Slack’s URL verification challenge', async () => {
    const response = await app.driver.urlVerification('challenge-123');
    expect(response.status).toBe(200);
    expect(response.body).toContain('challenge-123');
  });

  it('reports health with the database reachable', async () => {
    const response = await fetch(`${app.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
