import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batches, outbox, people, refreshTickets } from '../../../db/schema/index.js';
import { ADMIN, makeSystem } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { type BatchWorld, ottoReply, REFRESH_CHANNEL, startBatchWorld, textOf } from './batch-support.js';

/** The text of a captured e-mail's parts, quoted-printable decoded. */
function decoded(eml: string): string {
  const soft = eml.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < soft.length; i += 1) {
    const hex = soft[i] === '=' ? /^[0-9A-F]{2}/.exec(soft.slice(i + 1, i + 3))?.[0] : undefined;
    if (hex) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

describe('batches with labs and people outside Slack', () => {
  let w: BatchWorld;
  beforeEach(async () => {
    w = await startBatchWorld();
  });
  afterEach(async () => w.app.stop());

  const db = () => w.app.otto.ctx.db;
  const channelMessages = () => w.app.standIn.messages(REFRESH_CHANNEL).filter((m) => !m.ephemeralFor);
  const lastMessage = () => channelMessages().at(-1);
  const emails = () => {
    const dir = join(w.app.dir, 'mail');
    let files: string[] = [];
    try {
      files = readdirSync(dir);
    } catch {
      return [];
    }
    return files.map((file) => decoded(readFileSync(join(dir, file), 'utf8')));
  };

  async function newBatch(name: string, serials: readonly string[]) {
    await w.app.driver.slashCommand(ADMIN, 'batch new', '/otto', REFRESH_CHANNEL);
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { 'Batch name': name, 'Serial numbers': serials.join('\n') });
    const batch = await waitFor(
      async () => (await db().select().from(batches).where(eq(batches.name, name)).limit(1))[0],
    );
    await waitFor(async () => {
      const row = (await db().select().from(batches).where(eq(batches.id, batch.id)).limit(1))[0];
      const message = row?.messageTs ? w.app.standIn.message(REFRESH_CHANNEL, row.messageTs) : undefined;
      return row?.lookedUpAt && message && !message.text.includes('Looking up');
    });
    return batch;
  }

  it('makes no-customer tickets for lab machines without a user, and tells why a customer config cannot', async () => {
    const lab1 = await makeSystem(db(), w.world, { serial: 'LAB-01', userId: null });
    const lab2 = await makeSystem(db(), w.world, { serial: 'LAB-02', userId: null });
    await makeSystem(db(), w.world, { serial: 'LAB-03', userId: null });
    const batch = await newBatch('Labs', [lab1.serial, lab2.serial]);

    const shown = textOf(lastMessage());
    expect(shown).toContain('*No user:* 2');
    expect(shown).toContain('LAB-02 — no user: it can get a no-customer ticket (lab, loaner) only');
    expect(shown).toContain('Create tickets');

    await w.app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: REFRESH_CHANNEL });
    const modal = await waitFor(() => w.app.standIn.topModal(ADMIN));
    expect(textOf(modal)).toContain(
      '2 serials without a user get their tickets only with a no-customer config or *No customer* ticked.',
    );
    await w.app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA no_customer' });
    await waitFor(() => textOf(lastMessage()).includes('Created 2 tickets'));
    expect(textOf(lastMessage())).toContain('Created 2 tickets with *LSA no_customer* (no customer).');
    const made = await db().select().from(refreshTickets).where(eq(refreshTickets.batchId, batch.id));
    expect(made.map((t) => [t.style, t.status, t.userId])).toEqual([
      ['no_customer', 'pending_ordering', null],
      ['no_customer', 'pending_ordering', null],
    ]);

    // One machine at a time: a no-customer config makes the ticket; a customer config says why not.
    const refused = await ottoReply(w, ADMIN, 'create LAB-03 LSA on_prem');
    expect(refused.text).toBe(
      'LAB-03 has no user, so only a no-customer ticket (lab, loaner) can be made for it; no ticket was created.',
    );
    const created = await ottoReply(w, ADMIN, 'create LAB-03 LSA no_customer');
    expect(created.text).toContain('for LAB-03 with *LSA no_customer* (no customer)');
    expect(await db().select().from(refreshTickets)).toHaveLength(3);
  });

  it('warns of a customer without a Slack account, creates their ticket, and e-mails them whom to contact', async () => {
    const [robin] = await db()
      .insert(people)
      .values({
        email: 'robin@example.edu',
        name: 'Robin Roe',
        slackUserId: null,
        slackLookedUpAt: w.clock.now(),
      })
      .returning();
    const outside = await makeSystem(db(), w.world, { userId: robin!.id });
    const inSlack = await makeSystem(db(), w.world);
    await newBatch('Mixed', [outside.serial, inSlack.serial]);

    const shown = textOf(lastMessage());
    expect(shown).toContain('*Ready:* 1');
    expect(shown).toContain('*No Slack account:* 1');
    expect(shown).toContain(
      `${outside.serial} — the user has no Slack account: a ticket can be made, and Otto writes to them by e-mail only`,
    );
    expect(lastMessage()?.text).toBe('Batch Mixed: 2 ready, 0 need attention, 0 tickets created');

    await w.app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: REFRESH_CHANNEL });
    await waitFor(() => w.app.standIn.topModal(ADMIN));
    await w.app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA on_prem' });
    await waitFor(() => textOf(lastMessage()).includes('Created 2 tickets'));
    expect(textOf(lastMessage())).toContain(
      'One customer has no Slack account: Otto writes to them by e-mail only, and tells them whom to contact.',
    );

    // The invitations go out at 10:05 the next business day: Robin gets an e-mail only, which
    // links to the wizard's web page rather than pointing at a Slack message that does not exist.
    w.clock.set(new Date('2026-11-17T15:05:00Z'));
    expect(await w.app.otto.scheduler.runJob('refresh-invitations')).toBe('succeeded');
    const robinTicket = (
      await db().select().from(refreshTickets).where(eq(refreshTickets.existingSystemId, outside.id))
    )[0]!;
    const rows = await db().select().from(outbox).where(eq(outbox.ticketId, robinTicket.id));
    expect(rows.map((r) => [r.notice, r.channel])).toEqual([['invitation', 'email']]);
    await w.app.otto.dispatcher.runOnce();
    const [toRobin, ...others] = emails().filter((eml) => eml.includes('To: robin@example.edu'));
    expect(others).toEqual([]);
    expect(toRobin).toContain(
      'It takes about five minutes and needs no Slack: open the link "Answer on the web" below and answer on Otto’s web page.',
    );
    expect(toRobin).not.toContain('give them your answers');
    expect(toRobin).toContain('To reply or make changes, contact North Campus NIT.');
    expect(toRobin).not.toContain('message to you');
    expect(toRobin).not.toContain('Open Otto');
    // The customer in Slack still reads the usual wording.
    const toCasey = emails().find((eml) => eml.includes('To: casey@example.edu'))!;
    expect(toCasey).toContain('press Start in Otto’s message to you');
  });
});
