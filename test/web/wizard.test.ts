// The refresh wizard on Otto's web page, through real HTTP: the link from the invitation e-mail,
// every page by style and options, Back and Next keeping what was entered, the review and the
// submission, and every refusal changing nothing.
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audits, events, people, refreshTickets, webLinks } from '../../db/schema/index.js';
import { readWebLink, signWebLink } from '../../src/domain/links/web-link.js';
import { renderEmailRow } from '../../src/effects/render/index.js';
import { issueWebLink } from '../../src/effects/web-links.js';
import { loadTemplates } from '../../src/mail/templates.js';
import { denyTicket } from '../../src/services/refresh/approvals/deny.js';
import { startTestApp, testLinkSecret } from '../helpers/app.js';
import { mailBody, sentEmails } from '../helpers/calendar-mail.js';
import { APPROVER, CUSTOMER, makeSystem, makeTicket, seedWorld } from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';
import {
  expectAccessiblePage,
  formTokenOf,
  getPage,
  newestWebLinkTo,
  pageText,
  postForm,
  submitForm,
} from '../helpers/web.js';
import { snapshot as rowsNow } from '../helpers/world.js';
import { configure, newTicket, postStartButton, type WizardWorld } from '../slack/refresh/wizard-support.js';

let w: WizardWorld;
const db = () => w.app.otto.ctx.db;
const base = () => w.app.baseUrl;

beforeAll(async () => {
  const app = await startTestApp();
  w = { app, world: await seedWorld(app.otto.ctx.db) };
});
afterAll(async () => w.app.stop());

/** Sends the ticket's invitation now (DM and e-mail) and returns the e-mail's link to the wizard. */
async function invite(ticketId: number, email = 'casey@example.edu'): Promise<string> {
  await db()
    .update(refreshTickets)
    .set({ invitationDueAt: w.app.clock.now() })
    .where(eq(refreshTickets.id, ticketId));
  expect(await w.app.otto.scheduler.runJob('refresh-invitations')).toBe('succeeded');
  await w.app.otto.dispatcher.runOnce();
  const link = newestWebLinkTo(w.app.dir, email);
  expect(readWebLink(testLinkSecret, link.slice('/web/'.length))).toMatchObject({
    action: 'wizard',
    subject: { kind: 'ticket', id: ticketId },
    recipient: email,
  });
  return link;
}

async function ticket(id: number) {
  return (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)))[0]!;
}

/** The e-mail sent last to `to`, as its plain-text part. */
function lastMailText(to: string): string {
  const eml = sentEmails(w.app.dir)
    .filter((m) => m.includes(`To: ${to}`))
    .at(-1);
  if (!eml) throw new Error(`no e-mail to ${to}`);
  return mailBody(eml, 'text/plain').replace(/\s+/g, ' ');
}

/**
 * The rows a refused or read-only request must leave alone; the outbox by what it holds (a notice
 * of an earlier step may be on its way meanwhile), and the issued links.
 */
async function snapshot(database: ReturnType<typeof db>) {
  const { outbox, ...rows } = await rowsNow(database);
  return {
    ...rows,
    outbox: outbox.map(({ id, notice, recipient, payload }) => ({ id, notice, recipient, payload })),
    links: await database.select().from(webLinks).orderBy(asc(webLinks.nonce)),
  };
}

const factsOf = (page: Awaited<ReturnType<typeof getPage>>) =>
  page
    .$('dl.facts dt')
    .map((_, dt) => `${page.$(dt).text()}: ${page.$(dt).next('dd').text()}`)
    .get();

const checkedValues = (page: Awaited<ReturnType<typeof getPage>>, name: string) =>
  page
    .$(`input[name="${name}"]:checked`)
    .map((_, el) => page.$(el).attr('value'))
    .get();

