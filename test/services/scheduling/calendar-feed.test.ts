import ICAL from 'ical.js';
import nodeIcal from 'node-ical';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleSlots, supportTeams } from '../../../db/schema/index.js';
import { escapeIcalText, foldIcalLine, writeIcalCalendar } from '../../../src/domain/scheduling/ical.js';
import { feedSlug, feedToken, getCalendarFeed } from '../../../src/services/scheduling/calendar-feed.js';
import { getCalendarOverview } from '../../../src/services/scheduling/calendar-overview.js';
import { ADMIN, CUSTOMER, grant } from '../../helpers/factories.js';
import { openServiceWorld, type ServiceWorld } from '../../helpers/world.js';

const SECRET = 'calendar-secret-for-tests-0123456789';
const HOUR = 60 * 60 * 1000;

async function addSlot(
  sw: ServiceWorld,
  teamId: number,
  startsAt: string,
  extra: Partial<typeof scheduleSlots.$inferInsert> = {},
) {
  const start = new Date(startsAt);
  return (
    await sw.db
      .insert(scheduleSlots)
      .values({
        supportTeamId: teamId,
        startsAt: start,
        endsAt: new Date(start.getTime() + HOUR),
        capacity: 3,
        ...extra,
      })
      .returning()
  )[0]!;
}

