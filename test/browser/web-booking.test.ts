// A customer without Slack books, and then changes, a delivery time in Chromium from the link in
// their invitation e-mail, as the sandbox's mail view shows it; keeps screenshots in test-artifacts/.
import { existsSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTickets, scheduleSlots, supportTeams, systems } from '../../db/schema/index.js';
import { type BrowserWorld, chromiumPath, screenshot, startBrowserWorld } from './support.js';

const AVERY = 'U0DEMOADMN';

// CI installs Chromium (.ci/run); elsewhere the tests say they were skipped rather than fail.
const haveChromium = existsSync(chromiumPath) || process.env.CI !== undefined;

describe.skipIf(!haveChromium)('booking on the web in a browser', { timeout: 90_000 }, () => {
  let w: BrowserWorld;
  let page: Page;

  beforeAll(async () => {
    w = await startBrowserWorld();
  }, 60_000);

  afterAll(async () => {
    await w?.stop();
  });

  /** Opens the newest e-mail to `heading` whose subject matches, in the sandbox's mail view. */
  async function openMail(heading: RegExp, subject: RegExp) {
    await page.getByRole('link', { name: 'Mail' }).click();
    const link = page.getByRole('link', { name: subject });
    for (let tries = 0; (await link.count()) === 0 && tries < 60; tries += 1) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await page.getByRole('heading', { name: heading }).first().waitFor();
    await link.first().click();
    const frame = page.frameLocator('iframe.mail-frame');
    await frame.locator('body').waitFor();
    return frame;
  }

  it('Sam, who is not in Slack, books from the invitation e-mail and changes the time', async () => {
    // Sam's ticket waits for delivery times; the medical team invites once it has one free.
    const { db } = w.sandbox.otto.ctx;
    const [medical] = await db
      .update(supportTeams)
      .set({ minFreeSlots: 1 })
      .where(eq(supportTeams.name, 'Medical Campus NIT'))
      .returning({ id: supportTeams.id });
    // Two more times a week out, so there is another to move to.
    const weekOut = w.sandbox.otto.ctx.clock.now().getTime() + 7 * 86_400_000;
    await db.insert(scheduleSlots).values(
      [0, 1].map((hour) => ({
        supportTeamId: medical!.id,
        startsAt: new Date(weekOut + hour * 3_600_000),
        endsAt: new Date(weekOut + (hour + 1) * 3_600_000),
        capacity: 1,
        booked: 0,
      })),
    );
    await w.sandbox.otto.scheduler.runJob('slot-discovery');
    const [sams] = await db
      .select({ id: refreshTickets.id, status: refreshTickets.status })
      .from(refreshTickets)
      .innerJoin(systems, eq(systems.id, refreshTickets.existingSystemId))
      .where(eq(systems.serial, 'DEMO0008'));
    expect(sams?.status).toBe('pending_customer_scheduling');

    page = await w.open(AVERY);
    const invitation = await openMail(
      /sam@otto\.example\.edu/,
      new RegExp(`^Refresh #${sams!.id}: pick a time`),
    );
    expect(await invitation.locator('body').innerText()).toContain('no Slack account is needed');
    const href = await invitation.getByRole('link', { name: 'Pick a time' }).getAttribute('href');
    expect(href).toMatch(/\/web\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    // The link, opened as a mail client would, at the sandbox's app.
    const appOrigin = new URL(w.sandbox.appEventsUrl).origin;
    const bookingUrl = new URL(new URL(href!).pathname, appOrigin).href;

    const phone = await w.browser.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
    phone.setDefaultTimeout(10_000);
    await phone.goto(bookingUrl);
    await phone.getByRole('heading', { level: 1, name: 'Pick a time for your new computer' }).waitFor();
    const firstDay = phone.locator('fieldset.day').first();
    const day = (await firstDay.locator('legend').innerText()).trim();
    const first = firstDay.getByRole('radio').first();
    const time = (await phone.locator(`label[for="${await first.getAttribute('id')}"]`).innerText()).trim();
    // By keyboard: focus the first time, choose it with the space bar, send with Enter on the button.
    await first.focus();
    await phone.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    await screenshot(phone, 'web-booking-pick');
    await phone.getByRole('button', { name: 'Book this time' }).press('Enter');

    await phone.getByRole('heading', { level: 1, name: 'Your delivery time' }).waitFor();
    const start = time.split(' – ')[0];
    await phone
      .getByRole('status')
      .filter({ hasText: `Booked: ${day}, ${start}` })
      .waitFor();
    expect(await phone.locator('main').innerText()).toContain('Otto sent you a confirmation by e-mail');
    await screenshot(phone, 'web-booking-booked');

    // The appointment as a calendar file.
    const [download] = await Promise.all([
      phone.waitForEvent('download'),
      phone.getByRole('link', { name: 'Add it to your calendar (.ics file)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`refresh-${sams!.id}-appointment.ics`);

    // The confirmation e-mail carries the newest link: it changes the time (the invitation's now only shows).
    const confirmation = await openMail(
      /sam@otto\.example\.edu/,
      new RegExp(`^Refresh #${sams!.id} is booked for ${day}, ${start}`),
    );
    const changeHref = await confirmation
      .getByRole('link', { name: 'See or change the time' })
      .getAttribute('href');
    await phone.goto(new URL(new URL(changeHref!).pathname, appOrigin).href);
    await phone.getByRole('heading', { level: 1, name: 'Your delivery time' }).waitFor();
    await phone.getByRole('link', { name: 'Change the time' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Change the time' }).waitFor();
    expect(await phone.locator('main').innerText()).toContain(`You are booked for ${day}, ${start}.`);
    const other = phone.locator('fieldset.day').getByRole('radio').first();
    await other.check();
    await phone.getByRole('button', { name: 'Move my appointment to this time' }).click();
    await phone.getByRole('heading', { level: 1, name: 'Your delivery time' }).waitFor();
    await phone
      .getByRole('status')
      .filter({ hasText: /^Moved to: / })
      .waitFor();
    await screenshot(phone, 'web-booking-moved');

    const [row] = await db
      .select({ status: refreshTickets.status })
      .from(refreshTickets)
      .where(eq(refreshTickets.id, sams!.id));
    expect(row?.status).toBe('delivery_scheduled');

    // The confirmation of the move reaches Sam's mailbox, with its link.
    const moved = await openMail(/sam@otto\.example\.edu/, new RegExp(`^Refresh #${sams!.id} is now `));
    expect(await moved.getByRole('link', { name: 'See or change the time' }).count()).toBe(1);
    await phone.close();
  });
});