describe('the wizard on the web, for a customer outside Slack', () => {
  it('walks an on-prem wizard from the invitation e-mail to ordering, with a changed location', async () => {
    const [robin] = await db()
      .insert(people)
      .values({ email: 'robin@example.edu', name: 'Robin Roe', slackUserId: null })
      .returning();
    const system = await makeSystem(db(), w.world, { userId: robin!.id });
    const made = await makeTicket(db(), w.world, {
      style: 'on_prem',
      existingSystemId: system.id,
      userId: robin!.id,
    });
    const link = await invite(made.id, 'robin@example.edu');

    // The e-mail tells a reader without Slack to answer on the web, not to call their IT team.
    const mail = lastMailText('robin@example.edu');
    expect(mail).toContain(
      'It takes about five minutes and needs no Slack: open the link "Answer on the web" below',
    );
    expect(mail).toContain(`Answer on the web: http://localhost:`);
    expect(mail).not.toContain('give them your answers');
    expect(mail).not.toContain('Start in Otto');

    // The first page pre-fills the inventory's location for review.
    const first = await getPage(base(), link);
    expect(first.status).toBe(200);
    expectAccessiblePage(first);
    expect(first.$('h1').text()).toBe('Location · step 1 of 4');
    expect(first.$('.lead').text()).toBe(`Refresh #${made.id} · ${system.name} (${system.serial})`);
    expect(first.$('#field-building').attr('value')).toBe('Angell Hall');
    expect(first.$('#field-room').attr('value')).toBe('3120');
    expect(first.$('button[value=back]')).toHaveLength(0);

    const moved = await postForm(base(), link, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
      building: 'Angell Hall',
      room: '4021',
    });
    expect(moved.status).toBe(303);
    expect(moved.location).toBe(`${link}?step=device`);
    const device = await getPage(base(), moved.location!);
    expectAccessiblePage(device);
    expect(pageText(device.$)).toContain(
      'Your new computer will be Dell Latitude 7450 (Windows). There is nothing to choose here.',
    );

    let page = await submitForm(base(), moved.location!, {
      step: 'device',
      status: 'pending_customer',
      move: 'next',
    });
    expect(page.$('h1').text()).toBe('Peripherals · step 3 of 4');
    expectAccessiblePage(page);
    expect(page.$('main p').eq(1).text()).toBe('These come with your new computer:');
    expect(
      page
        .$('main ul li')
        .map((_, li) => page.$(li).text())
        .get(),
    ).toEqual(['Dell 27" monitor']);
    page = await submitForm(base(), `${link}?step=peripherals`, {
      step: 'peripherals',
      status: 'pending_customer',
      move: 'next',
    });
    expect(page.$('h1').text()).toBe('Review and submit · step 4 of 4');
    expectAccessiblePage(page);
    const review = pageText(page.$);
    expect(factsOf(page)).toEqual([
      'Location: Angell Hall, room 4021',
      'Computer: Dell Latitude 7450 (Windows)',
      'Peripherals: Dell 27" monitor',
      'Software: None',
    ]);
    expect(review).toContain(
      'This location differs from Otto’s records, so NIT will be asked to confirm it.',
    );
    expect(review).toContain('When you submit, the refresh goes straight to ordering.');

    const submitted = await postForm(base(), `${link}?step=review`, {
      step: 'review',
      status: 'pending_customer',
      move: 'submit',
    });
    expect(submitted.status).toBe(303);
    expect(submitted.location).toBe(link);
    const done = await getPage(base(), link);
    expectAccessiblePage(done);
    expect(done.$('h1').text()).toBe('The answers are in');
    expect(pageText(done.$)).toContain(`Thanks! Refresh #${made.id} goes to ordering now.`);
    expect(done.$('form')).toHaveLength(0);

    // The very same verb as in Slack: the status, the location, the audit by the reader's address,
    // and the Changed Location event with its ITSM request.
    expect(await ticket(made.id)).toMatchObject({
      status: 'pending_ordering',
      building: 'Angell Hall',
      room: '4021',
    });
    const [audit] = await db()
      .select()
      .from(audits)
      .where(and(eq(audits.ticketId, made.id), eq(audits.action, 'wizard_submitted')));
    expect(audit?.actor).toBe('robin@example.edu');
    const changed = await db().select().from(events).where(eq(events.ticketId, made.id));
    expect(changed.map((e) => e.kind)).toContain('changed_location');
  });
});

