import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, refreshTickets, systems } from '../../../db/schema/index.js';
import { ADMIN, APPROVER, makeSystem, makeTicket } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { type BatchWorld, ottoReply, REFRESH_CHANNEL, startBatchWorld, textOf } from './batch-support.js';

describe('/otto assign', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const serialOf = async (systemId: number) =>
    (await db().select().from(systems).where(eq(systems.id, systemId)).limit(1))[0]!.serial;
  const ticket = async (id: number) =>
    (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
  const channelMessages = () => w.app.standIn.messages(REFRESH_CHANNEL).filter((m) => !m.ephemeralFor);
  const waiting = async () => makeTicket(db(), w.world, { status: 'pending_ordering' });

  it('answers bad lines in the modal with their numbers, then applies a clean paste with one updated message', async () => {
    const a = await waiting();
    const b = await waiting();
    const early = await makeTicket(db(), w.world, { status: 'pending_customer' });
    await w.app.driver.slashCommand(ADMIN, 'assign', '/otto', REFRESH_CHANNEL);
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(modal.type === 'modal' && modal.title.text).toBe('Assign replacements');

    const bad = [
      `${await serialOf(a.existingSystemId)} NEW-A`,
      'ONLY-ONE',
      'UNKNOWN-1 NEW-U',
      `${await serialOf(early.existingSystemId)} NEW-E`,
      `${await serialOf(a.existingSystemId)} NEW-A2`,
      ...Array.from({ length: 11 }, (_, i) => `GHOST-${i} NEW-G${i}`),
    ].join('\n');
    const auditsBefore = (await db().select().from(audits)).length;
    await w.app.driver.submitModal(ADMIN, { 'Existing and replacement serials': bad });
    const errors = w.app.driver.lastErrors(ADMIN)!;
    expect(errors.lines).toContain(
      'Line 2 (ONLY-ONE): is not “existing-serial replacement-serial” (two serial numbers).',
    );
    expect(errors.lines).toContain(
      'Line 3 (UNKNOWN-1 NEW-U): unknown serial: UNKNOWN-1 is not in the inventory.',
    );
    expect(errors.lines).toContain(
      `Line 4 (${await serialOf(early.existingSystemId)} NEW-E): ticket #${early.id} is waiting for its customer to finish the wizard, not waiting to be ordered.`,
    );
    expect(errors.lines).toContain(
      `Line 5 (${await serialOf(a.existingSystemId)} NEW-A2): duplicate: ${await serialOf(a.existingSystemId)} is on line 1 too.`,
    );
    expect(errors.lines).toContain('…and 5 more.');
    expect(w.app.standIn.topModal(ADMIN)).toBeDefined();
    expect((await ticket(a.id)).status).toBe('pending_ordering');
    expect(await db().select().from(audits)).toHaveLength(auditsBefore);
    expect(channelMessages()).toHaveLength(0);

    await w.app.driver.submitModal(ADMIN, {
      'Existing and replacement serials': `${await serialOf(a.existingSystemId)} NEW-A\n${await serialOf(b.existingSystemId)} NEW-B`,
    });
    expect(w.app.standIn.topModal(ADMIN)).toBeUndefined();
    await waitFor(async () => (await ticket(b.id)).status === 'pending_itsm_existence');
    await waitFor(() => textOf(channelMessages().at(-1)).includes('Assigned 2 replacements'));
    expect(channelMessages()).toHaveLength(1);
    expect(w.app.standIn.callsTo('chat.postMessage')[0]!.args.text).toBe('Assigning 2 replacements… 0/2');
    expect(textOf(channelMessages()[0])).toContain(
      '2 tickets now waiting for the ITSM to know their replacement (2 replacements not in the inventory yet: their tickets wait under Problems until they are imported or confirmed)',
    );
    expect(await ticket(a.id)).toMatchObject({ status: 'pending_itsm_existence' });
  });

  it('takes the lines in the command text and answers bad ones there, changing nothing', async () => {
    const a = await waiting();
    const used = await makeSystem(db(), w.world, { status: 'replacement' });
    await makeTicket(db(), w.world, { status: 'pending_delivery', replacementSystemId: used.id });
    const reply = await ottoReply(
      w,
      ADMIN,
      `assign ${await serialOf(a.existingSystemId)} ${used.serial}`,
      REFRESH_CHANNEL,
    );
    expect(reply.text).toContain('Nothing was assigned: 1 line of 1 needs fixing.');
    expect(reply.text).toContain(`replacement already used: ${used.serial}`);
    expect((await ticket(a.id)).status).toBe('pending_ordering');

    await w.app.driver.slashCommand(
      ADMIN,
      `assign\n${await serialOf(a.existingSystemId)} FRESH-1`,
      '/otto',
      REFRESH_CHANNEL,
    );
    await waitFor(async () => (await ticket(a.id)).status === 'pending_itsm_existence');
    await waitFor(() => textOf(channelMessages().at(-1)).includes('Assigned 1 replacement'));
  });

  it('refuses anyone but a refresh admin and changes nothing', async () => {
    const a = await waiting();
    const reply = await ottoReply(
      w,
      APPROVER,
      `assign ${await serialOf(a.existingSystemId)} NEW-1`,
      REFRESH_CHANNEL,
    );
    expect(reply.text).toBe('Only refresh admins can assign replacements.');
    const form = await ottoReply(w, APPROVER, 'assign', REFRESH_CHANNEL);
    expect(form.text).toBe('Only refresh admins can assign replacements.');
    expect(w.app.standIn.topModal(APPROVER)).toBeUndefined();
    expect((await ticket(a.id)).status).toBe('pending_ordering');
  });
});

