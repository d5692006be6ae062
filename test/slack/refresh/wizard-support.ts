// Shared by the wizard's Slack tests: a world, a ticket, a Start button in a DM, and the modal's title.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { refreshConfigs, refreshTickets } from '../../../db/schema/index.js';
import type { RefreshStatus, RefreshStyle } from '../../../src/domain/refresh/enums.js';
import type { WizardOptions } from '../../../src/domain/refresh/wizard/index.js';
import { ids } from '../../../src/slack/ids.js';
import { startTestApp, type TestApp } from '../../helpers/app.js';
import { makeTicket, seedWorld, type World } from '../../helpers/factories.js';
import { textOf, waitFor } from '../../helpers/slack.js';

export interface WizardWorld {
  app: TestApp;
  world: World;
}

export async function startWizardWorld(): Promise<WizardWorld> {
  const app = await startTestApp();
  const world = await seedWorld(app.otto.ctx.db);
  return { app, world };
}

/** Sets a style's config options (the world's configs have none and need no approval). */
export async function configure(
  { app, world }: WizardWorld,
  style: RefreshStyle,
  options: Partial<WizardOptions & { requiresApproval: boolean }>,
): Promise<void> {
  await app.otto.ctx.db
    .update(refreshConfigs)
    .set(options)
    .where(eq(refreshConfigs.id, world.configs[style]));
}

export async function ticketOf({ app }: WizardWorld, id: number) {
  const ticket = (
    await app.otto.ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1)
  )[0];
  if (!ticket) throw new Error(`no ticket ${id}`);
  return ticket;
}

export async function newTicket(
  w: WizardWorld,
  style: RefreshStyle,
  extra: { delegate?: boolean; status?: RefreshStatus } = {},
) {
  return makeTicket(w.app.otto.ctx.db, w.world, { style, ...extra });
}

/**
 * Posts the invitation's Start button into `userId`'s DM as Otto would (the wizard needs only the
 * button), returning the DM channel.
 */
export async function postStartButton(
  { app }: WizardWorld,
  userId: string,
  value: string | { ticketId: number; status: string },
): Promise<string> {
  const response = await fetch(`${app.standIn.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.standIn.botToken}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      channel: userId,
      text: 'Time to refresh your computer',
      blocks: [
        {
          type: 'actions',
          block_id: 'wizard',
          elements: [
            {
              type: 'button',
              action_id: ids.wizardStart,
              text: { type: 'plain_text', text: 'Start' },
              style: 'primary',
              value: typeof value === 'string' ? value : JSON.stringify(value),
            },
          ],
        },
      ],
    }),
  });
  const body = (await response.json()) as { ok: boolean; channel: string; error?: string };
  expect(body.ok, body.error).toBe(true);
  return body.channel;
}

/** The top modal of a person, as a modal view (title, submit…). */
export function topModal({ app }: WizardWorld, userId: string) {
  const view = app.standIn.topModal(userId);
  return view?.type === 'modal' ? view : undefined;
}

export const modalTitle = (w: WizardWorld, userId: string) => textOf(topModal(w, userId)?.title);

export const modalText = ({ app }: WizardWorld, userId: string) =>
  JSON.stringify(app.standIn.topModal(userId)?.blocks ?? []);

/** Clicks the newest Start button in the person's DM and waits for the modal it opens. */
export async function clickStart(w: WizardWorld, userId: string): Promise<string> {
  const channel = w.app.standIn.dmChannelId(userId);
  const opened = w.app.standIn.callsTo('views.open').length;
  const response = await w.app.driver.clickButton(userId, 'Start', { surface: 'message', channel });
  expect(response.status).toBe(200);
  await waitFor(() => w.app.standIn.callsTo('views.open').length > opened);
  const call = w.app.standIn.callsTo('views.open').at(-1)!;
  expect(call.ok, call.error).toBe(true);
  return modalTitle(w, userId);
}

/** Presses Back and waits for the page before to replace the modal. */
export async function pressBack(w: WizardWorld, userId: string): Promise<string> {
  const updates = w.app.standIn.callsTo('views.update').length;
  const response = await w.app.driver.clickButton(userId, 'Back', { surface: 'modal' });
  expect(response.status).toBe(200);
  await waitFor(() => w.app.standIn.callsTo('views.update').length > updates);
  const call = w.app.standIn.callsTo('views.update').at(-1)!;
  expect(call.ok, call.error).toBe(true);
  return modalTitle(w, userId);
}

/** Presses Next (or Submit) and checks Slack took the answer. */
export async function next(
  w: WizardWorld,
  userId: string,
  values?: Parameters<TestApp['driver']['submitModal']>[1],
): Promise<string> {
  const response = await w.app.driver.submitModal(userId, values);
  expect(response.status).toBe(200);
  return modalTitle(w, userId);
}

/** What an input shows now: entered or initial value, or the selected options' texts. */
export function inputValue({ app }: WizardWorld, userId: string, label: string): string | string[] | null {
  const view = app.standIn.topModal(userId);
  if (!view) throw new Error(`${userId} has no modal`);
  const block = (view.blocks as unknown as Array<Record<string, unknown>>).find(
    (b) => b.type === 'input' && textOf(b.label) === label,
  );
  if (!block) throw new Error(`no input ${label}`);
  const element = block.element as { action_id: string };
  const state = view.state.values[String(block.block_id)]?.[element.action_id];
  if (!state) return null;
  if (typeof state.value === 'string' || state.value === null) return (state.value as string | null) ?? null;
  const one = state.selected_option as { text: { text: string } } | null | undefined;
  if (one !== undefined) return one ? one.text.text : null;
  const many = state.selected_options as Array<{ text: { text: string } }> | undefined;
  return many ? many.map((o) => o.text.text) : null;
}