describe('the wizard on the web, for a customer in Slack', () => {
  it('says so in the e-mail, answers bad fields beside them, keeps what was typed and resumes where they left off', async () => {
    await configure(w, 'remote_customer', { canCustomizeComputer: true, requiresApproval: false });
    const made = await newTicket(w, 'remote_customer');
    const link = await invite(made.id);
    const mail = lastMailText('casey@example.edu');
    expect(mail).toContain(
      'open the link "Answer on the web" below to answer on Otto’s web page, or open Otto in Slack and press Start in Otto’s message to you.',
    );
    expect(mail).toContain('Start in Otto: ');

    const first = await getPage(base(), link);
    expectAccessiblePage(first);
    expect(first.$('#field-recipient').attr('value')).toBe('Casey Customer');
    expect(first.$('#field-country').attr('value')).toBe('US');
    const refused = await postForm(base(), link, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
      recipient: 'Casey Customer',
      line1: '500 S State St',
      line2: '',
      city: '',
      region: 'Michigan',
      postalCode: '48109',
      country: 'US',
    });
    expect(refused.status).toBe(422);
    expectAccessiblePage(refused);
    expect(
      refused
        .$('.error-summary a')
        .map((_, a) => `${refused.$(a).attr('href')} ${refused.$(a).text()}`)
        .get(),
    ).toEqual(['#field-city Enter the city.']);
    expect(refused.$('#field-city-error').text()).toBe('Error: Enter the city.');
    expect(refused.$('#field-city').attr('aria-invalid')).toBe('true');
    expect(refused.$('#field-line1').attr('value')).toBe('500 S State St');
    expect((await ticket(made.id)).status).toBe('pending_customer');

    // Leaving now and coming back shows the page with what was typed.
    const back = await getPage(base(), link);
    expect(back.$('h1').text()).toBe('Location · step 1 of 4');
    expect(back.$('#field-region').attr('value')).toBe('Michigan');

    const fixed = await postForm(base(), link, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
      recipient: 'Casey Customer',
      line1: '500 S State St',
      city: 'Ann Arbor',
      region: 'mi',
      postalCode: '48109',
      country: 'US',
    });
    expect(fixed.location).toBe(`${link}?step=device`);
    const device = await getPage(base(), fixed.location!);
    expectAccessiblePage(device);
    expect(device.$('fieldset#field-model legend').text()).toBe('Computer');
    expect(
      device
        .$('fieldset#field-model label')
        .map((_, l) => device.$(l).text())
        .get(),
    ).toEqual(['Dell Latitude 7450', 'Dell OptiPlex 7020', 'None of these is adequate']);
    // "None of these" without a reason is refused beside the reason.
    const noReason = await postForm(base(), fixed.location!, {
      step: 'device',
      status: 'pending_customer',
      move: 'next',
      model: 'none',
      reason: '',
    });
    expect(noReason.status).toBe(422);
    expect(noReason.$('#field-reason-error').text()).toBe(
      'Error: Tell us why none of these computers is adequate.',
    );
    expect(checkedValues(noReason, 'model')).toEqual(['none']);

    // Back keeps the choice, unchecked; the device page shows it again.
    const optiplex = String(w.world.models.optiplex);
    const toLocation = await postForm(base(), fixed.location!, {
      step: 'device',
      status: 'pending_customer',
      move: 'back',
      model: optiplex,
      reason: '',
    });
    expect(toLocation.location).toBe(`${link}?step=location`);
    const location = await getPage(base(), toLocation.location!);
    expect(location.$('#field-city').attr('value')).toBe('Ann Arbor');
    expect(location.$('#field-region').attr('value')).toBe('mi');
    const again = await submitForm(base(), toLocation.location!, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
      recipient: 'Casey Customer',
      line1: '500 S State St',
      city: 'Ann Arbor',
      region: 'MI',
      postalCode: '48109',
      country: 'US',
    });
    expect(checkedValues(again, 'model')).toEqual([optiplex]);

    // The link alone lands on the page they left off at; a page not yet reached shows that one instead.
    expect((await getPage(base(), link)).$('h1').text()).toBe('The new computer · step 2 of 4');
    expect((await getPage(base(), `${link}?step=review`)).$('h1').text()).toBe(
      'The new computer · step 2 of 4',
    );
    const draft = (await ticket(made.id)).wizardState as { page: string };
    expect(draft.page).toBe('device');
  });

  it('submits for approval, and Slack shows it: the Start button answers with the state, the Home is republished', async () => {
    await configure(w, 'on_prem', { requiresApproval: true });
    const made = await newTicket(w, 'on_prem');
    const link = await invite(made.id);
    await submitForm(base(), link, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
      building: 'Angell Hall',
      room: '3120',
    });
    await submitForm(base(), `${link}?step=device`, {
      step: 'device',
      status: 'pending_customer',
      move: 'next',
    });
    const review = await submitForm(base(), `${link}?step=peripherals`, {
      step: 'peripherals',
      status: 'pending_customer',
      move: 'next',
    });
    expect(pageText(review.$)).toContain(
      'When you submit, the choices go to your approver, because the refresh config requires approval.',
    );
    const published = w.app.standIn.callsTo('views.publish').length;
    const done = await submitForm(base(), `${link}?step=review`, {
      step: 'review',
      status: 'pending_customer',
      move: 'submit',
    });
    expect(done.$('h1').text()).toBe('The answers are with the approver');
    expect(pageText(done.$)).toContain(`Thanks! The choices for refresh #${made.id} went to your approver.`);
    expect((await ticket(made.id)).status).toBe('requires_approval');
    const [audit] = await db()
      .select()
      .from(audits)
      .where(and(eq(audits.ticketId, made.id), eq(audits.action, 'wizard_submitted')));
    expect(audit?.actor).toBe(CUSTOMER);

    // The Home in Slack is republished with the new state.
    const publish = await waitFor(() =>
      w.app.standIn
        .callsTo('views.publish')
        .slice(published)
        .find((call) => call.args.user_id === CUSTOMER),
    );
    expect(JSON.stringify(publish.args.view)).toContain(`*#${made.id}*`);
    expect(JSON.stringify(publish.args.view)).toContain(':arrow_forward: *Approval* · since Mon 16 Nov');
    // The invitation's Start button in Slack answers with the state after the web submission.
    await postStartButton(w, CUSTOMER, { ticketId: made.id, status: 'pending_customer' });
    const opened = w.app.standIn.callsTo('views.open').length;
    await w.app.driver.clickButton(CUSTOMER, 'Start', {
      surface: 'message',
      channel: w.app.standIn.dmChannelId(CUSTOMER),
    });
    const call = await waitFor(() => w.app.standIn.callsTo('views.open')[opened]);
    expect(JSON.stringify(call.args.view)).toContain('is now waiting for approval, so its wizard is closed');

    // Denied: the e-mail links to the wizard again, which shows the reason and the earlier answers.
    await denyTicket(w.app.otto.ctx, {
      actor: APPROVER,
      ticketId: made.id,
      reason: 'Please pick the <room> you moved to',
    });
    await w.app.otto.dispatcher.runOnce();
    const denial = lastMailText('casey@example.edu');
    expect(denial).toContain(
      'Please change what the reason asks for: open the link "Change the answers on the web" below to walk the refresh wizard again on Otto’s web page, with the earlier answers filled in, or press Continue in Otto’s message to you in Slack.',
    );
    const again = newestWebLinkTo(w.app.dir, 'casey@example.edu');
    expect(again).not.toBe(link);
    const sentBack = await getPage(base(), again);
    expectAccessiblePage(sentBack);
    expect(sentBack.$('h1').text()).toBe('Location · step 1 of 4');
    expect(sentBack.$('blockquote').text()).toBe('Please pick the <room> you moved to');
    expect(sentBack.html).toContain('Please pick the &lt;room&gt; you moved to');
    expect(sentBack.$('#field-room').attr('value')).toBe('3120');
    // The invitation's older link now only shows where things stand.
    expect((await getPage(base(), link)).$('form')).toHaveLength(0);
  });
});

