import { asc, count, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, outbox, people, refreshTickets, scheduleSlots, webLinks } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { signWebLink } from '../../src/domain/links/web-link.js';
import { issueWebLink } from '../../src/effects/web-links.js';
import { bookSlot } from '../../src/services/refresh/booking/book-slot.js';
import { requestReschedule } from '../../src/services/refresh/booking/reschedule.js';
import { holdTicket } from '../../src/services/refresh/tickets/hold.js';
import { startTestApp, type TestApp, testLinkSecret } from '../helpers/app.js';
import { mailBody, mailCalendar, mailHeaders, sentEmails } from '../helpers/calendar-mail.js';
import {
  CUSTOMER,
  MANAGER,
  makeSlot as makeSlotFor,
  makeSystem,
  makeTicket,
  seedWorld,
  type World,
} from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';
import {
  expectAccessiblePage,
  expectPrivateAnswer,
  formTokenOf,
  getPage,
  newestWebLinkTo,
  pageText,
  postForm,
  webLinksTo,
} from '../helpers/web.js';

// The booking page an invitation, a confirmation or a reminder links to, through real HTTP:
// a customer without Slack books, changes the time and downloads the appointment, and every
// refusal changes nothing.

let app: TestApp;
let world: World;
beforeEach(async () => {
  // Tue 17 Nov, 07:00 in Detroit: the morning discovery run.
  app = await startTestApp({ clock: new ManualClock('2026-11-17T12:00:00Z') });
  world = await seedWorld(app.otto.ctx.db);
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const ROBIN = 'robin@example.edu';

const makeSlot = async (startsAt: string, capacity = 1) => makeSlotFor(db(), world, startsAt, capacity);
/** Mon 23 Nov, 09:00–14:00 in Detroit, one seat each: the five free slots a team needs to invite. */
const mondaySlots = async () => {
  const slots = [];
  for (const hour of [14, 15, 16, 17, 18]) slots.push(await makeSlot(`2026-11-23T${hour}:00:00Z`));
  return slots;
};

/** A customer Otto knows only by e-mail: no Slack account. */
async function robin() {
  return (
    await db()
      .insert(people)
      .values({ email: ROBIN, name: 'Robin Remote', slackUserId: null, slackLookedUpAt: new Date() })
      .returning()
  )[0]!.id;
}

async function waitingTicket(
  overrides: { userId?: number; style?: 'on_prem' | 'unit_specified_location'; delegate?: boolean } = {},
) {
  const replacement = await makeSystem(db(), world, { userId: null, modelId: world.models.latitude });
  return makeTicket(db(), world, {
    status: 'pending_schedule_slot_discovery',
    replacementSystemId: replacement.id,
    ...overrides,
  });
}

async function invite() {
  await app.otto.scheduler.runJob('slot-discovery');
  await app.otto.dispatcher.runOnce();
}

const ticketRow = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const slotRows = async () => db().select().from(scheduleSlots).orderBy(asc(scheduleSlots.id));

/** Everything a page could change: the tickets, the seats, the outbox, the audit and the links. */
async function snapshot() {
  return {
    tickets: await db().select().from(refreshTickets).orderBy(asc(refreshTickets.id)),
    slots: await slotRows(),
    outbox: (await db().select({ n: count() }).from(outbox))[0]!.n,
    audits: (await db().select({ n: count() }).from(audits))[0]!.n,
    links: await db().select().from(webLinks),
  };
}

const emailsTo = (address: string) =>
  sentEmails(app.dir).filter((eml) => mailHeaders(eml).get('to')?.includes(address));
const subjectOf = (eml: string) => mailHeaders(eml).get('subject') ?? '';
const textOf = (eml: string) => mailBody(eml, 'text/plain').replace(/\s+/g, ' ');

/** The audit row of the ticket's booking: its move onto a slot. */
async function bookingAudit(ticketId: number) {
  const rows = await db().select().from(audits).where(eq(audits.ticketId, ticketId)).orderBy(asc(audits.id));
  return rows.find((row) => JSON.stringify(row.changes ?? {}).includes('scheduleSlotId'));
}

type Shown = Awaited<ReturnType<typeof getPage>>;

/** Posts the page's own form as a browser would: its hidden fields, its form token, the time picked. */
async function pick(link: string, slot: string, shown?: Shown) {
  const page = shown ?? (await getPage(app.baseUrl, link));
  const hidden: Record<string, string> = {};
  page.$('form input[type=hidden]').each((_, el) => {
    const name = page.$(el).attr('name');
    if (name && name !== '_form') hidden[name] = page.$(el).attr('value') ?? '';
  });
  return postForm(app.baseUrl, link, { ...hidden, slot }, { formToken: formTokenOf(page.$) });
}

/** `pick`, then the page the redirect leads to. */
async function pickAndFollow(link: string, slot: string, shown?: Shown) {
  const posted = await pick(link, slot, shown);
  expect(posted.status).toBe(303);
  return getPage(app.baseUrl, posted.location!);
}

/** The value of the radio button labelled `time` under the day `day`. */
function slotValue(page: { $: import('cheerio').CheerioAPI }, day: string, time: string): string {
  const { $ } = page;
  const group = $('fieldset.day').filter((_, el) => $(el).children('legend').text() === day);
  const label = group.find('label').filter((_, el) => $(el).text() === time);
  const value = $(`#${label.attr('for')}`).attr('value');
  if (!value) throw new Error(`no time ${time} on ${day} on the page`);
  return value;
}

describe('booking on the web', () => {
  it('a customer without Slack books from the invitation e-mail, and the GET changed nothing', async () => {
    await mondaySlots();
    const ticket = await waitingTicket({ userId: await robin(), style: 'unit_specified_location' });
    await invite();

    const [invitation] = emailsTo(ROBIN);
    expect(subjectOf(invitation!)).toBe(`Refresh #${ticket.id}: pick a time at Angell Hall 2001 (Tech Bar)`);
    const text = textOf(invitation!);
    expect(text).toContain('Open the link below (Pick a time) to see every free time and book one');
    expect(text).toContain('no Slack account is needed');
    expect(text).not.toContain('to pick a time with them');
    expect(text).not.toContain('Open Otto in Slack and press');
    expect(mailBody(invitation!, 'text/html')).toMatch(
      /href="http[^"]+\/web\/[^"]+"[^>]*>\s*Pick a time\s*</,
    );
    const link = newestWebLinkTo(app.dir, ROBIN);

    const before = await snapshot();
    const page = await getPage(app.baseUrl, link);
    expect(page.status).toBe(200);
    expectAccessiblePage(page);
    expect(page.$('h1').text()).toBe('Pick a time for your new computer');
    const shown = pageText(page.$);
    expect(shown).toContain(
      'This refresh takes place at Angell Hall 2001 (Tech Bar). Please be there at the time you pick, with your current computer.',
    );
    expect(shown).toContain('Times are Eastern Time, from Wed 18 Nov on.');
    expect(
      page
        .$('fieldset.day legend')
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual(['Mon 23 Nov']);
    expect(
      page
        .$('fieldset.day label')
        .map((_, el) => page.$(el).text())
        .get(),
    ).toEqual(['09:00 – 10:00', '10:00 – 11:00', '11:00 – 12:00', '12:00 – 13:00', '13:00 – 14:00']);
    // A mail scanner opening the link changes nothing.
    await getPage(app.baseUrl, `${link}?page=change`);
    expect(await snapshot()).toEqual(before);

    const posted = await pick(link, slotValue(page, 'Mon 23 Nov', '10:00 – 11:00'), page);
    expect(posted.status).toBe(303);
    expect(posted.location).toBe(`${link}?done=booked`);
    expectPrivateAnswer(posted);

    const booked = await getPage(app.baseUrl, posted.location!);
    expectAccessiblePage(booked);
    expect(booked.$('h1').text()).toBe('Your delivery time');
    expect(pageText(booked.$)).toContain(
      'Booked: Mon 23 Nov, 10:00 at Angell Hall 2001 (Tech Bar). Otto sent you a confirmation by e-mail, with a calendar invitation.',
    );
    expect(pageText(booked.$)).toContain('Please be there at Mon 23 Nov, 10:00, with your current computer.');
    const row = await ticketRow(ticket.id);
    expect(row.status).toBe('delivery_scheduled');
    const slot = (await slotRows()).find((s) => s.id === row.scheduleSlotId)!;
    expect(slot.startsAt.toISOString()).toBe('2026-11-23T15:00:00.000Z');
    expect(slot.booked).toBe(1);
    // The history names the customer by the address Otto knows them by.
    expect((await bookingAudit(ticket.id))?.actor).toBe(ROBIN);

    // The confirmation carries a new link to the same page, which now offers to change the time.
    await app.otto.dispatcher.runOnce();
    const confirmation = emailsTo(ROBIN).at(-1)!;
    expect(subjectOf(confirmation)).toBe(
      `Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00 at Angell Hall 2001 (Tech Bar)`,
    );
    expect(textOf(confirmation)).toContain(
      'If this time no longer works, open the link below (See or change the time) to pick another: your current time is given up only once the new one is booked.',
    );
    expect(webLinksTo(app.dir, ROBIN)).toHaveLength(2);
    const again = await getPage(app.baseUrl, newestWebLinkTo(app.dir, ROBIN));
    expect(again.$('a.button').text()).toBe('Change the time');
  });

  it('changes the time from the confirmation, with the same verb as Slack, and offers the same .ics', async () => {
    const slots = await mondaySlots();
    const ticket = await waitingTicket({ userId: await robin() });
    await invite();
    const first = await getPage(app.baseUrl, newestWebLinkTo(app.dir, ROBIN));
    await pickAndFollow(
      newestWebLinkTo(app.dir, ROBIN),
      slotValue(first, 'Mon 23 Nov', '09:00 – 10:00'),
      first,
    );
    await app.otto.dispatcher.runOnce();
    const link = newestWebLinkTo(app.dir, ROBIN);

    const change = await getPage(app.baseUrl, `${link}?page=change`);
    expectAccessiblePage(change);
    expect(change.$('h1').text()).toBe('Change the time');
    expect(pageText(change.$)).toContain(
      'You are booked for Mon 23 Nov, 09:00. Pick another time for the delivery of your new computer; your current time is given up only once the new one is booked.',
    );
    // The booked time is not offered again.
    expect(
      change
        .$('fieldset.day label')
        .map((_, el) => change.$(el).text())
        .get(),
    ).not.toContain('09:00 – 10:00');
    const moved = await pickAndFollow(
      `${link}?page=change`,
      slotValue(change, 'Mon 23 Nov', '12:00 – 13:00'),
      change,
    );
    expect(pageText(moved.$)).toContain('Moved to: Mon 23 Nov, 12:00.');
    const seats = await slotRows();
    expect(seats.map((s) => s.booked)).toEqual([0, 0, 0, 1, 0]);
    expect((await ticketRow(ticket.id)).scheduleSlotId).toBe(slots[3]!.id);

    await app.otto.dispatcher.runOnce();
    const movedMail = emailsTo(ROBIN).at(-1)!;
    expect(subjectOf(movedMail)).toBe(`Refresh #${ticket.id} is now Mon 23 Nov, 12:00`);
    const invitation = mailCalendar(movedMail)!;

    // The page's download is the calendar event that e-mail carries.
    const download = await fetch(`${app.baseUrl}${newestWebLinkTo(app.dir, ROBIN)}/appointment.ics`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(
      `attachment; filename="refresh-${ticket.id}-appointment.ics"`,
    );
    expect(download.headers.get('cache-control')).toBe('no-store');
    const ics = (await download.text()).replace(/\r\n[ \t]/g, '');
    expect(ics).toContain(`UID:${invitation.uid}\r\n`);
    expect(ics).toContain(`SEQUENCE:${invitation.sequence}\r\n`);
    expect(ics).toContain('DTSTART:20261123T170000Z');
    expect(ics).toContain('DTEND:20261123T180000Z');
    expect(ics).toContain(`SUMMARY:${invitation.summary}`);
    expect(ics).toContain(`ORGANIZER;CN="Otto":mailto:otto@localhost`);
  });

  it('answers a time taken meanwhile on the page with the next free times, and books nothing', async () => {
    const slots = await mondaySlots();
    const ticket = await waitingTicket({ userId: await robin() });
    const other = await waitingTicket();
    await invite();
    const link = newestWebLinkTo(app.dir, ROBIN);
    const page = await getPage(app.baseUrl, link);
    // Casey takes the 09:00 seat in Slack while Robin's page is open.
    await bookSlot(app.otto.ctx, { actor: CUSTOMER, ticketId: other.id, slotId: slots[0]!.id });
    await app.otto.dispatcher.runOnce();

    const before = await snapshot();
    const answer = await pick(link, slotValue(page, 'Mon 23 Nov', '09:00 – 10:00'), page);
    expect(answer.status).toBe(409);
    expectAccessiblePage(answer);
    expect(pageText(answer.$)).toContain(
      'Sorry, Mon 23 Nov, 09:00 was just taken by someone else. Please pick another time below.',
    );
    expect(
      answer
        .$('fieldset.day label')
        .map((_, el) => answer.$(el).text())
        .get(),
    ).toEqual(['10:00 – 11:00', '11:00 – 12:00', '12:00 – 13:00', '13:00 – 14:00']);
    expect(await snapshot()).toEqual(before);
    expect((await ticketRow(ticket.id)).status).toBe('pending_customer_scheduling');

    // The next free time books.
    const booked = await pick(link, slotValue(answer, 'Mon 23 Nov', '10:00 – 11:00'), answer);
    expect(booked.status).toBe(303);
  });

  it('answers a missing or foreign time beside the field and in the summary, and changes nothing', async () => {
    await mondaySlots();
    const ticket = await waitingTicket({ userId: await robin() });
    await invite();
    const link = newestWebLinkTo(app.dir, ROBIN);
    const before = await snapshot();

    const missing = await pick(link, '');
    expect(missing.status).toBe(422);
    expectAccessiblePage(missing);
    expect(missing.$('.error-summary a').text()).toBe('Pick one of the times.');
    expect(missing.$('.error-summary a').attr('href')).toBe('#field-slot');
    expect(missing.$('#field-slot .error-message').text()).toBe('Error: Pick one of the times.');
    expect(missing.$('#field-slot').attr('aria-describedby')).toContain('field-slot-error');

    const hostile = await pick(link, '<script>alert(1)</script>');
    expect(hostile.status).toBe(422);
    expect(hostile.html).not.toContain('<script>');

    const elsewhere = await db()
      .insert(scheduleSlots)
      .values({
        supportTeamId: world.teamId + 1000,
        startsAt: new Date('2026-11-23T14:00:00Z'),
        endsAt: new Date('2026-11-23T15:00:00Z'),
        capacity: 1,
        booked: 0,
      })
      .returning()
      .catch(() => []);
    const foreignId = String(elsewhere[0]?.id ?? 999_999);
    const foreign = await pick(link, foreignId);
    expect(foreign.status).toBe(422);
    expect(foreign.$('#field-slot .error-message').text()).toBe(
      `Error: That time is not one of refresh #${ticket.id}'s choices. Please pick again.`,
    );
    const after = await snapshot();
    expect({ ...after, slots: after.slots.filter((s) => s.supportTeamId === world.teamId) }).toEqual({
      ...before,
      slots: before.slots.filter((s) => s.supportTeamId === world.teamId),
    });
  });

  it('refuses expired, altered, superseded and foreign links, and forms without the page’s token', async () => {
    const slots = await mondaySlots();
    const ticket = await waitingTicket({ userId: await robin() });
    await invite();
    const link = newestWebLinkTo(app.dir, ROBIN);
    const slot = String(slots[1]!.id);
    const before = await snapshot();

    const claims = {
      recipient: ROBIN,
      action: 'booking' as const,
      subject: { kind: 'ticket' as const, id: ticket.id },
      nonce: 'AAAAAAAAAAAAAAAAAAAAAAAA',
    };
    const expired = signWebLink(testLinkSecret, { ...claims, expiresAt: app.clock.now().getTime() - 1 });
    expect((await getPage(app.baseUrl, `/web/${expired}`)).status).toBe(410);
    expect((await postForm(app.baseUrl, `/web/${expired}`, { slot }, { formToken: 'x' })).status).toBe(410);

    const token = link.slice('/web/'.length);
    const altered = `/web/${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    expect((await getPage(app.baseUrl, altered)).status).toBe(404);
    expect((await postForm(app.baseUrl, altered, { slot }, { formToken: 'x' })).status).toBe(404);

    const page = await getPage(app.baseUrl, link);
    const noToken = await postForm(app.baseUrl, link, { slot }, { formToken: '' });
    expect(noToken.status).toBe(403);
    expect(noToken.$('h1').text()).toBe('This form has expired');
    const otherToken = await postForm(app.baseUrl, link, { slot }, { formToken: `${formTokenOf(page.$)}x` });
    expect(otherToken.status).toBe(403);
    const crossSite = await postForm(
      app.baseUrl,
      link,
      { slot },
      { headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expect(crossSite.status).toBe(403);

    // A link to someone who is not the ticket's customer, as Otto would issue it.
    const settings = { secret: testLinkSecret, publicUrl: app.baseUrl, ttlMs: 86_400_000 };
    const foreign = new URL(
      await issueWebLink(
        db(),
        settings,
        'casey@example.edu',
        { action: 'booking', subject: claims.subject },
        app.clock.now(),
      ),
    ).pathname;
    const notYours = await getPage(app.baseUrl, foreign);
    expect(notYours.status).toBe(403);
    expect(notYours.$('h1').text()).toBe('This page is not yours');
    expect(notYours.$('input[name="slot"]')).toHaveLength(0);
    expectAccessiblePage(notYours);
    const notYoursPost = await postForm(app.baseUrl, foreign, { slot }, { formToken: formTokenOf(page.$) });
    expect(notYoursPost.status).toBe(403);
    // A token for an address Otto does not know at all.
    const stranger = new URL(
      await issueWebLink(
        db(),
        settings,
        'nobody@example.edu',
        { action: 'booking', subject: claims.subject },
        app.clock.now(),
      ),
    ).pathname;
    expect((await getPage(app.baseUrl, stranger)).status).toBe(403);

    const unchanged = await snapshot();
    expect({ ...unchanged, links: [] }).toEqual({ ...before, links: [] });

    // A newer link (the manager asks for another time after a booking) makes this one show, not act.
    await pickAndFollow(link, slot);
    await app.otto.dispatcher.runOnce();
    const superseded = link;
    const shown = await getPage(app.baseUrl, superseded);
    expect(pageText(shown.$)).toContain('Otto has sent you a newer link for this.');
    expect(shown.$('form')).toHaveLength(0);
    expect(shown.$('a.button')).toHaveLength(0);
    const beforeStale = await snapshot();
    const replay = await postForm(
      app.baseUrl,
      superseded,
      { slot: String(slots[2]!.id) },
      {
        formToken: formTokenOf(page.$),
      },
    );
    expect(replay.status).toBe(200);
    expect(pageText(replay.$)).toContain('Otto has sent you a newer link for this.');
    expect(await snapshot()).toEqual(beforeStale);
  });

  it('answers a page the ticket has moved past with where it stands, changing nothing', async () => {
    await mondaySlots();
    const ticket = await waitingTicket();
    await invite();
    const link = newestWebLinkTo(app.dir, 'casey@example.edu');
    const page = await getPage(app.baseUrl, link);
    // A manager puts the ticket on hold in Slack while the page is open.
    await holdTicket(app.otto.ctx, { actor: MANAGER, ticket: ticket.id });
    await app.otto.dispatcher.runOnce();
    const before = await snapshot();

    const stale = await pick(link, slotValue(page, 'Mon 23 Nov', '11:00 – 12:00'), page);
    expect(stale.status).toBe(409);
    expectAccessiblePage(stale);
    expect(stale.$('h1').text()).toBe(`Refresh #${ticket.id} is on hold`);
    expect(pageText(stale.$)).toContain(
      `Refresh #${ticket.id} is on hold; there is no delivery time to pick now. Nothing was changed.`,
    );
    expect(stale.$('form')).toHaveLength(0);
    expect(await snapshot()).toEqual(before);
  });

  it('books nothing from a form showing a booking that has changed since', async () => {
    const slots = await mondaySlots();
    const personId = await robin();
    const ticket = await waitingTicket({ userId: personId });
    await invite();
    const seen = { status: 'pending_customer_scheduling', slotId: null };
    // The first booking, from one tab; then the same form, still showing no booking, from another.
    await bookSlot(app.otto.ctx, { actor: { personId }, ticketId: ticket.id, slotId: slots[0]!.id, seen });
    await app.otto.dispatcher.runOnce();
    const before = await snapshot();
    await expect(
      bookSlot(app.otto.ctx, { actor: { personId }, ticketId: ticket.id, slotId: slots[1]!.id, seen }),
    ).rejects.toThrow(`Refresh #${ticket.id} changed since you saw it: it is now scheduled for delivery.`);
    await expect(
      bookSlot(app.otto.ctx, {
        actor: { personId },
        ticketId: ticket.id,
        slotId: slots[1]!.id,
        seen: { status: 'delivery_scheduled', slotId: slots[2]!.id },
      }),
    ).rejects.toThrow(`Refresh #${ticket.id}'s delivery time changed since you saw it`);
    // Someone else's person id is refused as in Slack.
    await expect(
      bookSlot(app.otto.ctx, {
        actor: { personId: world.people.approver },
        ticketId: ticket.id,
        slotId: slots[1]!.id,
      }),
    ).rejects.toThrow(
      `Only the customer of refresh #${ticket.id} (or their delegate) can pick its delivery time.`,
    );
    expect(await snapshot()).toEqual(before);
  });

  it('shows a ticket that takes no booking in its state, with no form', async () => {
    const slots = await mondaySlots();
    const ticket = await waitingTicket({ userId: await robin() });
    await invite();
    const link = newestWebLinkTo(app.dir, ROBIN);
    const formToken = formTokenOf((await getPage(app.baseUrl, link)).$);
    for (const [status, heading, text] of [
      [
        'canceled',
        `Refresh #${ticket.id} was canceled`,
        'Nothing will be delivered, and there is nothing you need to do.',
      ],
      ['on_hold', `Refresh #${ticket.id} is on hold`, 'Otto e-mails you to pick a new time when it resumes.'],
      ['complete', `Refresh #${ticket.id} is complete`, 'was delivered. There is nothing to book.'],
    ] as const) {
      await db().update(refreshTickets).set({ status }).where(eq(refreshTickets.id, ticket.id));
      const page = await getPage(app.baseUrl, link);
      expect(page.status).toBe(200);
      expectAccessiblePage(page);
      expect(page.$('h1').text()).toBe(heading);
      expect(pageText(page.$)).toContain(text);
      expect(page.$('form')).toHaveLength(0);
      expect((await fetch(`${app.baseUrl}${link}/appointment.ics`)).status).toBe(404);
      // The form posted from an older copy of the page books nothing.
      const before = await snapshot();
      const posted = await postForm(
        app.baseUrl,
        link,
        { slot: String(slots[0]!.id), seen_status: 'pending_customer_scheduling', seen_slot: '' },
        { formToken },
      );
      expect(posted.status).toBe(409);
      expect(posted.$('h1').text()).toBe(heading);
      expect(pageText(posted.$)).toContain('Nothing was changed.');
      expect(posted.$('form')).toHaveLength(0);
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe('booking on the web, seen from Slack', () => {
  it('a customer in Slack books on the web: the Home and the DM’s button show the booking', async () => {
    await mondaySlots();
    const ticket = await waitingTicket({ style: 'unit_specified_location' });
    await invite();
    const invitation = emailsTo('casey@example.edu').at(-1)!;
    // A reader in Slack gets both: the page first, "Open Otto" second.
    expect(textOf(invitation)).toContain('You can also press Pick a time in Otto’s message to you in Slack.');
    expect(mailBody(invitation, 'text/plain')).toMatch(/Pick a time: http\S+\/web\/\S+\s+Open Otto: /);
    const link = newestWebLinkTo(app.dir, 'casey@example.edu');
    const page = await getPage(app.baseUrl, link);
    const booked = await pickAndFollow(link, slotValue(page, 'Mon 23 Nov', '10:00 – 11:00'), page);
    expect(pageText(booked.$)).toContain('Otto sent you a confirmation by Slack message and e-mail');
    const row = await ticketRow(ticket.id);
    expect(row.status).toBe('delivery_scheduled');
    expect((await bookingAudit(ticket.id))?.actor).toBe(CUSTOMER);

    await waitFor(() => JSON.stringify(app.standIn.home(CUSTOMER)?.blocks ?? []).includes('Change time'));
    expect(JSON.stringify(app.standIn.home(CUSTOMER)?.blocks)).toContain(
      'Be at *Angell Hall 2001 (Tech Bar)* on *Mon 23 Nov, 10:00* with your current computer.',
    );
    await app.otto.dispatcher.runOnce();
    expect(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER)).at(-1)!.text).toContain(
      `Refresh #${ticket.id} is booked for Mon 23 Nov, 10:00`,
    );
    // The invitation's button in Slack answers with the booking made on the web.
    await app.driver.clickButton(CUSTOMER, 'Pick a time', {
      surface: 'message',
      channel: app.standIn.dmChannelId(CUSTOMER),
    });
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    expect(JSON.stringify(app.standIn.topModal(CUSTOMER)?.blocks)).toContain(
      'You are booked for *Mon 23 Nov, 10:00*',
    );
  });

  it('a delegate books for the customer; a reschedule request invites again with a working link', async () => {
    const slots = await mondaySlots();
    const ticket = await waitingTicket({ delegate: true });
    await invite();
    const link = newestWebLinkTo(app.dir, 'dana@example.edu');
    const page = await getPage(app.baseUrl, link);
    expect(page.$('h1').text()).toBe('Pick a time for Casey Customer’s new computer');
    await pickAndFollow(link, String(slots[0]!.id), page);
    expect((await ticketRow(ticket.id)).status).toBe('delivery_scheduled');
    await app.otto.dispatcher.runOnce();

    (app.clock as ManualClock).advance(60_000);
    await requestReschedule(app.otto.ctx, { actor: MANAGER, ticket: ticket.id });
    await app.otto.dispatcher.runOnce();
    const again = emailsTo('dana@example.edu').at(-1)!;
    expect(subjectOf(again)).toBe(
      `Refresh #${ticket.id}: the appointment on Mon 23 Nov, 09:00 is off; pick another time`,
    );
    expect(mailBody(again, 'text/plain')).toMatch(/Pick another time: http\S+\/web\//);
    const repick = await getPage(app.baseUrl, newestWebLinkTo(app.dir, 'dana@example.edu'));
    expect(repick.$('h1').text()).toBe('Pick a time for Casey Customer’s new computer');
    expect(repick.$('input[name="slot"]').length).toBe(5);
  });

  it('the day-before reminder links to the page, worded for a reader outside Slack', async () => {
    const slots = await mondaySlots();
    await waitingTicket({ userId: await robin() });
    await invite();
    await pickAndFollow(newestWebLinkTo(app.dir, ROBIN), String(slots[0]!.id));
    await app.otto.dispatcher.runOnce();
    // Fri 20 Nov, 09:30 in Detroit: the business day before Monday's appointment.
    (app.clock as ManualClock).set(new Date('2026-11-20T14:30:00Z'));
    await app.otto.scheduler.runJob('appointment-reminders');
    await app.otto.dispatcher.runOnce();
    const reminder = emailsTo(ROBIN).at(-1)!;
    expect(subjectOf(reminder)).toMatch(/^Reminder: refresh #\d+ is Mon 23 Nov, 09:00$/);
    expect(textOf(reminder)).toContain('open the link below (See or change the time) to pick another');
    expect(textOf(reminder)).not.toContain('Open Otto:');
    const page = await getPage(app.baseUrl, newestWebLinkTo(app.dir, ROBIN));
    expect(page.$('h1').text()).toBe('Your delivery time');
  });
});
