import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audits, emailLog, refreshTickets } from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import { addDays } from '../../../../src/domain/calendar/index.js';
import { ticketValue } from '../../../../src/slack/values/refresh.js';
import { startTestApp, type TestApp } from '../../../helpers/app.js';
import { CUSTOMER, DELEGATE, makeTicket, seedWorld, type World } from '../../../helpers/factories.js';
import { at, buttonsOf, emails, outboxRows, textOfBlocks } from './support.js';

let app: TestApp;
let clock: ManualClock;
let world: World;

beforeEach(async () => {
  clock = new ManualClock(at('2026-11-16 10:00')); // a Monday
  // Thanksgiving (Thu Nov 26) is a public holiday; the university also closes the day after.
  app = await startTestApp({ clock, env: { OTTO_CLOSURE_DAYS: '2026-11-27' } });
  world = await seedWorld(app.otto.ctx.db);
});
afterEach(async () => app.stop());

const db = () => app.otto.ctx.db;
const ticketRow = async (id: number) =>
  (await db().select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;

async function run(job: 'refresh-invitations' | 'refresh-reminders', local: string) {
  clock.set(at(local));
  expect(await app.otto.scheduler.runJob(job)).toBe('succeeded');
}

/** Created Monday Nov 16, invited by the job at 10:05 on Tuesday Nov 17. */
async function invitedTicket(options: Parameters<typeof makeTicket>[2] = {}) {
  const createdAt = at('2026-11-16 10:00');
  const ticket = await makeTicket(db(), world, {
    style: 'on_prem',
    now: createdAt,
    invitationDueAt: app.otto.ctx.calendar.invitationTime(createdAt),
    ...options,
  });
  await run('refresh-invitations', '2026-11-17 10:05');
  return ticket;
}

const expiries = async () =>
  (await db().select({ id: audits.id }).from(audits).where(eq(audits.action, 'wizard_expired'))).length;

/** Runs the reminders job twice at 10:10 every day through `lastDay`; returns what each day did. */
async function everyDayThrough(lastDay: string) {
  const timeline: Record<string, string[]> = {};
  let notices = (await outboxRows(db())).length;
  let moves = await expiries();
  for (let day = '2026-11-18'; day <= lastDay; day = addDays(day, 1)) {
    await run('refresh-reminders', `${day} 10:10`);
    await run('refresh-reminders', `${day} 10:11`);
    const rows = await outboxRows(db());
    const done = rows.slice(notices).map((r) => `${r.notice}:${r.channel}:${r.recipient}`);
    if ((await expiries()) > moves) done.push('wizard_expired');
    notices = rows.length;
    moves = await expiries();
    if (done.length > 0) timeline[day] = done;
  }
  return timeline;
}

describe('wizard reminders and the 14-day move, across Thanksgiving and a closure day', () => {
  it('remind after 5 and 10 business days and move the ticket after 14, each once', async () => {
    const ticket = await invitedTicket();
    const timeline = await everyDayThrough('2026-12-10');

    // Business days after Tue Nov 17: Nov 18 19 20 23 [24 = 5th] 25, (26 Thanksgiving, 27 closed),
    // 30, Dec 1 2 [3 = 10th] 4 7 8 [9 = 14th].
    expect(timeline).toEqual({
      '2026-11-24': ['wizard_reminder:slack_dm:U0CUSTOMR', 'wizard_reminder:email:casey@example.edu'],
      '2026-12-03': ['wizard_reminder:slack_dm:U0CUSTOMR', 'wizard_reminder:email:casey@example.edu'],
      '2026-12-09': ['wizard_expired'],
    });
    expect(await ticketRow(ticket.id)).toMatchObject({ status: 'pending_location_info', remindersSent: 2 });
    expect(
      await db()
        .select({ action: audits.action, actor: audits.actor, at: audits.at })
        .from(audits)
        .where(eq(audits.ticketId, ticket.id)),
    ).toEqual([
      { action: 'invitation_sent', actor: 'otto', at: at('2026-11-17 10:05') },
      { action: 'reminder_sent', actor: 'otto', at: at('2026-11-24 10:10') },
      { action: 'reminder_sent', actor: 'otto', at: at('2026-12-03 10:10') },
      { action: 'wizard_expired', actor: 'otto', at: at('2026-12-09 10:10') },
    ]);
  });

  it('fall due at the invitation’s wall-clock time on the 5th business day, not before', async () => {
    await invitedTicket();
    const before = (await outboxRows(db())).length;
    await run('refresh-reminders', '2026-11-24 10:04');
    expect(await outboxRows(db())).toHaveLength(before);
    await run('refresh-reminders', '2026-11-24 10:05');
    expect(await outboxRows(db())).toHaveLength(before + 2);
  });

  it('carry the wizard button and the deadline, and land as e-mails logged on the ticket', async () => {
    const ticket = await invitedTicket();
    await run('refresh-reminders', '2026-11-24 10:10');
    await app.otto.dispatcher.runOnce();
    await db()
      .update(refreshTickets)
      .set({ wizardState: { page: 'device' } })
      .where(eq(refreshTickets.id, ticket.id));
    await run('refresh-reminders', '2026-12-03 10:10');
    await app.otto.dispatcher.runOnce();

    const [invitation, first, last] = app.standIn.messages(app.standIn.dmChannelId(CUSTOMER));
    expect(invitation?.text).toContain('is due for a refresh');
    expect(first?.text).toMatch(/^Reminder: your computer .* Please finish by Wed 9 Dec, 10:05\.$/);
    expect(buttonsOf(first?.blocks)).toMatchObject([{ action_id: 'wizard_start', text: 'Start' }]);
    expect(ticketValue.parse(buttonsOf(first?.blocks)[0]?.value)).toEqual({
      ticketId: ticket.id,
      status: 'pending_customer',
    });
    expect(last?.text).toMatch(/^Last reminder: /);
    // The customer saved answers in between: the button continues where they left off.
    expect(buttonsOf(last?.blocks)).toMatchObject([{ action_id: 'wizard_start', text: 'Continue' }]);
    expect(textOfBlocks(last?.blocks)).toContain('Otto kept your answers');

    expect(
      (
        await db()
          .select({ subject: emailLog.subject })
          .from(emailLog)
          .where(eq(emailLog.ticketId, ticket.id))
      ).map((r) => r.subject),
    ).toEqual([
      `Your computer is due for a refresh (#${ticket.id})`,
      `Reminder: your computer refresh (#${ticket.id})`,
      `Last reminder: your computer refresh (#${ticket.id})`,
    ]);
    const lastMail = emails(app).find((m) => m.body.includes('Subject: Last reminder'));
    expect(lastMail?.body).toContain('Please finish by Wed 9 Dec, 10:05');
  });

  it('go to the delegate instead of the user', async () => {
    await invitedTicket({ delegate: true });
    const timeline = await everyDayThrough('2026-11-24');
    expect(timeline).toEqual({
      '2026-11-24': ['wizard_reminder:slack_dm:U0DELEGAT', 'wizard_reminder:email:dana@example.edu'],
    });
    await app.otto.dispatcher.runOnce();
    expect(app.standIn.messages(app.standIn.dmChannelId(DELEGATE)).map((m) => m.text)).toEqual([
      expect.stringContaining('Casey Customer’s computer'),
      expect.stringMatching(/^Reminder: Casey Customer’s computer/),
    ]);
  });

  it('stop once the customer finishes the wizard', async () => {
    const ticket = await invitedTicket();
    await db()
      .update(refreshTickets)
      .set({ status: 'requires_approval' })
      .where(eq(refreshTickets.id, ticket.id));
    expect(await everyDayThrough('2026-12-10')).toEqual({});
    expect((await ticketRow(ticket.id)).status).toBe('requires_approval');
  });
});
