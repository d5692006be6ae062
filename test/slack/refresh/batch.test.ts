import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batches, batchSerials, refreshTickets, systems } from '../../../db/schema/index.js';
import { ADMIN, DELEGATE, makeSystem, STRANGER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import {
  type BatchWorld,
  ottoReply,
  postBatchButton,
  REFRESH_CHANNEL,
  seedEveryKind,
  startBatchWorld,
  textOf,
} from './batch-support.js';

describe('/otto batch', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const channelMessages = (channel = REFRESH_CHANNEL) =>
    w.app.standIn.messages(channel).filter((m) => !m.ephemeralFor);
  const lastMessage = (channel = REFRESH_CHANNEL) => channelMessages(channel).at(-1);
  const tickets = async () => db().select().from(refreshTickets);

  /** `/otto batch new` in the refresh channel, the modal filled and submitted; waits for the counts. */
  async function newBatch(name: string, serials: readonly string[], channel = REFRESH_CHANNEL) {
    await w.app.driver.slashCommand(ADMIN, 'batch new', '/otto', channel);
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(modal.type === 'modal' && modal.title.text).toBe('New batch');
    const response = await w.app.driver.submitModal(ADMIN, {
      'Batch name': name,
      'Serial numbers': serials.join('\n'),
    });
    expect(response.status).toBe(200);
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    const batch = await waitFor(
      async () => (await db().select().from(batches).where(eq(batches.name, name)).limit(1))[0],
    );
    await waitFor(async () => {
      const current = (await db().select().from(batches).where(eq(batches.id, batch.id)).limit(1))[0];
      return (
        current?.lookedUpAt &&
        current.messageTs &&
        w.app.standIn
          .message(current.messageChannel!, current.messageTs)
          ?.text.startsWith(`Batch ${name}:`) &&
        !w.app.standIn.message(current.messageChannel!, current.messageTs)?.text.includes('Looking up')
      );
    });
    return (await db().select().from(batches).where(eq(batches.id, batch.id)).limit(1))[0]!;
  }

  it('looks every serial up in one message that shows progress, then the counts, the problems and Create tickets', async () => {
    const s = await seedEveryKind(w);
    const pasted = [
      s.unknown,
      s.noGroup,
      s.noUser,
      s.noTeam,
      s.open,
      s.ready,
      s.readyAgain,
      s.ready.toLowerCase(),
    ];
    const batch = await newBatch('LSA November', pasted);

    expect(batch).toMatchObject({ messageChannel: REFRESH_CHANNEL, createdBy: ADMIN });
    expect(channelMessages()).toHaveLength(1);
    const posted = w.app.standIn.callsTo('chat.postMessage');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.args.channel).toBe(REFRESH_CHANNEL);
    expect(posted[0]!.args.text).toBe('Batch LSA November: Looking up 7 serials… 0/7');
    const updates = w.app.standIn.callsTo('chat.update');
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((u) => u.ok && u.args.ts === batch.messageTs)).toBe(true);

    const shown = textOf(lastMessage());
    for (const line of [
      '*Tickets created:* 0',
      '*Ready:* 2',
      '*Unknown serial:* 1',
      '*No group:* 1',
      '*No user:* 1',
      '*No support team:* 1',
      '*Already has an open ticket:* 1',
      `${s.unknown} — not in the inventory`,
      `${s.noGroup} — no group`,
      `${s.noUser} — no user`,
      `${s.noTeam} — no support team`,
      `${s.open} — already has an open ticket`,
      `1 serial appeared more than once and was kept once: ${s.ready}.`,
      'Create tickets',
      'Look up again',
    ]) {
      expect(shown).toContain(line);
    }
    const results = (await db().select().from(batchSerials)).map((r) => [r.serial, r.lookupResult]);
    expect(Object.fromEntries(results)).toEqual({
      [s.unknown]: 'unknown_serial',
      [s.noGroup]: 'no_group',
      [s.noUser]: 'no_user',
      [s.noTeam]: 'no_support_team',
      [s.open]: 'open_ticket',
      [s.ready]: 'ready',
      [s.readyAgain]: 'ready',
    });
  });

  it('shows the progress of a long lookup every 500 serials in the same message', async () => {
    const serials = Array.from({ length: 1200 }, (_, i) => `BIG${String(i).padStart(5, '0')}`);
    await db().transaction(async (tx) => {
      for (const serial of serials) {
        await tx.insert(systems).values({
          serial,
          userId: w.world.people.customer,
          supportTeamId: w.world.teamId,
          groupId: w.world.groupId,
          updatedAt: w.clock.now(),
        });
      }
    });
    // More than a modal's 3,000 characters: pasted after the name in the command itself.
    await w.app.driver.slashCommand(
      ADMIN,
      `batch new Big batch\n${serials.join('\n')}`,
      '/otto',
      REFRESH_CHANNEL,
    );
    await waitFor(() => textOf(lastMessage()).includes('*Ready:* 1,200'), 5000);
    const texts = [
      ...w.app.standIn.callsTo('chat.postMessage').map((c) => c.args.text),
      ...w.app.standIn.callsTo('chat.update').map((c) => c.args.text),
    ];
    expect(texts).toEqual([
      'Batch Big batch: Looking up 1,200 serials… 0/1,200',
      'Batch Big batch: Looking up 1,200 serials… 500/1,200',
      'Batch Big batch: Looking up 1,200 serials… 1,000/1,200',
      'Batch Big batch: 1,200 ready, 0 need attention, 0 tickets created',
    ]);
    expect(channelMessages()).toHaveLength(1);
  });

  it('creates tickets for the ready rows with the chosen config, updates the message, and never twice', async () => {
    const s = await seedEveryKind(w);
    const batch = await newBatch('Create once', [s.ready, s.readyAgain, s.noGroup, s.unknown]);
    await w.app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: REFRESH_CHANNEL });
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(textOf(modal)).toContain('Creates 2 tickets for the ready serials of batch *Create once*');
    await w.app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA on_prem' });
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    await waitFor(() => textOf(lastMessage()).includes('Created 2 tickets'));

    const shown = textOf(lastMessage());
    expect(shown).toContain(
      'Created 2 tickets with *LSA on_prem* (on prem). Invitations go out <!date^1794927900^',
    );
    expect(shown).toContain('Skipped 2: 1 not in the inventory, 1 no group.');
    expect(shown).toContain('*Tickets created:* 2');
    expect(shown).not.toContain('Create tickets');
    expect(channelMessages()).toHaveLength(1);
    const made = (await tickets()).filter((t) => t.batchId === batch.id);
    expect(made.map((t) => [t.status, t.style, t.configId, t.invitationDueAt?.toISOString()])).toEqual([
      ['pending_customer', 'on_prem', w.world.configs.on_prem, '2026-11-17T15:05:00.000Z'],
      ['pending_customer', 'on_prem', w.world.configs.on_prem, '2026-11-17T15:05:00.000Z'],
    ]);

    // An older message of the batch still has the button: pressing it creates nothing.
    await postBatchButton(w, REFRESH_CHANNEL, { batchId: batch.id });
    const before = w.app.standIn.responses().length;
    await w.app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: REFRESH_CHANNEL });
    const reply = await waitFor(
      () => w.app.standIn.responses()[before]?.body as { text?: string } | undefined,
    );
    expect(reply.text).toBe(
      'Nothing to create: the 2 tickets of batch “Create once” exist already and no other serial is ready.',
    );
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    expect((await tickets()).filter((t) => t.batchId === batch.id)).toHaveLength(2);
  });

  it('creates no-customer tickets with a delegate when the modal says so', async () => {
    const a = (await makeSystem(db(), w.world)).serial;
    const b = (await makeSystem(db(), w.world)).serial;
    const batch = await newBatch('Loaners', [a, b]);
    await w.app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: REFRESH_CHANNEL });
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, {
      'Refresh config': 'LSA remote_customer',
      Delegate: DELEGATE,
      'No customer': true,
    });
    await waitFor(() => textOf(lastMessage()).includes('Created 2 tickets'));
    expect(textOf(lastMessage())).toContain(
      'No customer: they go straight to *pending ordering* and invite nobody.',
    );
    const made = (await tickets()).filter((t) => t.batchId === batch.id);
    expect(made.map((t) => [t.style, t.status, t.invitationDueAt, t.delegateId, t.configId])).toEqual([
      ['no_customer', 'pending_ordering', null, w.world.people.delegate, w.world.configs.remote_customer],
      ['no_customer', 'pending_ordering', null, w.world.people.delegate, w.world.configs.remote_customer],
    ]);
  });

  it('answers a taken name on its field and keeps the modal open', async () => {
    const a = (await makeSystem(db(), w.world)).serial;
    await newBatch('Taken', [a]);
    await w.app.driver.slashCommand(ADMIN, 'batch new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { 'Batch name': 'taken', 'Serial numbers': a });
    expect(w.app.driver.lastErrors(ADMIN)).toEqual({
      name: 'There is already a batch named “taken”. Pick another name.',
    });
    await w.app.driver.submitModal(ADMIN, { 'Batch name': 'Fresh', 'Serial numbers': ' ,, ' });
    expect(w.app.driver.lastErrors(ADMIN)).toEqual({ serials: 'Paste at least one serial number.' });
    expect(await db().select().from(batches)).toHaveLength(1);
  });

  it('posts to the admin’s DM when it cannot post where the command was typed', async () => {
    const a = (await makeSystem(db(), w.world)).serial;
    w.app.standIn.failNext('chat.postMessage', 1, 'not_in_channel');
    const batch = await newBatch('Private', [a], 'C0NOTMEMBR');
    const dm = w.app.standIn.dmChannelId(ADMIN);
    expect(batch.messageChannel).toBe(dm);
    expect(textOf(lastMessage(dm))).toContain('*Ready:* 1');
  });

  it('re-shows a batch by name or id as a new message, and lists the latest', async () => {
    const a = (await makeSystem(db(), w.world)).serial;
    const batch = await newBatch('Again', [a, 'GHOST']);
    await w.app.driver.slashCommand(ADMIN, `batch #${batch.id}`, '/otto', REFRESH_CHANNEL);
    await waitFor(() => channelMessages().length === 2);
    expect(textOf(lastMessage())).toContain('GHOST — not in the inventory');
    // The listener records the new message once chat.postMessage has answered: wait for that.
    const moved = await waitFor(async () => {
      const row = (await db().select().from(batches).where(eq(batches.id, batch.id)).limit(1))[0]!;
      return row.messageTs === lastMessage()!.ts && row;
    });
    expect(moved.messageTs).toBe(lastMessage()!.ts);

    const list = await ottoReply(w, ADMIN, 'batch', REFRESH_CHANNEL);
    expect(textOf(list)).toContain(`*#${batch.id} Again* — 2 serials, 0 tickets created`);
    const missing = await ottoReply(w, ADMIN, 'batch nothing like it', REFRESH_CHANNEL);
    expect(missing.text).toBe(
      'There is no batch “nothing like it”. Type `/otto batch` to see the latest ones.',
    );
  });

  it('looks a batch up again after the inventory is fixed', async () => {
    const fixed = await makeSystem(db(), w.world, { groupId: null });
    await newBatch('Fix me', [fixed.serial]);
    expect(textOf(lastMessage())).toContain(`${fixed.serial} — no group`);
    await db().update(systems).set({ groupId: w.world.groupId }).where(eq(systems.id, fixed.id));
    await w.app.driver.clickButton(ADMIN, 'Look up again', { surface: 'message', channel: REFRESH_CHANNEL });
    await waitFor(() => textOf(lastMessage()).includes('*Ready:* 1'));
    expect(textOf(lastMessage())).not.toContain('no group');
  });

  it('refuses a non-admin: no modal, no batch, no tickets', async () => {
    const reply = await ottoReply(w, STRANGER, 'batch new', REFRESH_CHANNEL);
    expect(reply).toMatchObject({
      response_type: 'ephemeral',
      text: 'Only refresh admins can create batches.',
    });
    expect(w.app.standIn.topModal(STRANGER)).toBeUndefined();
    expect((await ottoReply(w, STRANGER, 'batch', REFRESH_CHANNEL)).text).toBe(
      'Only refresh admins can see batches.',
    );

    const a = (await makeSystem(db(), w.world)).serial;
    const batch = await newBatch('Admins only', [a]);
    for (const label of ['Create tickets', 'Look up again']) {
      const before = w.app.standIn.responses().length;
      await w.app.driver.clickButton(STRANGER, label, { surface: 'message', channel: REFRESH_CHANNEL });
      const answer = await waitFor(
        () => w.app.standIn.responses()[before]?.body as { text?: string } | undefined,
      );
      expect(answer.text).toMatch(/^Only refresh admins can /);
    }
    expect(w.app.standIn.topModal(STRANGER)).toBeUndefined();
    expect((await tickets()).filter((t) => t.batchId === batch.id)).toEqual([]);
  });

  it('refuses a forged or stale batch button and changes nothing', async () => {
    for (const [value, answer] of [
      [
        'not json',
        'That button is out of date, so nothing was changed. Type `/otto batch` to find the batch.',
      ],
      [{ batchId: 999 }, 'There is no batch #999. It may have been deleted.'],
      [
        JSON.stringify({ batchId: -1 }),
        'That button is out of date, so nothing was changed. Type `/otto batch` to find the batch.',
      ],
    ] as const) {
      await postBatchButton(w, REFRESH_CHANNEL, value);
      const before = w.app.standIn.responses().length;
      await w.app.driver.clickButton(ADMIN, 'Create tickets', {
        surface: 'message',
        channel: REFRESH_CHANNEL,
      });
      const reply = await waitFor(
        () => w.app.standIn.responses()[before]?.body as { text?: string } | undefined,
      );
      expect(reply.text).toBe(answer);
    }
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    expect(await tickets()).toEqual([]);
  });
});
