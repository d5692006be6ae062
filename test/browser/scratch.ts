import { startBrowserWorld, screenshot } from '/work/wt-page/test/browser/support.js';
const w = await startBrowserWorld();
const page = await w.open('U0DEMOREMO');
page.on('console', (m) => console.log('console:', m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
try {
  await page.locator('#home').getByRole('button', { name: 'Continue' }).click();
  const modal = page.locator('form.modal');
  await modal.waitFor();
  console.log(await modal.innerText());
  await screenshot(page, 'scratch1');
  for (const [label, value] of Object.entries({ Recipient: 'Riley Remote', 'Street address': '500 S State St', City: 'Ann Arbor', 'State or region': 'Michigan', 'ZIP or postal code': '48109', Country: 'US' })) {
    await modal.getByLabel(label, { exact: true }).fill(value);
  }
  await modal.locator('[data-submit]').click();
  await page.getByText('Use the two-letter').waitFor();
  await screenshot(page, 'scratch2');
  await modal.getByLabel('State or region', { exact: true }).fill('MI');
  await modal.locator('[data-submit]').click();
  await page.getByText('2 of').waitFor();
  console.log(await modal.innerText());
  await screenshot(page, 'scratch3');
} catch (e) { console.log(e); await screenshot(page, 'scratch-fail'); }
await w.stop();
