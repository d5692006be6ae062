// Issue 3's headline flow, end to end through the Slack stand-in: a remote ticket from a batch
// to its invitation at 10:05 the next business day, the wizard, the approval, pending_ordering.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { batches, emailLog, refreshConfigs, refreshTickets } from '../../db/schema/index.js';
import { ManualClock } from '../../src/clock.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ADMIN, APPROVER, CUSTOMER, makeSystem, seedWorld } from '../helpers/factories.js';
import { waitFor } from '../helpers/slack.js';

const CHANNEL = 'C0REFRESH';

describe('a remote refresh, from batch to pending_ordering', () => {
  let app: TestApp;
  afterEach(async () => app?.stop());

  const dmTexts = (userId: string) =>
    app.standIn
      .messages(app.standIn.dmChannelId(userId))
      .map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`);

  it('invites at 10:05 the next business day, takes the wizard, the approval, and reaches pending_ordering', async () => {
    // Monday 2026-11-16, 17:59 in Detroit: still the creation day.
    const clock = new ManualClock('2026-11-16T22:59:00Z');
    app = await startTestApp({ clock });
    const db = app.otto.ctx.db;
    const world = await seedWorld(db, clock.now());
    await db
      .update(refreshConfigs)
      .set({ requiresApproval: true })
      .where(eq(refreshConfigs.id, world.configs.remote_customer));
    const system = await makeSystem(db, world);

    // The admin makes a batch of one serial and creates its ticket.
    await app.driver.slashCommand(ADMIN, 'batch new', '/otto', CHANNEL);
    await waitFor(() => app.standIn.topModal(ADMIN));
    await app.driver.submitModal(ADMIN, { 'Batch name': 'Fall refresh', 'Serial numbers': system.serial });
    await waitFor(async () => {
      const batch = (await db.select().from(batches).where(eq(batches.name, 'Fall refresh')).limit(1))[0];
      const message = batch?.messageTs ? app.standIn.message(CHANNEL, batch.messageTs) : undefined;
      return (
        message &&
        !message.text.includes('Looking up') &&
        JSON.stringify(message.blocks).includes('Create tickets')
      );
    });
    await app.driver.clickButton(ADMIN, 'Create tickets', { surface: 'message', channel: CHANNEL });
    await waitFor(() => app.standIn.topModal(ADMIN));
    await app.driver.submitModal(ADMIN, { 'Refresh config': 'LSA remote_customer' });
    const ticket = await waitFor(async () => (await db.select().from(refreshTickets).limit(1))[0]);
    expect(ticket).toMatchObject({ status: 'pending_customer', style: 'remote_customer' });
    expect(ticket.invitationDueAt).toEqual(new Date('2026-11-17T15:05:00Z')); // Tue 10:05 EST

    // Nothing goes out before 10:05 on Tuesday; at 10:05 the customer gets a DM and an e-mail.
    clock.set('2026-11-17T15:04:00Z');
    await app.otto.scheduler.runJob('refresh-invitations');
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER)).toEqual([]);
    clock.set('2026-11-17T15:05:00Z');
    await app.otto.scheduler.runJob('refresh-invitations');
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).join()).toContain('Start');
    const [invitationMail] = await db.select().from(emailLog).where(eq(emailLog.ticketId, ticket.id));
    expect(invitationMail).toMatchObject({ to: 'casey@example.edu' });
    const eml = readdirSync(join(app.dir, 'mail')).map((f) => readFileSync(join(app.dir, 'mail', f), 'utf8'));
    expect(eml.join()).toContain('To: casey@example.edu');

    // The customer walks the wizard from the DM's Start button.
    await app.driver.clickButton(CUSTOMER, 'Start', {
      surface: 'message',
      channel: app.standIn.dmChannelId(CUSTOMER),
    });
    await waitFor(() => app.standIn.topModal(CUSTOMER));
    await app.driver.submitModal(CUSTOMER, {
      Recipient: 'Casey Customer',
      'Street address': '500 S State St',
      City: 'Ann Arbor',
      'State or region': 'MI',
      'ZIP or postal code': '48109',
      Country: 'US',
    });
    for (
      let page = 0;
      page < 5 && (await db.select().from(refreshTickets).limit(1))[0]?.status === 'pending_customer';
      page++
    ) {
      await app.driver.submitModal(CUSTOMER);
    }
    expect((await db.select().from(refreshTickets).limit(1))[0]?.status).toBe('requires_approval');

    // The approver is told, and approves from the DM.
    await app.otto.dispatcher.runOnce();
    await waitFor(() => dmTexts(APPROVER).some((text) => text.includes('Approve')));
    const response = await app.driver.clickButton(APPROVER, 'Approve', {
      surface: 'message',
      channel: app.standIn.dmChannelId(APPROVER),
    });
    expect(response.status).toBe(200);
    const approved = await waitFor(async () => {
      const current = (await db.select().from(refreshTickets).limit(1))[0];
      return current?.status === 'pending_ordering' ? current : undefined;
    });
    expect(approved).toMatchObject({ decidedBy: APPROVER, decidedAt: clock.now() });

    // The customer hears of it by DM and e-mail.
    await app.otto.dispatcher.runOnce();
    expect(dmTexts(CUSTOMER).some((text) => /approved/i.test(text))).toBe(true);
    const mails = await db.select().from(emailLog).where(eq(emailLog.ticketId, ticket.id));
    expect(mails.map((m) => m.subject).join(' | ')).toMatch(/approved/i);
  });
});
