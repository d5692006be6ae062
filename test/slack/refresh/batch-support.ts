import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { systems } from '../../../db/schema/index.js';
import { ManualClock } from '../../../src/clock.js';
import { ids } from '../../../src/slack/ids.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { makeSystem, makeTicket, seedWorld, type World } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';

/** The channel the admins work in; the bot may post there. */
export const REFRESH_CHANNEL = 'C0REFRESH';

export interface Reply {
  response_type?: string;
  replace_original?: boolean;
  text?: string;
  blocks?: unknown[];
}

export interface BatchWorld {
  app: TestApp;
  world: World;
  clock: ManualClock;
}

export async function startBatchWorld(): Promise<BatchWorld> {
  const clock = new ManualClock('2026-11-16T15:00:00Z');
  const app = await startTestApp({ clock });
  const world = await seedWorld(app.otto.ctx.db, clock.now());
  return { app, world, clock };
}

/** One system per lookup result; `readyAgain`'s only ticket is complete, so it is ready too. */
export async function seedEveryKind({ app, world }: BatchWorld) {
  const db = app.otto.ctx.db;
  const serialOf = async (id: number) =>
    (await db.select().from(systems).where(eq(systems.id, id)).limit(1))[0]!.serial;
  return {
    unknown: 'NOT-IN-INVENTORY',
    noGroup: (await makeSystem(db, world, { groupId: null })).serial,
    noUser: (await makeSystem(db, world, { userId: null })).serial,
    noTeam: (await makeSystem(db, world, { supportTeamId: null })).serial,
    open: await serialOf((await makeTicket(db, world, { status: 'pending_customer' })).existingSystemId),
    ready: (await makeSystem(db, world)).serial,
    readyAgain: await serialOf((await makeTicket(db, world, { status: 'complete' })).existingSystemId),
  };
}

/** Runs `/otto …` and waits for what Otto answers through the response_url. */
export async function ottoReply(
  { app }: BatchWorld,
  user: string,
  text: string,
  channel?: string,
): Promise<Reply> {
  const before = app.standIn.responses().length;
  const response = await app.driver.slashCommand(user, text, '/otto', channel);
  expect(response.status).toBe(200);
  expect(response.elapsedMs).toBeLessThan(3000);
  return waitFor(() => app.standIn.responses()[before]?.body as Reply | undefined);
}

/** Posts a message with a batch button carrying any value, as a forged or stale message would. */
export async function postBatchButton(
  { app }: BatchWorld,
  channel: string,
  value: string | { batchId: number },
  actionId: string = ids.batchCreateTickets,
): Promise<void> {
  const response = await fetch(`${app.standIn.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.standIn.botToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      channel,
      text: 'An old batch message',
      blocks: [
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              action_id: actionId,
              text: { type: 'plain_text', text: 'Create tickets' },
              value: typeof value === 'string' ? value : JSON.stringify(value),
            },
          ],
        },
      ],
    }),
  });
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true);
}

/** The text of a message's blocks, for `toContain`. */
export const textOf = (message: { text?: string; blocks?: unknown } | undefined) =>
  `${message?.text ?? ''}\n${JSON.stringify(message?.blocks ?? [])}`;
