import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, emailLog, people, refreshTickets } from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import { ticketValue } from '../../../../src/slack/values/refresh.js';
import { startTestApp, type TestApp } from '../../../helpers/app.js';
import { CUSTOMER, DELEGATE, makeTicket, seedWorld, type World } from '../../../helpers/factories.js';
import { at, buttonsOf, emails, outboxRows, textOfBlocks } from './support.js';

let app: TestApp;
let clock: ManualClock;
let world: World;

beforeEach(async () => {
  clock = new ManualClock(at('2026-11-16 10:00')); // a Monday
  app = await startTestApp({ clock });
  world = await seedWorld(app.otto.ctx.db);
});
afterEach(async () => app.stop());

/** A customer ticket as creation makes it: due at the SPEC §2.2 invitation time. */
async function customerTicket(createdAt: Date, options: Parameters<typeof makeTicket>[2] = {}) {
  return makeTicket(app.otto.ctx.db, world, {
    style: 'remote_customer',
    now: createdAt,
    invitationDueAt: app.otto.ctx.calendar.invitationTime(createdAt),
    ...options,
  });
}

async function runInvitationsAt(local: string) {
  clock.set(at(local));
  expect(await app.otto.scheduler.runJob('refresh-invitations')).toBe('succeeded');
}

const ticketRow = async (id: number) =>
  (await app.otto.ctx.db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;

describe('invitations', () => {
  it('go out at 10:05 on the next business day: a DM with Start and an e-mail logged on the ticket', async () => {
    const ticket = await customerTicket(at('2026-11-16 10:00'));

    await runInvitationsAt('2026-11-16 10:05'); // the day of creation
    await runInvitationsAt('2026-11-17 10:04'); // a minute early
    expect(await outboxRows(app.otto.ctx.db)).toEqual([]);

    await runInvitationsAt('2026-11-17 10:05');
    const rows = await outboxRows(app.otto.ctx.db);
    expect(rows.map((r) => [r.channel, r.recipient, r.notice, r.ticketId, r.dedupeKey])).toEqual([
      ['slack_dm', CUSTOMER, 'invitation', ticket.id, `invitation:${ticket.id}:slack_dm`],
      ['email', 'casey@example.edu', 'invitation', ticket.id, `invitation:${ticket.id}:email`],
    ]);
    expect((await ticketRow(ticket.id)).invitedAt).toEqual(at('2026-11-17 10:05'));
    expect(
      await app.otto.ctx.db
        .select({ action: audits.action, actor: audits.actor })
        .from(audits)
        .where(eq(audits.ticketId, ticket.id)),
    ).toEqual([{ action: 'invitation_sent', actor: 'otto' }]);

    // Writing the notices wakes the outbox; runOnce waits for that run and delivers anything left.
    await app.otto.dispatcher.runOnce();
    expect((await outboxRows(app.otto.ctx.db)).map((r) => r.status)).toEqual(['sent', 'sent']);
    const [dm] = app.standIn.messages(app.standIn.dmChannelId(CUSTOMER));
    expect(dm?.text).toContain('is due for a refresh');
    const [start] = buttonsOf(dm?.blocks);
    expect(start).toMatchObject({ action_id: 'wizard_start', text: 'Start' });
    expect(ticketValue.parse(start?.value)).toEqual({
      ticketId: ticket.id,
      status: 'pending_customer',
    });
    // 14 business days after Tue Nov 17, skipping Thanksgiving (Thu Nov 26).
    expect(textOfBlocks(dm?.blocks)).toContain('Tue 8 Dec, 10:05');

    const [mail] = emails(app);
    expect(mail?.body).toContain('To: casey@example.edu');
    expect(mail?.body).toContain(`Subject: Your computer is due for a refresh (#${ticket.id})`);
    expect(mail?.body).toContain('Tell us where to ship your new computer');
    expect(mail?.body).toContain(app.otto.ctx.links.openApp);
    expect(
      await app.otto.ctx.db.select().from(emailLog).where(eq(emailLog.ticketId, ticket.id)),
    ).toMatchObject([
      { to: 'casey@example.edu', subject: `Your computer is due for a refresh (#${ticket.id})` },
    ]);
  });

  it('are sent once, however often the job runs', async () => {
    await customerTicket(at('2026-11-16 10:00'));
    await runInvitationsAt('2026-11-17 10:05');
    await runInvitationsAt('2026-11-17 10:06');
    await runInvitationsAt('2026-11-18 10:05');
    expect(await outboxRows(app.otto.ctx.db)).toHaveLength(2);
  });

  it('wait a further business day for a ticket created after 18:00', async () => {
    const late = await customerTicket(at('2026-11-16 18:01'));
    await runInvitationsAt('2026-11-17 10:05');
    expect(await outboxRows(app.otto.ctx.db)).toEqual([]);
    await runInvitationsAt('2026-11-18 10:05');
    expect((await outboxRows(app.otto.ctx.db)).map((r) => r.ticketId)).toEqual([late.id, late.id]);
  });

  it('go to the delegate instead of the user', async () => {
    const ticket = await customerTicket(at('2026-11-16 10:00'), { delegate: true });
    await runInvitationsAt('2026-11-17 10:05');
    expect((await outboxRows(app.otto.ctx.db)).map((r) => [r.channel, r.recipient])).toEqual([
      ['slack_dm', DELEGATE],
      ['email', 'dana@example.edu'],
    ]);

    await app.otto.dispatcher.runOnce();
    expect(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER))).toEqual([]);
    const [dm] = app.standIn.messages(app.standIn.dmChannelId(DELEGATE));
    expect(dm?.text).toContain('Casey Customer’s computer');
    expect(textOfBlocks(dm?.blocks)).toContain('as Casey Customer’s delegate');
    const [mail] = emails(app);
    expect(mail?.body).toContain('To: dana@example.edu');
    expect(
      await app.otto.ctx.db.select().from(emailLog).where(eq(emailLog.ticketId, ticket.id)),
    ).toMatchObject([
      { to: 'dana@example.edu', subject: `Casey Customer’s computer is due for a refresh (#${ticket.id})` },
    ]);
  });

  it('reach a customer Otto knows by e-mail only, with no name on file', async () => {
    await app.otto.ctx.db.update(people).set({ name: null }).where(eq(people.id, world.people.customer));
    const ticket = await customerTicket(at('2026-11-16 10:00'));
    await runInvitationsAt('2026-11-17 10:05');
    expect((await outboxRows(app.otto.ctx.db)).map((r) => [r.channel, r.recipient])).toEqual([
      ['slack_dm', CUSTOMER],
      ['email', 'casey@example.edu'],
    ]);
    const actions = await app.otto.ctx.db
      .select({ action: audits.action })
      .from(audits)
      .where(eq(audits.ticketId, ticket.id));
    expect(actions).toEqual([{ action: 'invitation_sent' }]);
  });

  it('are never sent for no-customer tickets', async () => {
    const lab = await makeTicket(app.otto.ctx.db, world, {
      style: 'no_customer',
      status: 'pending_ordering',
      now: at('2026-11-16 10:00'),
    });
    await runInvitationsAt('2026-11-17 10:05');
    await runInvitationsAt('2026-11-18 10:05');
    expect(await outboxRows(app.otto.ctx.db)).toEqual([]);
    expect(await ticketRow(lab.id)).toMatchObject({ status: 'pending_ordering', invitedAt: null });
  });

  it('skip tickets that moved on before their time, and wait for held ones to come back', async () => {
    const submitted = await customerTicket(at('2026-11-16 10:00'), { status: 'requires_approval' });
    const held = await customerTicket(at('2026-11-16 10:00'), {
      status: 'on_hold',
      statusBeforeHold: 'pending_customer',
    });
    await runInvitationsAt('2026-11-17 10:05');
    expect(await outboxRows(app.otto.ctx.db)).toEqual([]);

    await app.otto.ctx.db
      .update(refreshTickets)
      .set({ status: 'pending_customer', statusBeforeHold: null })
      .where(eq(refreshTickets.id, held.id));
    await runInvitationsAt('2026-11-18 10:05');
    expect((await outboxRows(app.otto.ctx.db)).map((r) => r.ticketId)).toEqual([held.id, held.id]);
    expect((await ticketRow(submitted.id)).invitedAt).toBeNull();
  });

  it('wait for business hours when a late catch-up finds them due', async () => {
    await customerTicket(at('2026-11-16 10:00'));
    await runInvitationsAt('2026-11-17 19:30');
    expect(await outboxRows(app.otto.ctx.db)).toEqual([]);
    await runInvitationsAt('2026-11-18 10:05');
    expect(await outboxRows(app.otto.ctx.db)).toHaveLength(2);
  });
});
