// The four flows of the sandbox in Chromium, as a person clicks through them: each asserts what the
// page shows and keeps a screenshot in test-artifacts/.
import { existsSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBatchSerials } from '../../src/sandbox/demo-data.js';
import { type BrowserWorld, chromiumPath, screenshot, startBrowserWorld } from './support.js';

const AVERY = 'U0DEMOADMN';
const PAT = 'U0DEMOAPPR';
const CASEY = 'U0DEMOCUST';
const RILEY = 'U0DEMOREMO';

// CI installs Chromium (.ci/run); elsewhere the tests say they were skipped rather than fail.
const haveChromium = existsSync(chromiumPath) || process.env.CI !== undefined;

describe.skipIf(!haveChromium)('the sandbox in a browser', { timeout: 60_000 }, () => {
  let w: BrowserWorld;
  const pages: Page[] = [];

  beforeAll(async () => {
    w = await startBrowserWorld();
  }, 60_000);

  afterAll(async () => {
    await w?.stop();
  });

  const open = async (person: string) => {
    const page = await w.open(person);
    pages.push(page);
    return page;
  };

  /** The modal on top, once its title reads `title`. */
  const modalTitled = async (page: Page, title: string | RegExp): Promise<Locator> => {
    const modal = page.locator('form.modal');
    await modal.locator('#modal-title', { hasText: title }).waitFor();
    return modal;
  };

  it('walks Riley’s remote refresh wizard from the Home tab to its submission', async () => {
    const page = await open(RILEY);
    await page.locator('#home').getByRole('button', { name: 'Start' }).click();
    let modal = await modalTitled(page, 'Refresh · 1 of 4');

    const address = {
      Recipient: 'Riley Remote',
      'Street address': '500 S State St',
      City: 'Ann Arbor',
      'State or region': 'Michigan',
      'ZIP or postal code': '48109',
      Country: 'US',
    };
    for (const [label, value] of Object.entries(address)) {
      await modal.getByLabel(label, { exact: true }).fill(value);
    }
    // The app's answer to a bad field shows under it; nothing moves on.
    await modal.getByRole('button', { name: 'Next' }).click();
    await modal.getByRole('alert').filter({ hasText: 'Use the two-letter state code, e.g. MI.' }).waitFor();
    await modal.getByLabel('State or region', { exact: true }).fill('MI');
    await modal.getByRole('button', { name: 'Next' }).click();

    modal = await modalTitled(page, 'Refresh · 2 of 4');
    await modal.getByLabel('Yes, it works for me').check();
    await modal.getByRole('button', { name: 'Next' }).click();
    modal = await modalTitled(page, 'Refresh · 3 of 4');
    await modal.getByRole('button', { name: 'Next' }).click();
    modal = await modalTitled(page, 'Refresh · 4 of 4');
    expect(await modal.innerText()).toContain('500 S State St');
    await modal.getByRole('button', { name: 'Submit' }).click();

    modal = await modalTitled(page, 'Refresh submitted');
    expect(await modal.innerText()).toContain('✅ Thanks! Your choices for refresh #1 went to your approver');
    await page.locator('#home').getByText('The approver decides on the choices').waitFor();
    await screenshot(page, 'riley-wizard-submitted');
    await modal.getByRole('button', { name: 'Done' }).click();
    await modal.waitFor({ state: 'detached' });
  });

  it('lets Pat approve from the App Home and shows the request approved', async () => {
    const page = await open(PAT);
    const home = page.locator('#home');
    await home.getByText(/refresh tickets? awaits? your approval/).waitFor();
    // The first ticket awaiting Pat, whose Approve button is the first on the Home.
    const [, ticket] = /#(\d+) · [^\n]+\nView\nApprove/.exec(await home.innerText()) ?? [];
    expect(ticket).toBeDefined();
    await home.getByRole('button', { name: 'Approve' }).first().click();

    await page.locator('#dm').getByText(`Refresh #${ticket} approved by @Pat Approver`).waitFor();
    await home.getByText(`#${ticket} · `).waitFor({ state: 'detached' });
    expect(await home.innerText()).toContain('pending ordering: 1');
    await screenshot(page, 'pat-approved');
  });

  it('lets Casey book a delivery time from the DM and shows the confirmation and its e-mail', async () => {
    const page = await open(CASEY);
    await page.locator('#dm').getByRole('button', { name: 'Pick a time' }).click();
    const modal = await modalTitled(page, 'Refresh #2');
    const time = modal.getByLabel('Delivery time');
    await time.selectOption({ index: 1 });
    const picked = (await time.locator('option:checked').innerText()).trim();
    expect(picked).toMatch(/^\w{3} \d+ \w{3} · \d\d:\d\d – \d\d:\d\d$/);
    await modal.getByRole('button', { name: 'Book' }).click();

    // "Mon 23 Nov · 13:00 – 13:30" is booked as "Mon 23 Nov, 13:00".
    const [day, start] = /^(\w{3} \d+ \w{3}) · (\d\d:\d\d)/.exec(picked)!.slice(1);
    const booked = modal.getByText(/^Booked: /);
    expect(await booked.innerText()).toContain(`${day}, ${start}`);
    expect(await modal.innerText()).toContain('Otto sent you a confirmation by DM and e-mail');
    const confirmation = page.locator('#dm .message', { hasText: 'Refresh #2 is booked for' });
    await confirmation.getByRole('button', { name: 'Change time' }).waitFor();
    expect(await confirmation.innerText()).toContain(`${day}, ${start}`);
    await screenshot(page, 'casey-booked');
    await modal.getByRole('button', { name: 'Done' }).click();
    await modal.waitFor({ state: 'detached' });

    // The confirmation e-mail, in the mail view, by recipient, its HTML in a frame without scripts.
    await page.getByRole('link', { name: 'Mail' }).click();
    const subject = page.getByRole('link', { name: /^Refresh #2 is booked for / });
    for (let tries = 0; (await subject.count()) === 0 && tries < 40; tries += 1) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await page.getByRole('heading', { name: 'Casey Customer <casey@otto.example.edu>' }).waitFor();
    await subject.first().click();
    const frame = page.frameLocator('iframe.mail-frame');
    await frame.locator('body').waitFor();
    expect(await frame.locator('body').innerText()).toContain(`${day}, ${start}`);
    expect(await page.locator('iframe.mail-frame').getAttribute('sandbox')).toBe('');
    await screenshot(page, 'casey-mail');
  });

  it('lets Avery start a batch with /otto batch new in a team channel and shows its message', async () => {
    const page = await open(AVERY);
    const channel = page.locator('#channel-C0NORTHNIT');
    const box = channel.getByRole('textbox');
    await box.fill('/otto batch new');
    await box.press('Enter');

    const modal = page.locator('form.modal');
    await modal.waitFor();
    await modal.getByLabel('Batch name').fill('Demo wave 2');
    await modal.getByLabel('Serial numbers').fill(demoBatchSerials.join('\n'));
    await modal.locator('[data-submit]').click();
    await modal.waitFor({ state: 'detached' });

    const message = channel.locator('.message', { hasText: 'Demo wave 2' });
    await message.getByRole('button', { name: 'Create tickets' }).waitFor();
    const shown = await message.innerText();
    expect(shown).toContain(`${demoBatchSerials.length} serials · created by @Avery Admin`);
    // The demo batch's users are e-mail-only people: ready to create, with the warning that says so.
    expect(shown).toContain('Ready: 0');
    expect(shown).toContain(`No Slack account: ${demoBatchSerials.length}`);
    await screenshot(page, 'avery-batch');
  });

  it('asks before cancelling a ticket, as Slack’s confirm dialog does', async () => {
    const page = await open(AVERY);
    const box = page.locator('#dm').getByRole('textbox');
    await box.fill('/otto ticket 3');
    await box.press('Enter');
    const card = page.locator('#dm .message', { hasText: 'Refresh #3' }).last();
    await card.getByRole('button', { name: 'Cancel ticket' }).click();

    const dialog = page.getByRole('dialog', { name: 'Cancel this ticket?' });
    await dialog.getByText('Refresh #3 will be canceled for good; it cannot be reopened.').waitFor();
    await dialog.getByRole('button', { name: 'Keep it' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await card.innerText()).not.toContain('canceled');

    await card.getByRole('button', { name: 'Cancel ticket' }).click();
    await dialog.getByRole('button', { name: 'Cancel ticket' }).click();
    await page
      .locator('#dm')
      .getByText(/canceled/)
      .first()
      .waitFor();
    await screenshot(page, 'avery-cancel-confirmed');
  });

  it('moves Otto’s clock a business day from the page and shows the jobs that ran', async () => {
    const page = await open(CASEY);
    const clock = page.locator('#clock');
    const now = clock.locator('[data-clock-now]');
    await now.filter({ hasText: /\(America\/Detroit\)$/ }).waitFor();
    const before = await now.innerText();
    await clock.getByRole('button', { name: '+1 business day' }).click();
    await clock
      .getByRole('status')
      .filter({ hasText: /^Ran \d+ jobs?: / })
      .waitFor({ timeout: 30_000 });
    expect(await clock.getByRole('status').innerText()).toContain('replacement-lookup');
    expect(await now.innerText()).not.toBe(before);
    await screenshot(page, 'clock-business-day');
  });
});
