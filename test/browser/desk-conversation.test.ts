// A case's conversation in Chromium, as people click through it on the sandbox page: a customer
// opens a case from the Shortcuts menu (with a file), the agent answers in the card's thread in the
// group's channel, and the customer reads the answer in the DM thread of their case.
import { existsSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskCaseFiles, deskCaseMessages, deskCases } from '../../db/schema/index.js';
import { type BrowserWorld, chromiumPath, screenshot, startBrowserWorld } from './support.js';

const RILEY = 'U0DEMOREMO';
const DEVON = 'U0DEMODEPO';
const AV_CHANNEL = 'C0DESKAV01';

// CI installs Chromium (.ci/run); elsewhere the tests say they were skipped rather than fail.
const haveChromium = existsSync(chromiumPath) || process.env.CI !== undefined;

describe.skipIf(!haveChromium)('a case’s conversation in a browser', { timeout: 90_000 }, () => {
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

  it('Riley opens a case, Devon answers in the AV channel’s thread, Riley reads it in the DM thread', async () => {
    // Riley opens the case from Slack's shortcuts menu, with a photo.
    const riley = await open(RILEY);
    await riley.getByText('Shortcuts', { exact: true }).click();
    await riley.getByRole('menuitem', { name: 'Open a case' }).click();
    const modal = riley.locator('form.modal');
    await modal.locator('#modal-title', { hasText: 'Open a case' }).waitFor();
    await modal.getByRole('radio', { name: /^Medium/ }).check();
    await modal.getByLabel('Subject', { exact: true }).fill('The projector in EECS 1500 flickers');
    await modal
      .getByLabel('Description', { exact: true })
      .fill('Every few seconds the picture goes dark during lectures. Photo attached.');
    await modal.getByLabel(/^Attachments/).setInputFiles({
      name: 'flicker.png',
      mimeType: 'image/png',
      buffer: Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    });
    await modal.getByRole('button', { name: 'Open case' }).click();
    await modal.waitFor({ state: 'detached' });

    // The acknowledgement in Riley's DM: the root of the case's DM thread.
    const db = w.sandbox.otto.ctx.db;
    const opened = await waitForRow(
      async () =>
        (
          await db
            .select()
            .from(deskCases)
            .where(eq(deskCases.subject, 'The projector in EECS 1500 flickers'))
        )[0],
    );
    expect(opened).toMatchObject({
      reporterSlackUserId: RILEY,
      assigneeSlackUserId: DEVON,
      status: 'pending',
    });
    const acknowledgement = riley.locator('#dm .message', { hasText: `We have your case #${opened.id}` });
    await acknowledgement.waitFor();
    await waitForRow(
      async () => (await db.select().from(deskCaseFiles).where(eq(deskCaseFiles.caseId, opened.id)))[0],
    );

    // Devon finds the card in #desk-av and answers in its thread.
    const devon = await open(DEVON);
    const card = devon.locator(`#channel-${AV_CHANNEL} .message`, {
      hasText: `Case #${opened.id}: The projector in EECS 1500 flickers`,
    });
    await card.first().waitFor();
    const thread = card.first().locator('details.thread').first();
    await thread.locator('summary').click();
    const answer = 'Thanks Riley, a technician will swap the lamp before your 2 pm lecture.';
    await thread.getByRole('textbox', { name: 'Reply in thread' }).fill(answer);
    await thread.getByRole('button', { name: 'Reply' }).click();
    await thread.locator('.replies .message', { hasText: answer }).waitFor();
    await screenshot(devon, 'devon-answers-in-thread');

    // Riley reads it in the DM thread of the case, under Devon's name.
    const dmThread = acknowledgement.first().locator('details.thread').first();
    await dmThread
      .locator('summary', { hasText: /\d+ repl(y|ies)/ })
      .first()
      .waitFor();
    await dmThread.locator('summary').first().click();
    const reply = dmThread.locator('.replies .message', { hasText: answer });
    await reply.waitFor();
    expect(await reply.locator('.meta b').innerText()).toBe('Devon Depot');
    await screenshot(riley, 'riley-reads-the-answer');

    // The case kept the message, and the first staff reply opened it.
    const [message] = await db.select().from(deskCaseMessages).where(eq(deskCaseMessages.caseId, opened.id));
    expect(message).toMatchObject({ side: 'staff', authorSlackUserId: DEVON, text: answer, internal: false });
    const [now] = await db.select().from(deskCases).where(eq(deskCases.id, opened.id));
    expect(now?.status).toBe('open');
  });
});

async function waitForRow<T>(read: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await read();
    if (row !== undefined) return row;
    if (Date.now() > deadline) throw new Error('the row did not come');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
