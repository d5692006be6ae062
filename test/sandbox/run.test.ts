import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, supportTeams } from '../../db/schema/index.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { demoPeople } from '../../src/sandbox/demo-data.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/run.js';
import { ALL_TEAMS_FEED, feedUrl } from '../../src/services/scheduling/calendar-feed.js';
import { type ScratchDatabase, scratchDatabase } from '../helpers/database.js';

describe('startSandbox', () => {
  let dir: string;
  let database: ScratchDatabase;
  let sandbox: Sandbox | undefined;

  const start = async () =>
    startSandbox(
      loadConfig({ PORT: '0', DATABASE_URL: database.url, MAIL_DIR: join(dir, 'mail'), LOG_LEVEL: 'error' }),
      createLogger('error'),
    );

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otto-sandbox-'));
    database = await scratchDatabase(join(dir, 'sandbox.db'));
    sandbox = await start();
  });

  afterAll(async () => {
    await sandbox?.stop();
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page on the port it was given and the app beside it', async () => {
    const running = sandbox!;
    expect(running.url).toBe(`http://localhost:${running.port}/`);
    expect(running.port).toBeGreaterThan(0);
    expect(running.otto.port).not.toBe(running.port);
    expect(running.appEventsUrl).toBe(`http://localhost:${running.otto.port}/slack/events`);

    const page = await fetch(running.url);
    expect(page.status).toBe(200);
    const health = await fetch(`http://127.0.0.1:${running.otto.port}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('answers the calendar feed links on the page’s port, with no zero-length events', async () => {
    const running = sandbox!;
    const secret = running.otto.ctx.calendarSecret!;
    const link = new URL(feedUrl(running.otto.ctx.links.publicUrl, secret, ALL_TEAMS_FEED));
    const feed = await fetch(new URL(`${link.pathname}${link.search}`, running.url));
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await feed.text();
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent');
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) {
      const start = (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().getTime();
      const end = (event.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate().getTime();
      expect(end).toBeGreaterThan(start);
    }
    // A wrong token is refused there too.
    const refused = await fetch(new URL(`${link.pathname}?token=wrong`, running.url));
    expect(refused.status).toBe(404);
  });

  it('puts the app under clock control: its time follows real time and moves forward on request', async () => {
    const clockUrl = `http://127.0.0.1:${sandbox!.otto.port}/sandbox/clock`;
    const before = (await (await fetch(clockUrl)).json()) as { now: string; timeZone: string };
    expect(Math.abs(Date.parse(before.now) - Date.now())).toBeLessThan(60_000);
    expect(before.timeZone).toBe('America/Detroit');

    const moved = await fetch(clockUrl, { method: 'POST', body: JSON.stringify({ advance: 'PT1H' }) });
    expect(moved.status).toBe(200);
    const after = (await moved.json()) as { now: string };
    expect(Date.parse(after.now) - Date.parse(before.now)).toBeGreaterThanOrEqual(3_600_000);
    expect(sandbox!.otto.ctx.clock.now().getTime()).toBeGreaterThanOrEqual(Date.parse(after.now));
  });

  it('puts every demo person into the stand-in and seeds an empty database', async () => {
    const running = sandbox!;
    for (const person of demoPeople) {
      expect(running.standIn.user(person.id)).toMatchObject({
        realName: person.realName,
        email: person.email,
      });
    }
    expect(running.seeded).toBe(true);
    expect(await running.otto.ctx.db.select().from(supportTeams)).toHaveLength(3);
  });

  it('talks to the app only through signed requests: a forged one is refused', async () => {
    const running = sandbox!;
    const body = 'command=%2Fotto&text=help&user_id=U0DEMOADMN';
    const forged = await running.driver.post(body, 'application/x-www-form-urlencoded', {
      'X-Slack-Request-Timestamp': String(Math.floor(Date.now() / 1000)),
      'X-Slack-Signature': 'v0=0000',
    });
    expect(forged.status).toBe(401);
    const signed = await running.driver.slashCommand('U0DEMOADMN', 'help');
    expect(signed.status).toBe(200);
  });

  it('keeps changes across a restart on the same database and does not seed twice', async () => {
    const form = new URLSearchParams({ as: 'U0DEMOADMN', text: 'roles grant <@U0DEMOCUST> manager' });
    const granted = await fetch(new URL('/command', sandbox!.url), {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(granted.status).toBe(303);

    await sandbox!.stop();
    const oldUrl = sandbox!.url;
    sandbox = undefined;
    await expect(fetch(oldUrl)).rejects.toThrow();

    sandbox = await start();
    expect(sandbox.seeded).toBe(false);
    const db = sandbox.otto.ctx.db;
    expect(await db.select().from(supportTeams)).toHaveLength(3);
    expect(await db.select().from(roles)).toContainEqual(
      expect.objectContaining({ slackUserId: 'U0DEMOCUST', role: 'manager' }),
    );
    const home = await fetch(new URL('/?as=U0DEMOCUST', sandbox.url));
    expect(await home.text()).toContain('<strong>Refresh manager</strong>');
  });
});