describe('the wizard on the web refuses, and changes nothing', () => {
  it('a GET never changes anything, whatever page it asks for', async () => {
    const made = await newTicket(w, 'on_prem');
    const link = await invite(made.id);
    const before = await snapshot(db());
    const linksBefore = await db().select().from(webLinks).orderBy(asc(webLinks.nonce));
    for (const query of ['', '?step=location', '?step=device', '?step=review', '?step=nonsense']) {
      expect((await getPage(base(), `${link}${query}`)).status).toBe(200);
    }
    expect(await snapshot(db())).toEqual(before);
    expect(await db().select().from(webLinks).orderBy(asc(webLinks.nonce))).toEqual(linksBefore);
  });

  it('refuses a post without the form token, with a wrong one, and an altered or expired link', async () => {
    const made = await newTicket(w, 'on_prem');
    const link = await invite(made.id);
    const before = await snapshot(db());
    const fields = { step: 'location', status: 'pending_customer', move: 'next', building: 'X', room: '1' };
    const missing = await postForm(base(), link, fields, { formToken: '' });
    expect(missing.status).toBe(403);
    expect(missing.$('h1').text()).toBe('This form has expired');
    const wrong = await postForm(base(), link, fields, {
      formToken: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    });
    expect(wrong.status).toBe(403);
    const token = link.slice('/web/'.length);
    const altered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await postForm(base(), `/web/${altered}`, fields, { formToken: 'x' })).status).toBe(404);
    expect((await getPage(base(), `/web/${altered}`)).status).toBe(404);
    // A form that is not the page's (a made-up step, Submit from the first page) saves nothing.
    for (const odd of [
      { ...fields, step: 'nonsense' },
      { ...fields, move: 'submit' },
      { ...fields, move: 'jump' },
    ]) {
      const answered = await postForm(base(), link, odd);
      expect(answered.status).toBe(409);
      expect(pageText(answered.$)).toContain('Otto could not read that form, so nothing was saved.');
    }
    const claims = readWebLink(testLinkSecret, token)!;
    const expired = signWebLink(testLinkSecret, { ...claims, expiresAt: w.app.clock.now().getTime() - 1 });
    const page = await getPage(base(), `/web/${expired}`);
    expect(page.status).toBe(410);
    expect((await postForm(base(), `/web/${expired}`, fields, { formToken: 'x' })).status).toBe(410);
    expect(await snapshot(db())).toEqual(before);
  });

  it('shows a superseded link where things stand, with no form, and its post acts on nothing', async () => {
    const made = await newTicket(w, 'on_prem');
    const link = await invite(made.id);
    const oldForm = formTokenOf((await getPage(base(), link)).$);
    // A newer e-mail (a reminder) carries a newer link.
    const settings = { secret: testLinkSecret, publicUrl: base(), ttlMs: 86_400_000 };
    const newer = await issueWebLink(
      db(),
      settings,
      'casey@example.edu',
      { action: 'wizard', subject: { kind: 'ticket', id: made.id } },
      w.app.clock.now(),
    );
    const before = await snapshot(db());
    const old = await getPage(base(), link);
    expect(old.status).toBe(200);
    expectAccessiblePage(old);
    expect(pageText(old.$)).toContain('Otto has sent you a newer link for this.');
    expect(old.$('h1').text()).toBe(`Refresh #${made.id} waits for answers`);
    expect(old.$('form')).toHaveLength(0);
    const posted = await postForm(
      base(),
      link,
      { step: 'location', status: 'pending_customer', move: 'next', building: 'Elsewhere', room: '1' },
      { formToken: oldForm },
    );
    expect(posted.status).toBe(200);
    expect(posted.$('form')).toHaveLength(0);
    expect(await snapshot(db())).toEqual(before);
    // The newer link acts.
    expect((await getPage(base(), new URL(newer).pathname)).$('form')).toHaveLength(1);
  });

  it('refuses the customer once a delegate answers for them, and anyone whose address is not the customer’s', async () => {
    const made = await newTicket(w, 'on_prem');
    const link = await invite(made.id);
    await db()
      .update(refreshTickets)
      .set({ delegateId: w.world.people.delegate })
      .where(eq(refreshTickets.id, made.id));
    const before = await snapshot(db());
    const page = await getPage(base(), link);
    expect(page.status).toBe(403);
    expectAccessiblePage(page);
    expect(pageText(page.$)).toContain(
      `Your delegate handles refresh #${made.id} for you, so they fill in its wizard.`,
    );
    expect(page.$('form')).toHaveLength(0);
    // Without a form on the page there is no form token to post with.
    const posted = await postForm(
      base(),
      link,
      { step: 'location', status: 'pending_customer', move: 'next', building: 'X', room: '1' },
      { formToken: 'x' },
    );
    expect(posted.status).toBe(403);
    // A link for an address Otto has no person for (forged with the secret) walks nothing either.
    const claims = readWebLink(testLinkSecret, link.slice('/web/'.length))!;
    const stranger = signWebLink(testLinkSecret, { ...claims, recipient: 'nobody@example.edu' });
    const strange = await getPage(base(), `/web/${stranger}`);
    expect(strange.status).toBe(403);
    expect(strange.$('h1').text()).toBe('This refresh is not yours to answer');
    expect(strange.$('form')).toHaveLength(0);
    expect(await snapshot(db())).toEqual(before);
  });

  it('answers a stale page and a second submit with the state now, and changes nothing', async () => {
    const made = await newTicket(w, 'on_prem');
    const link = await invite(made.id);
    await submitForm(base(), link, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
      building: 'Angell Hall',
      room: '3120',
    });
    await submitForm(base(), `${link}?step=device`, {
      step: 'device',
      status: 'pending_customer',
      move: 'next',
    });
    await submitForm(base(), `${link}?step=peripherals`, {
      step: 'peripherals',
      status: 'pending_customer',
      move: 'next',
    });
    // Back from the review page goes to the page before it.
    const backFromReview = await postForm(base(), `${link}?step=review`, {
      step: 'review',
      status: 'pending_customer',
      move: 'back',
    });
    expect(backFromReview.location).toBe(`${link}?step=peripherals`);
    await submitForm(base(), `${link}?step=peripherals`, {
      step: 'peripherals',
      status: 'pending_customer',
      move: 'next',
    });
    const form = formTokenOf((await getPage(base(), `${link}?step=review`)).$);
    const fields = { step: 'review', status: 'pending_customer', move: 'submit' };
    expect((await postForm(base(), `${link}?step=review`, fields, { formToken: form })).status).toBe(303);
    // The submission's notices leave at once (the outbox is kicked): let them, before comparing.
    await w.app.otto.dispatcher.runOnce();
    const before = await snapshot(db());
    const twice = await postForm(base(), `${link}?step=review`, fields, { formToken: form });
    expect(twice.status).toBe(409);
    expectAccessiblePage(twice);
    expect(pageText(twice.$)).toContain(
      `Refresh #${made.id} is now waiting for approval, so its wizard is closed. Nothing was changed.`,
    );
    expect(twice.$('h1').text()).toBe('The answers are with the approver');
    expect(twice.$('form')).toHaveLength(0);
    // A page posted with a status seen before a change (sent back by the approver since) is stale too.
    await db()
      .update(refreshTickets)
      .set({ status: 'pending_customer' })
      .where(eq(refreshTickets.id, made.id));
    const beforeStale = await snapshot(db());
    const stale = await postForm(
      base(),
      link,
      { step: 'location', status: 'requires_approval', move: 'next', building: 'X', room: '1' },
      { formToken: form },
    );
    expect(stale.status).toBe(409);
    expect(pageText(stale.$)).toContain('changed while this was open. Nothing was changed');
    expect(stale.$('form')).toHaveLength(1);
    expect(await snapshot(db())).toEqual(beforeStale);
    expect(before.tickets.find((t) => t.id === made.id)?.status).toBe('requires_approval');
  });

  it('shows a canceled or held ticket’s state and no form', async () => {
    for (const [status, title] of [
      ['canceled', 'This refresh was canceled'],
      ['on_hold', 'This refresh is on hold'],
    ] as const) {
      const made = await newTicket(w, 'on_prem');
      const link = await invite(made.id);
      await db()
        .update(refreshTickets)
        .set({ status, statusBeforeHold: status === 'on_hold' ? 'pending_customer' : null })
        .where(eq(refreshTickets.id, made.id));
      const page = await getPage(base(), link);
      expect(page.status).toBe(200);
      expectAccessiblePage(page);
      expect(page.$('h1').text()).toBe(title);
      expect(page.$('form')).toHaveLength(0);
    }
  });
});

