// An approver outside Slack, in Chromium: the Friday digest e-mail in the sandbox's mail view, its
// link to Otto's own page, one ticket approved and one denied there, and Slack showing both.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserWorld, chromiumPath, screenshot, startBrowserWorld } from './support.js';

const PAT = 'U0DEMOAPPR';

// CI installs Chromium (.ci/run); elsewhere the tests say they were skipped rather than fail.
const haveChromium = existsSync(chromiumPath) || process.env.CI !== undefined;

describe.skipIf(!haveChromium)('approving from the digest e-mail in a browser', { timeout: 90_000 }, () => {
  let w: BrowserWorld;

  beforeAll(async () => {
    w = await startBrowserWorld();
  }, 60_000);

  afterAll(async () => {
    await w?.stop();
  });

  it('lets Pat approve one ticket and deny another on Otto’s page, and Slack shows both', async () => {
    // Friday 08:00: the digest goes out (DM and e-mail).
    const moved = await fetch(new URL('/sandbox/clock', w.sandbox.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ toNextRunOf: 'approver-digest' }),
    });
    expect(moved.status).toBe(200);

    const page = await w.open(PAT);
    await page.getByRole('link', { name: 'Mail' }).click();
    const subject = page.getByRole('link', {
      name: /^Otto weekly: \d+ refresh tickets? awaits? your approval/,
    });
    for (let tries = 0; (await subject.count()) === 0 && tries < 40; tries += 1) {
      await page.waitForTimeout(250);
      await page.reload();
    }
    await subject.first().click();
    const link = page.locator('.web-links').getByRole('link', { name: 'Approve or deny them' });
    const [otto] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await otto.waitForLoadState();
    expect(new URL(otto.url()).origin).toBe(new URL(w.sandbox.url).origin);
    await otto.getByRole('heading', { level: 1, name: 'Refresh tickets awaiting your approval' }).waitFor();

    // The first ticket: approved with one press.
    const approve = otto.getByRole('button', { name: /^Approve refresh #\d+$/ }).first();
    const first = /#(\d+)$/.exec(await approve.innerText())![1]!;
    await approve.click();
    await otto.getByText(`You approved refresh #${first}`).waitFor();
    expect(await otto.getByRole('button', { name: `Approve refresh #${first}` }).count()).toBe(0);

    // The next: Deny without a reason is refused on its field; with one, it goes back to the customer.
    const deny = otto.getByRole('button', { name: /^Deny refresh #\d+$/ }).first();
    const second = /#(\d+)$/.exec(await deny.innerText())![1]!;
    await deny.click();
    await otto.getByRole('alert').getByText('Say why, so the customer knows what to change.').waitFor();
    await otto.getByLabel(`Why do you deny refresh #${second}?`).fill('Please choose the standard model.');
    await otto.getByRole('button', { name: `Deny refresh #${second}` }).click();
    await otto.getByText(`You denied refresh #${second}`).waitFor();
    await screenshot(otto, 'pat-web-approvals');

    // Slack, in the sandbox: the digest DM's rows show both decisions.
    await page.goto(new URL(`/?as=${PAT}`, w.sandbox.url).href);
    const dm = page.locator('#dm');
    await dm.getByText('Approved by @Pat Approver').first().waitFor();
    await dm
      .getByText(/Denied by @Pat Approver; it is back with the customer/)
      .first()
      .waitFor();
    await screenshot(page, 'pat-web-approvals-slack');
  });
});
