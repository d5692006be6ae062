// A customer without Slack walks the remote refresh wizard in Chromium from the invitation
// e-mail's link: a bad field answered beside it, Back keeping what was entered, the review, the
// submission, and the link showing where things stand afterwards.
import { existsSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, refreshConfigs, refreshTickets } from '../../db/schema/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { makeSystem, makeTicket, seedWorld } from '../helpers/factories.js';
import { newestWebLinkTo } from '../helpers/web.js';
import { chromiumPath, screenshot } from './support.js';

// CI installs Chromium; elsewhere the test says it was skipped rather than fail.
const haveChromium = existsSync(chromiumPath) || process.env.CI !== undefined;

describe.skipIf(!haveChromium)('the web wizard in a browser', { timeout: 60_000 }, () => {
  let app: TestApp;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    app = await startTestApp();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('walks a remote wizard from the invitation e-mail to the approver, without Slack', async () => {
    const db = app.otto.ctx.db;
    const world = await seedWorld(db);
    await db
      .update(refreshConfigs)
      .set({ canCustomizeComputer: true, canCustomizePlatform: true })
      .where(eq(refreshConfigs.id, world.configs.remote_customer));
    const [robin] = await db
      .insert(people)
      .values({ email: 'robin@example.edu', name: 'Robin Roe', slackUserId: null })
      .returning();
    const system = await makeSystem(db, world, { userId: robin!.id });
    const ticket = await makeTicket(db, world, {
      style: 'remote_customer',
      existingSystemId: system.id,
      userId: robin!.id,
      invitationDueAt: app.clock.now(),
    });
    await app.otto.scheduler.runJob('refresh-invitations');
    await app.otto.dispatcher.runOnce();
    const link = newestWebLinkTo(app.dir, 'robin@example.edu');

    page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    page.setDefaultTimeout(10_000);
    await page.goto(`${app.baseUrl}${link}`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(
      'Location · step 1 of 4',
    );
    await expect(page.getByLabel('Recipient', { exact: true }).inputValue()).resolves.toBe('Robin Roe');

    // A bad field is answered beside it and in the summary; nothing moves on.
    await page.getByLabel('Street address', { exact: true }).fill('500 S State St');
    await page.getByLabel('City', { exact: true }).fill('Ann Arbor');
    await page.getByLabel('State or region', { exact: true }).fill('Michigan');
    await page.getByLabel('ZIP or postal code', { exact: true }).fill('48109');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('alert').filter({ hasText: 'Use the two-letter state code, e.g. MI.' }).waitFor();
    await page.getByRole('link', { name: 'Use the two-letter state code, e.g. MI.' }).click();
    await page.getByLabel('State or region', { exact: true }).fill('MI');
    await page.getByRole('button', { name: 'Next' }).click();

    // The device page: a Mac, then Back and Next again keep it.
    await page.getByRole('heading', { name: 'The new computer · step 2 of 4' }).waitFor();
    await page.getByLabel('Apple MacBook Air 13 (M4) · Mac').check();
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('heading', { name: 'Location · step 1 of 4' }).waitFor();
    await expect(page.getByLabel('City', { exact: true }).inputValue()).resolves.toBe('Ann Arbor');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('heading', { name: 'The new computer · step 2 of 4' }).waitFor();
    await expect(page.getByLabel('Apple MacBook Air 13 (M4) · Mac').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Next' }).click();

    // Peripherals: the bundle comes along; the keyboard alone moves on (Enter on the focused Next).
    await page.getByRole('heading', { name: 'Peripherals · step 3 of 4' }).waitFor();
    expect(await page.locator('main li').allInnerTexts()).toEqual(['Dell 27" monitor']);
    await page.getByRole('button', { name: 'Next' }).focus();
    await page.keyboard.press('Enter');

    await page.getByRole('heading', { name: 'Review and submit · step 4 of 4' }).waitFor();
    const review = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(review).toContain('Ship to: Robin Roe, 500 S State St, Ann Arbor, MI 48109, US');
    expect(review).toContain('Apple MacBook Air 13 (M4) (Mac)');
    expect(review).toContain('When you submit, the choices go to your approver, because');
    await page.getByRole('button', { name: 'Submit' }).click();

    await page.getByRole('heading', { name: 'The answers are with the approver' }).waitFor();
    expect(await page.locator('form').count()).toBe(0);
    await screenshot(page, 'web-wizard-submitted');
    const [saved] = await db.select().from(refreshTickets).where(eq(refreshTickets.id, ticket.id));
    expect(saved).toMatchObject({ status: 'requires_approval', chosenModelId: world.models.macbook });
    expect(saved?.shippingAddress).toMatchObject({ city: 'Ann Arbor', region: 'MI', postalCode: '48109' });

    // Opening the e-mail's link again shows where it stands, not the form.
    await page.goto(`${app.baseUrl}${link}`);
    await page.getByRole('heading', { name: 'The answers are with the approver' }).waitFor();
  });
});