describe('the wizard on the web, for a delegate', () => {
  it('tells the delegate they answer for the customer, on every page', async () => {
    await configure(w, 'unit_specified_location', {
      canRequestDifferentDevice: true,
      canCustomizeSoftware: true,
    });
    const made = await newTicket(w, 'unit_specified_location', { delegate: true });
    const link = await invite(made.id, 'dana@example.edu');
    expect(lastMailText('dana@example.edu')).toContain(
      'You receive Otto’s messages about it as Casey Customer’s delegate.',
    );
    const first = await getPage(base(), link);
    expectAccessiblePage(first);
    expect(first.$('.lead').text()).toContain('for Casey Customer, as their delegate');
    expect(pageText(first.$)).toContain(
      'Casey Customer’s refresh takes place at Angell Hall 2001 (Tech Bar). There is nothing to fill in here: once a time is picked, Casey Customer comes there with their computer.',
    );
    const device = await submitForm(base(), link, {
      step: 'location',
      status: 'pending_customer',
      move: 'next',
    });
    expectAccessiblePage(device);
    expect(device.$('fieldset#field-fits legend').text()).toBe('Does this computer work for Casey Customer?');
    const refused = await postForm(base(), `${link}?step=device`, {
      step: 'device',
      status: 'pending_customer',
      move: 'next',
      fits: 'no',
      reason: '',
    });
    expect(refused.$('.error-summary').text()).toContain(
      'Tell us why this computer is not adequate and what you need.',
    );
    await submitForm(base(), `${link}?step=device`, {
      step: 'device',
      status: 'pending_customer',
      move: 'next',
      fits: 'no',
      reason: 'Needs a <b>GPU</b> for CAD',
    });
    const software = await submitForm(base(), `${link}?step=peripherals`, {
      step: 'peripherals',
      status: 'pending_customer',
      move: 'next',
    });
    expect(software.$('h1').text()).toBe('Software · step 4 of 5');
    expect(pageText(software.$)).toContain(
      'installed on Casey Customer’s new computer. Items that need approval go to the approver.',
    );
    const review = await submitForm(base(), `${link}?step=software`, {
      step: 'software',
      status: 'pending_customer',
      move: 'next',
      items: [String(w.world.software.office), String(w.world.software.acrobat)],
    });
    expect(review.html).toContain('Needs a &lt;b&gt;GPU&lt;/b&gt; for CAD');
    expect(factsOf(review)).toContain('Software: Microsoft 365 Apps, Adobe Acrobat Pro');
    expect(pageText(review.$)).toContain('When you submit, the choices go to the approver, because');
    const done = await submitForm(base(), `${link}?step=review`, {
      step: 'review',
      status: 'pending_customer',
      move: 'submit',
    });
    expect(done.$('h1').text()).toBe('The answers are with the approver');
    expect(await ticket(made.id)).toMatchObject({
      status: 'requires_approval',
      differentDeviceRequested: true,
    });
  });
});

