import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { refreshTickets } from '../../../db/schema/index.js';
import type { ManualClock } from '../../../src/clock.js';
import { APPROVER, CUSTOMER } from '../../helpers/factories.js';
import { waitFor } from '../../helpers/slack.js';
import { dmMessages, openHome } from '../../services/refresh/approvals/slack-support.js';
import { at } from '../../services/refresh/timers/support.js';
import {
  configure,
  modalText,
  modalTitle,
  newTicket,
  next,
  startWizardWorld,
  type WizardWorld,
} from './wizard-support.js';

/** The customer's Home as a reader sees it: the lines of the "Your refresh" part. */
const refreshPart = (home: string) => {
  const blocks = JSON.parse(home) as Array<{ type: string; text?: { text: string } }>;
  const start = blocks.findIndex((b) => b.type === 'header' && b.text?.text === 'Your refresh');
  // Up to the next section of the Home (the service desk's, below).
  const rest = blocks.slice(start + 1);
  const end = rest.findIndex((b) => b.type === 'header' || b.type === 'divider');
  return (end < 0 ? rest : rest.slice(0, end)).flatMap((b) =>
    b.type === 'section' && b.text ? b.text.text.split('\n') : [],
  );
};

describe('the customer’s Home: a timeline of their refresh and the one next step', () => {
  let w: WizardWorld;
  afterEach(async () => w?.app.stop());

  it('shows the stages done, now and next with their days, and what happens next and when after the wizard', async () => {
    w = await startWizardWorld();
    const { app } = w;
    const clock = app.clock as ManualClock;
    clock.set(at('2026-11-16 10:00')); // a Monday
    await configure(w, 'on_prem', { requiresApproval: true });
    const ticket = await newTicket(w, 'on_prem');
    await app.otto.ctx.db
      .update(refreshTickets)
      .set({ invitationDueAt: app.otto.ctx.calendar.invitationTime(clock.now()) })
      .where(eq(refreshTickets.id, ticket.id));
    clock.set(at('2026-11-17 10:05'));
    expect(await app.otto.scheduler.runJob('refresh-invitations')).toBe('succeeded');

    // Before the wizard: the answers are due, 14 business days after the invitation.
    expect(refreshPart(await openHome(app, CUSTOMER))).toEqual([
      `*#${ticket.id}* · LSA-PC-${ticket.existingSystemId} (SN${String(ticket.existingSystemId).padStart(5, '0')})`,
      ':arrow_forward: *Answers to Otto’s questions* · since Mon 16 Nov',
      ':white_circle: Approval',
      ':white_circle: Ordering the new computer',
      ':white_circle: Picking a delivery time',
      ':white_circle: Delivery and set-up',
      '*Next:* Answer a few questions about your new computer (about five minutes) by *Tue 8 Dec, 10:05*.',
    ]);
    const home = JSON.parse(await openHome(app, CUSTOMER)) as Array<{
      accessory?: { text: { text: string } };
    }>;
    expect(home.flatMap((b) => (b.accessory ? [b.accessory.text.text] : []))).toEqual(['Start']);

    // The customer walks the wizard from the Home on Wednesday; the last page says what comes next.
    clock.set(at('2026-11-18 09:00'));
    const opened = app.standIn.callsTo('views.open').length;
    await app.driver.clickButton(CUSTOMER, 'Start', { surface: 'home' });
    await waitFor(() => app.standIn.callsTo('views.open').length > opened);
    for (let page = 0; page < 6 && modalTitle(w, CUSTOMER) !== 'Refresh submitted'; page++) {
      await next(w, CUSTOMER);
    }
    expect(modalTitle(w, CUSTOMER)).toBe('Refresh submitted');
    expect(modalText(w, CUSTOMER)).toContain(
      '*Next:* your approver approves or sends the choices back. If they have not decided by *Fri 20 Nov, 08:00*, their weekly digest reminds them.',
    );

    expect(refreshPart(await openHome(app, CUSTOMER)).slice(1)).toEqual([
      ':white_check_mark: Answers to Otto’s questions · done Wed 18 Nov',
      ':arrow_forward: *Approval* · since Wed 18 Nov',
      ':white_circle: Ordering the new computer',
      ':white_circle: Picking a delivery time',
      ':white_circle: Delivery and set-up',
      '*Next:* The approver decides on the choices; their weekly digest reminds them on Fri 20 Nov, 08:00. Otto messages you when they decide.',
    ]);

    // The approver approves on Thursday: ordering is now, and the customer learns what follows it.
    clock.set(at('2026-11-19 11:00'));
    await app.otto.dispatcher.runOnce();
    expect(dmMessages(app, APPROVER).length).toBeGreaterThan(0);
    await app.driver.clickButton(APPROVER, 'Approve', {
      surface: 'message',
      channel: app.standIn.dmChannelId(APPROVER),
    });
    await waitFor(async () => {
      const [row] = await app.otto.ctx.db
        .select({ status: refreshTickets.status })
        .from(refreshTickets)
        .where(eq(refreshTickets.id, ticket.id));
      return row?.status === 'pending_ordering';
    });
    const after = refreshPart(await openHome(app, CUSTOMER)).slice(1);
    expect(after).toEqual([
      ':white_check_mark: Answers to Otto’s questions · done Wed 18 Nov',
      ':white_check_mark: Approval · done Thu 19 Nov',
      ':arrow_forward: *Ordering the new computer* · since Thu 19 Nov',
      ':white_circle: Picking a delivery time',
      ':white_circle: Delivery and set-up',
      '*Next:* Your new computer is being ordered. When it is ready, Otto asks you to pick a delivery time.',
    ]);
  });
});