describe('the single-ticket exchange on the edit form', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  it('exchanges a failed replacement and never advances the ticket; the help text says so', async () => {
    const db = w.app.otto.ctx.db;
    const failed = await makeSystem(db, w.world, { status: 'replacement', userId: null });
    const t = await makeTicket(db, w.world, {
      status: 'pending_itsm_existence',
      replacementSystemId: failed.id,
    });
    await ottoReply(w, ADMIN, `ticket ${t.id}`);
    const dm = w.app.standIn.dmChannelId(ADMIN);
    await w.app.driver.clickButton(ADMIN, 'Edit', { surface: 'message', channel: dm });
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain(
      'Exchanging a failed replacement never advances the ticket; assign replacements in bulk to advance it.',
    );
    expect(shown).toContain(failed.serial);
    expect(shown).not.toContain('"Notes"');

    // A serial that is someone's existing computer is refused on the field.
    const busy = await makeTicket(db, w.world, { status: 'pending_customer' });
    const busySerial = (
      await db.select().from(systems).where(eq(systems.id, busy.existingSystemId)).limit(1)
    )[0]!.serial;
    await w.app.driver.submitModal(ADMIN, { 'Replacement serial': busySerial });
    expect(w.app.driver.lastErrors(ADMIN)?.replacement_serial).toContain('it cannot be a replacement');

    await w.app.driver.submitModal(ADMIN, { 'Replacement serial': 'SWAP-0001' });
    const swapped = await waitFor(
      async () => (await db.select().from(systems).where(eq(systems.serial, 'SWAP-0001')).limit(1))[0],
    );
    await waitFor(
      async () =>
        (await db.select().from(refreshTickets).where(eq(refreshTickets.id, t.id)).limit(1))[0]!
          .replacementSystemId === swapped.id,
    );
    expect(
      (await db.select().from(refreshTickets).where(eq(refreshTickets.id, t.id)).limit(1))[0]!.status,
    ).toBe('pending_itsm_existence');
    await waitFor(() =>
      JSON.stringify(w.app.standIn.messages(dm)).includes(`Saved refresh #${t.id}: replacement.`),
    );
  });
});
