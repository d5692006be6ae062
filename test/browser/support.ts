// A real sandbox (app, stand-in, page) on free ports with a fresh database, and Debian's Chromium
// driven by playwright-core, for the browser tests.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/run.js';
import { scratchDatabase } from '../helpers/database.js';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const artifactsDir = join(process.cwd(), 'test-artifacts');

export interface BrowserWorld {
  sandbox: Sandbox;
  browser: Browser;
  mailDir: string;
  /** A page acting as `person` (their App Home opened), 1280×900. */
  open(person: string): Promise<Page>;
  stop(): Promise<void>;
}

export async function startBrowserWorld(): Promise<BrowserWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'otto-browser-'));
  const mailDir = join(dir, 'mail');
  const database = await scratchDatabase(join(dir, 'sandbox.db'));
  const sandbox = await startSandbox(
    loadConfig({ PORT: '0', DATABASE_URL: database.url, MAIL_DIR: mailDir, LOG_LEVEL: 'error' }),
    createLogger('error'),
  );
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // Chromium's own sandbox does not start as root (CI's containers).
      args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
    });
  } catch (error) {
    await sandbox.stop();
    await database.drop();
    throw error;
  }
  return {
    sandbox,
    browser,
    mailDir,
    async open(person) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(10_000);
      await page.goto(new URL(`/?as=${person}`, sandbox.url).href);
      return page;
    },
    async stop() {
      await browser.close();
      await sandbox.stop();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Keeps what the page showed at the end of a test, for people reading CI's artefacts. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(artifactsDir, { recursive: true });
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}