function parse(text: string) {
  const component = new ICAL.Component(ICAL.parse(text));
  return {
    component,
    events: component.getAllSubcomponents('vevent').map((v) => ({
      uid: v.getFirstPropertyValue('uid'),
      summary: v.getFirstPropertyValue('summary'),
      status: v.getFirstPropertyValue('status'),
      start: (v.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate(),
      end: (v.getFirstPropertyValue('dtend') as ICAL.Time).toJSDate(),
    })),
  };
}

describe('the iCalendar writer', () => {
  it('escapes text values and folds long lines at 75 octets without splitting characters', () => {
    expect(escapeIcalText('a, b; c\\d\ne')).toBe('a\\, b\\; c\\\\d\\ne');
    const line = `SUMMARY:${'é'.repeat(60)}`;
    const folded = foldIcalLine(line);
    for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('writes CRLF lines a real parser reads back, with the zone named and cancelled events marked', () => {
    const text = writeIcalCalendar({
      name: 'Team, one; two',
      timeZone: 'America/Detroit',
      now: new Date('2026-11-16T15:00:00Z'),
      events: [
        {
          uid: 'slot-1@otto.example',
          start: new Date('2026-11-17T14:00:00Z'),
          end: new Date('2026-11-17T15:00:00Z'),
          summary: `North, Room 1; 1 of 2 booked ${'x'.repeat(100)}`,
          cancelled: true,
        },
      ],
    });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const { component, events } = parse(text);
    expect(component.getFirstPropertyValue('x-wr-timezone')).toBe('America/Detroit');
    expect(events[0]).toMatchObject({ uid: 'slot-1@otto.example', status: 'CANCELLED' });
    expect(events[0]?.summary).toBe(`North, Room 1; 1 of 2 booked ${'x'.repeat(100)}`);
    expect(events[0]?.start.toISOString()).toBe('2026-11-17T14:00:00.000Z');
  });
});

describe('calendar feeds', () => {
  let sw: ServiceWorld;
  let southId: number;
  beforeEach(async () => {
    sw = await openServiceWorld('2026-11-16T15:00:00Z');
    southId = (
      await sw.db
        .insert(supportTeams)
        .values({ name: 'South Campus', timeZone: 'America/Chicago', createdAt: new Date() })
        .returning()
    )[0]!.id;
  });
  afterEach(() => sw.close());

  const feed = async (name: string, token = feedToken(SECRET, name), secret: string | undefined = SECRET) =>
    getCalendarFeed(sw.ctx, { feed: name, token, secret });

  it('serves a team’s slots from 7 days back to 35 ahead, parsed back with stable UIDs and cancelled slots', async () => {
    const north = sw.world.teamId;
    const booked = await addSlot(sw, north, '2026-11-17T14:00:00Z', { booked: 2 });
    const deleted = await addSlot(sw, north, '2026-11-18T14:00:00Z', {
      deletedAt: new Date(),
      deletedBy: ADMIN,
    });
    await addSlot(sw, north, '2026-11-10T14:00:00Z'); // 6 days back: shown
    await addSlot(sw, north, '2026-11-01T14:00:00Z'); // too old
    await addSlot(sw, north, '2026-12-25T14:00:00Z'); // beyond 35 days
    await addSlot(sw, southId, '2026-11-17T16:00:00Z'); // another team

    const slug = feedSlug('North Campus NIT');
    expect(slug).toBe('north-campus-nit');
    const text = await feed(slug);
    expect(text).toBeDefined();
    const { component, events } = parse(text!);
    expect(component.getFirstPropertyValue('x-wr-timezone')).toBe('America/Detroit');
    expect(events).toHaveLength(3);
    expect(events.map((e) => e.uid)).toEqual([
      expect.stringMatching(/^slot-\d+-20261110T140000Z@localhost$/),
      `slot-${booked.id}-20261117T140000Z@localhost`,
      `slot-${deleted.id}-20261118T140000Z@localhost`,
    ]);
    expect(events[1]).toMatchObject({ summary: 'North Campus NIT: 2 of 3 booked', status: 'CONFIRMED' });
    expect(events[1]?.start.toISOString()).toBe('2026-11-17T14:00:00.000Z');
    expect(events[1]?.end.toISOString()).toBe('2026-11-17T15:00:00.000Z');
    expect(events[2]?.status).toBe('CANCELLED');
    // The same slot keeps its UID from one fetch to the next.
    expect(parse((await feed(slug))!).events.map((e) => e.uid)).toEqual(events.map((e) => e.uid));
    // Reached by id, a team shares its slug's token.
    expect(await feed(String(north), feedToken(SECRET, slug))).toBe(text);
  });

  it('shows the no-customer 00:00 slot as a whole-day note on its local day, never a zero-length event', async () => {
    // Tue 17 Nov 00:00 in Detroit, booked by two no-customer tickets (capacity sized to them).
    const midnight = new Date('2026-11-17T05:00:00Z');
    await addSlot(sw, sw.world.teamId, midnight.toISOString(), { endsAt: midnight, capacity: 2, booked: 2 });
    await addSlot(sw, sw.world.teamId, '2026-11-17T14:00:00Z');
    const text = (await feed('north-campus-nit'))!;
    expect(text).toContain('DTSTART;VALUE=DATE:20261117\r\nDTEND;VALUE=DATE:20261118\r\n');

    const byIcalJs = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => {
      const start = v.getFirstPropertyValue('dtstart') as ICAL.Time;
      const end = v.getFirstPropertyValue('dtend') as ICAL.Time;
      return {
        summary: String(v.getFirstPropertyValue('summary')),
        allDay: start.isDate,
        start: start.toString(),
        end: end.toString(),
      };
    });
    expect(byIcalJs).toEqual([
      {
        summary: 'North Campus NIT: 2 deliveries without a customer',
        allDay: true,
        start: '2026-11-17',
        end: '2026-11-18',
      },
      {
        summary: 'North Campus NIT: 0 of 3 booked',
        allDay: false,
        start: '2026-11-17T14:00:00Z',
        end: '2026-11-17T15:00:00Z',
      },
    ]);
    const byNodeIcal = Object.values(nodeIcal.sync.parseICS(text))
      .filter((c) => c?.type === 'VEVENT')
      .map((c) => c as nodeIcal.VEvent);
    expect(byNodeIcal.map((e) => [String(e.summary), e.datetype])).toEqual([
      ['North Campus NIT: 2 deliveries without a customer', 'date'],
      ['North Campus NIT: 0 of 3 booked', 'date-time'],
    ]);
    for (const event of byNodeIcal) {
      expect(new Date(event.end as Date).getTime()).toBeGreaterThan(new Date(event.start as Date).getTime());
    }
  });

  it('serves every team in the all-teams feed', async () => {
    await addSlot(sw, sw.world.teamId, '2026-11-17T14:00:00Z');
    await addSlot(sw, southId, '2026-11-17T16:00:00Z');
    const { events } = parse((await feed('all'))!);
    expect(events.map((e) => e.summary)).toEqual([
      'North Campus NIT: 0 of 3 booked',
      'South Campus: 0 of 3 booked',
    ]);
  });

  it('refuses a wrong token, another feed’s token, an unknown team and a missing secret alike', async () => {
    await addSlot(sw, sw.world.teamId, '2026-11-17T14:00:00Z');
    expect(await feed('north-campus-nit', 'x'.repeat(32))).toBeUndefined();
    expect(await feed('north-campus-nit', feedToken(SECRET, 'all'))).toBeUndefined();
    expect(await feed('north-campus-nit', '')).toBeUndefined();
    expect(await feed('nowhere')).toBeUndefined();
    expect(
      await getCalendarFeed(sw.ctx, { feed: 'all', token: feedToken(SECRET, 'all'), secret: undefined }),
    ).toBeUndefined();
    expect(
      await feed('north-campus-nit', feedToken('another-secret-0123456789', 'north-campus-nit')),
    ).toBeUndefined();
  });

  it('counts free and booked slots per team and day, and shows feed addresses to staff only', async () => {
    await addSlot(sw, sw.world.teamId, '2026-11-17T14:00:00Z', { booked: 1 });
    await addSlot(sw, sw.world.teamId, '2026-11-17T16:00:00Z', { booked: 3 });
    await addSlot(sw, sw.world.teamId, '2026-11-18T14:00:00Z', { deletedAt: new Date(), deletedBy: ADMIN });
    const customer = await getCalendarOverview(sw.ctx, { userId: CUSTOMER, days: 14, secret: SECRET });
    expect(customer.feeds).toBeUndefined();
    const north = customer.teams.find((t) => t.team === 'North Campus NIT');
    expect(north?.days).toEqual([{ day: '2026-11-17', slots: 2, capacity: 6, booked: 4 }]);

    await grant(sw.db, ADMIN, 'slot_admin', 'South Campus');
    const staff = await getCalendarOverview(sw.ctx, {
      userId: ADMIN,
      days: 14,
      team: 'south-campus',
      secret: SECRET,
    });
    expect(staff.teams.map((t) => t.team)).toEqual(['South Campus']);
    expect(staff.feeds).toEqual([
      {
        name: 'South Campus',
        url: `http://localhost/calendar/south-campus.ics?token=${feedToken(SECRET, 'south-campus')}`,
      },
    ]);
    await expect(async () =>
      getCalendarOverview(sw.ctx, { userId: ADMIN, days: 14, team: 'Nowhere' }),
    ).rejects.toThrow(/no support team/);
  });
});
