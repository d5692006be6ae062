import ICAL from 'ical.js';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleSlots } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { feedToken } from '../../../src/services/scheduling/calendar-feed.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { CUSTOMER, grant, MANAGER, seedWorld, type World } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

const SECRET = 'calendar-secret-for-tests-0123456789';
const HOUR = 60 * 60 * 1000;

describe('calendars: the feed route, /otto calendar and the Home overview', () => {
  let app: TestApp;
  let world: World;
  afterEach(async () => app.stop());

  async function start(secret: string | null = SECRET) {
    app = await startTestApp({
      clock: new ManualClock('2026-11-16T15:00:00Z'),
      ...(secret ? { env: { OTTO_CALENDAR_SECRET: secret } } : {}),
    });
    world = await seedWorld(app.otto.ctx.db, app.clock.now());
    for (const [startsAt, booked] of [
      ['2026-11-17T14:00:00Z', 1],
      ['2026-11-17T16:00:00Z', 2],
    ] as const) {
      await app.otto.ctx.db.insert(scheduleSlots).values({
        supportTeamId: world.teamId,
        startsAt: new Date(startsAt),
        endsAt: new Date(new Date(startsAt).getTime() + HOUR),
        capacity: 2,
        booked,
      });
    }
  }

  async function reply(user: string, text: string) {
    const before = app.standIn.responses().length;
    const response = await app.driver.slashCommand(user, text);
    // `run` subcommands answer in the ack itself.
    return (
      (response.json as { text?: string; blocks?: unknown[] } | undefined) ??
      (await waitFor(() => app.standIn.responses()[before]?.body as { text?: string; blocks?: unknown[] }))
    );
  }

  it('serves the team feed as text/calendar that a parser reads back; a wrong token gets 404', async () => {
    await start();
    const url = `${app.baseUrl}/calendar/north-campus-nit.ics`;
    const ok = await fetch(`${url}?token=${feedToken(SECRET, 'north-campus-nit')}`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/calendar/);
    const vcalendar = new ICAL.Component(ICAL.parse(await ok.text()));
    const events = vcalendar.getAllSubcomponents('vevent');
    expect(events.map((e) => e.getFirstPropertyValue('summary'))).toEqual([
      'North Campus NIT: 1 of 2 booked',
      'North Campus NIT: 2 of 2 booked',
    ]);
    const all = await fetch(`${app.baseUrl}/calendar/all.ics?token=${feedToken(SECRET, 'all')}`);
    expect(all.status).toBe(200);
    for (const bad of [
      `${url}?token=${'0'.repeat(32)}`,
      url,
      `${app.baseUrl}/calendar/nowhere.ics?token=x`,
    ]) {
      const response = await fetch(bad);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('VCALENDAR');
    }
  });

  it('answers 404 for every feed when OTTO_CALENDAR_SECRET is unset, and says feeds are off', async () => {
    await start(null);
    const response = await fetch(
      `${app.baseUrl}/calendar/all.ics?token=${feedToken('anything-at-all-0123456789', 'all')}`,
    );
    expect(response.status).toBe(404);
    expect(JSON.stringify(await reply(MANAGER, 'calendar'))).toContain('Calendar feeds are off');
  });

  it('/otto calendar shows free and booked by day, and feed addresses to staff only', async () => {
    await start();
    const customer = JSON.stringify(await reply(CUSTOMER, 'calendar'));
    expect(customer).toContain('Tue 17 Nov · 2 slots · 4 seats · 3 booked · *1 free*');
    expect(customer).not.toContain('token=');
    const staff = JSON.stringify(await reply(MANAGER, 'calendar north campus nit'));
    expect(staff).toContain(`/calendar/north-campus-nit.ics?token=${feedToken(SECRET, 'north-campus-nit')}`);
    expect(JSON.stringify(await reply(MANAGER, 'calendar Nowhere'))).toContain(
      'There is no support team called “Nowhere”.',
    );
  });

  it('shows staff the next 7 days per team on the Home, with a team filter', async () => {
    await start();
    await grant(app.otto.ctx.db, MANAGER, 'slot_admin', 'North Campus NIT');
    await app.driver.appHomeOpened(MANAGER);
    const home = () => JSON.stringify(app.standIn.home(MANAGER));
    await waitFor(() => (home().includes('Calendar · next 7 days') ? true : undefined));
    expect(home()).toContain('Tue 17 Nov · 2 slots · 4 seats · 3 booked · *1 free*');
    await app.driver.selectOption(MANAGER, 'Team', 'North Campus NIT', { surface: 'home' });
    await waitFor(() =>
      JSON.stringify(app.standIn.home(MANAGER)).includes(
        '"initial_option":{"text":{"type":"plain_text","text":"North Campus NIT"',
      )
        ? true
        : undefined,
    );
    await app.driver.appHomeOpened(CUSTOMER);
    await waitFor(() => app.standIn.home(CUSTOMER));
    expect(JSON.stringify(app.standIn.home(CUSTOMER))).not.toContain('Calendar · next');
  });
});