describe('the wizard e-mails with and without web links', () => {
  it('words a reminder for a reader outside Slack by whether it links to the web page', async () => {
    const templates = await loadTemplates();
    const view = {
      ticketId: 7,
      computer: 'LSA-PC-7 (SN00007)',
      recipientName: 'Robin Roe',
      outsideSlack: true,
      contact: 'North Campus NIT',
      openApp: 'https://example.slack.com/app',
      status: 'pending_customer',
      asks: 'Otto asks where the computer is.',
      deadline: 'Tue 8 Dec, 10:05',
      reminder: 1,
      started: true,
    };
    const row = {
      channel: 'email' as const,
      notice: 'wizard_reminder',
      payload: view,
      payloadForm: 'view' as const,
    };
    const withLink = renderEmailRow(row, { web: 'http://localhost/web/abc.def' });
    const linked = templates
      .render(withLink.template, withLink.subject, withLink.data)
      .text.replace(/\s+/g, ' ');
    expect(linked).toContain(
      'You have started; Otto kept your answers. Open the link "Continue on the web" below to pick up where you left off on Otto’s web page.',
    );
    expect(linked).toContain('Continue on the web: http://localhost/web/abc.def');
    expect(linked).not.toContain('give them your answers');
    const plain = renderEmailRow(row);
    const unlinked = templates.render(plain.template, plain.subject, plain.data).text.replace(/\s+/g, ' ');
    expect(unlinked).toContain(
      'please contact North Campus NIT, who look after your computer, and give them your answers',
    );
    expect(unlinked).not.toContain('/web/');
  });
});
