import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { TestApp } from '../../../helpers/app.js';
import { seedWorld, type World } from '../../../helpers/factories.js';
import { waitFor } from '../../../helpers/slack.js';
import { snapshot } from '../../../helpers/world.js';

export { snapshot };

/** The e-mails the app wrote, decoded from quoted-printable so tests look for plain sentences. */
export function emails(app: TestApp): Array<{ file: string; body: string }> {
  const dir = join(app.dir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.eml'))
    .map((file) => {
      const raw = readFileSync(join(dir, file), 'utf8').replace(/=\r?\n/g, '');
      const body = Buffer.from(
        raw.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
      return { file, body };
    });
}

export async function world(app: TestApp): Promise<World> {
  return seedWorld(app.otto.ctx.db);
}

/** Opens the Home tab and waits for the publish it causes; returns the Home's blocks as JSON text. */
export async function openHome(app: TestApp, userId: string): Promise<string> {
  const before = app.standIn.callsTo('views.publish').length;
  await app.driver.appHomeOpened(userId);
  await waitFor(() => app.standIn.callsTo('views.publish').length > before);
  return JSON.stringify(app.standIn.home(userId)?.blocks);
}

/** Waits until the app has made `count` more calls to `method` than `before`. */
export async function callsAfter(app: TestApp, method: string, before: number, count = 1) {
  await waitFor(() => app.standIn.callsTo(method).length >= before + count);
  const calls = app.standIn.callsTo(method).slice(before);
  for (const call of calls) expect(call.ok, `${method} failed: ${call.error}`).toBe(true);
  return calls;
}

/** The bot's messages in a user's DM with Otto (ephemeral ones included). */
export function dmMessages(app: TestApp, userId: string) {
  return app.standIn
    .messages(app.standIn.dmChannelId(userId))
    .filter((m) => m.user === app.standIn.botUserId);
}
