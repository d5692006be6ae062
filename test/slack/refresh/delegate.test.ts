import { asc, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { audits, outbox, refreshTickets } from '../../../db/schema/index.js';
import type { ManualClock } from '../../../src/clock.js';
import { APPROVER, CUSTOMER, DELEGATE } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { dmMessages, emails } from '../../services/refresh/approvals/slack-support.js';
import { at, textOfBlocks } from '../../services/refresh/timers/support.js';
import {
  configure,
  modalText,
  modalTitle,
  newTicket,
  next,
  postStartButton,
  startWizardWorld,
  ticketOf,
  type WizardWorld,
} from './wizard-support.js';

describe('a VIP’s delegate, as Otto addresses them', () => {
  let w: WizardWorld;
  afterEach(async () => w?.app.stop());

  it('names the VIP on every wizard page, tells the approver who answered, and follows a denial with the denial only', async () => {
    w = await startWizardWorld();
    const { app } = w;
    const { db } = app.otto.ctx;
    const clock = app.clock as ManualClock;
    clock.set(at('2026-11-16 10:00')); // a Monday
    await configure(w, 'on_prem', { requiresApproval: true, canRequestDifferentDevice: true });
    const ticket = await newTicket(w, 'on_prem', { delegate: true });
    await db
      .update(refreshTickets)
      .set({ invitationDueAt: app.otto.ctx.calendar.invitationTime(clock.now()) })
      .where(eq(refreshTickets.id, ticket.id));

    // Dana walks the wizard from Otto's Home before the invitation goes out.
    await postStartButton(w, DELEGATE, { ticketId: ticket.id, status: 'pending_customer' });
    const opened = app.standIn.callsTo('views.open').length;
    await app.driver.clickButton(DELEGATE, 'Start', {
      surface: 'message',
      channel: app.standIn.dmChannelId(DELEGATE),
    });
    await waitFor(() => app.standIn.callsTo('views.open').length > opened);
    const pages: string[] = [modalText(w, DELEGATE)];
    expect(pages[0]).toContain('Otto’s records put Casey Customer’s computer');
    expect(pages[0]).toContain('where Casey Customer’s new computer should go');
    expect(pages[0]).toContain('for Casey Customer, as their delegate');
    expect(await next(w, DELEGATE)).toBe('Refresh · 2 of 4');
    pages.push(modalText(w, DELEGATE));
    expect(pages[1]).toContain('Casey Customer’s new computer will be');
    expect(pages[1]).toContain('Does this computer work for Casey Customer?');
    await next(w, DELEGATE, {
      'Does this computer work for Casey Customer?': 'Yes, it works for Casey Customer',
    });
    pages.push(modalText(w, DELEGATE));
    await next(w, DELEGATE);
    pages.push(modalText(w, DELEGATE));
    expect(modalTitle(w, DELEGATE)).toBe('Refresh · 4 of 4');
    expect(pages[3]).toContain('your choices go to the approver');
    for (const page of pages) {
      expect(page).not.toMatch(/your (new )?computer|your unit|your approver/i);
    }
    await next(w, DELEGATE);
    expect((await ticketOf(w, ticket.id)).status).toBe('requires_approval');

    // The approver reads who answered, for whom.
    await app.otto.dispatcher.runOnce();
    const request = dmMessages(app, APPROVER).at(-1)!;
    expect(textOfBlocks(request.blocks)).toContain(
      'Dana Delegate finished the wizard for Casey Customer’s computer',
    );
    expect(textOfBlocks(request.blocks)).not.toContain('Casey Customer finished the wizard');
    const approverMail = emails(app).find((m) => m.body.includes('To: pat@example.edu'));
    expect(approverMail?.body).toContain(
      'Dana Delegate finished the refresh wizard for Casey Customer’s computer',
    );

    // The approver denies from the DM.
    await app.driver.clickButton(APPROVER, 'Deny', {
      surface: 'message',
      channel: app.standIn.dmChannelId(APPROVER),
    });
    await waitFor(() => app.standIn.topModal(APPROVER));
    await app.driver.submitModal(APPROVER, { 'Why? The customer sees this': 'Please confirm the room.' });
    await waitFor(async () => (await ticketOf(w, ticket.id)).status === 'pending_customer');
    await app.otto.dispatcher.runOnce();
    const denial = dmMessages(app, DELEGATE).at(-1)!;
    expect(denial.text).toContain('needs another look: Please confirm the room.');
    expect(textOfBlocks(denial.blocks)).toContain('Casey Customer’s computer');

    // The next day's invitation run sends nothing: the denial was the call to walk it again.
    const noticesBefore = await db.select().from(outbox).orderBy(asc(outbox.id));
    clock.set(at('2026-11-17 10:05'));
    expect(await app.otto.scheduler.runJob('refresh-invitations')).toBe('succeeded');
    const noticesAfter = await db.select().from(outbox).orderBy(asc(outbox.id));
    expect(noticesAfter.length).toBe(noticesBefore.length);
    expect(noticesAfter.filter((n) => n.notice === 'invitation')).toEqual([]);
    const decided = await ticketOf(w, ticket.id);
    expect(decided.invitedAt).toEqual(decided.decidedAt);
    const audit = await db.select().from(audits).where(eq(audits.ticketId, ticket.id));
    expect(audit.map((a) => a.action)).toContain('invitation_not_needed');
    expect(audit.map((a) => a.action)).not.toContain('invitation_sent');
    expect(app.standIn.messages(app.standIn.dmChannelId(CUSTOMER))).toEqual([]);

    // Five business days after the denial the delegate is reminded, about Casey's computer.
    clock.set(at('2026-11-23 10:05'));
    expect(await app.otto.scheduler.runJob('refresh-reminders')).toBe('succeeded');
    await app.otto.dispatcher.runOnce();
    const reminder = dmMessages(app, DELEGATE).at(-1)!;
    expect(textOfBlocks(reminder.blocks)).toContain('Reminder: Casey Customer’s computer refresh');
    expect(textOfBlocks(reminder.blocks)).not.toContain('your computer');
  });

  it('invites the delegate about the VIP’s computer, not their own', async () => {
    w = await startWizardWorld();
    const { app } = w;
    const clock = app.clock as ManualClock;
    clock.set(at('2026-11-16 10:00'));
    const ticket = await newTicket(w, 'remote_customer', { delegate: true });
    await app.otto.ctx.db
      .update(refreshTickets)
      .set({ invitationDueAt: app.otto.ctx.calendar.invitationTime(clock.now()) })
      .where(eq(refreshTickets.id, ticket.id));
    clock.set(at('2026-11-17 10:05'));
    expect(await app.otto.scheduler.runJob('refresh-invitations')).toBe('succeeded');
    await app.otto.dispatcher.runOnce();
    const invitation = dmMessages(app, DELEGATE).at(-1)!;
    const text = textOfBlocks(invitation.blocks);
    expect(text).toContain('Time to refresh Casey Customer’s computer');
    expect(text).toContain('Tell us where to ship Casey Customer’s new computer');
    expect(text).not.toMatch(/your (new )?computer/i);
    const mail = emails(app).find((m) => m.body.includes('To: dana@example.edu'));
    expect(mail?.body).toContain('Time to refresh Casey Customer’s computer');
    expect(mail?.body).toContain('Tell us where to ship Casey Customer’s new computer');
    expect(mail?.body).not.toMatch(/your (new )?computer/i);
  });
});
