// Takes the README's picture of the sandbox (docs/sandbox.png) from a fresh sandbox in Chromium:
// `npx tsx test/browser/readme-screenshot.ts`. Pat the approver's page: the App Home, and Otto's DM
// asking for an approval.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { startBrowserWorld } from './support.js';

const out = join(process.cwd(), 'docs', 'sandbox.png');
const world = await startBrowserWorld();
try {
  const page = await world.open('U0DEMOAPPR');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator('#dm').getByText('needs your approval').first().waitFor();
  await page.screenshot({ path: out });
  console.log(`${out}: ${Math.round(statSync(out).size / 1024)} KB`);
} finally {
  await world.stop();
}
