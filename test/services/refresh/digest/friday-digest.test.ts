import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.js';
import { configApprovers, emailLog, refreshConfigs } from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import type { RefreshStatus } from '../../../../src/domain/refresh/enums.js';
import { ticketValue } from '../../../../src/slack/values/refresh.js';
import { startTestApp, type TestApp } from '../../../helpers/app.js';
import {
  ADMIN,
  APPROVER,
  MANAGER,
  makeTicket,
  STRANGER,
  seedWorld,
  type World,
} from '../../../helpers/factories.js';
import { inOrder } from '../../../helpers/in-order.js';
import { at, buttonsOf, emails, outboxRows, textOfBlocks } from '../timers/support.js';

let app: TestApp;
let clock: ManualClock;
let world: World;
let db: Db;

beforeEach(async () => {
  clock = new ManualClock(at('2026-11-16 09:00'));
  app = await startTestApp({ clock });
  db = app.otto.ctx.db;
  world = await seedWorld(db);
});
afterEach(async () => app.stop());

async function config(name: string, approver: string): Promise<number> {
  const now = clock.now();
  const id = (
    await db
      .insert(refreshConfigs)
      .values({ name, style: 'on_prem', createdAt: now, updatedAt: now })
      .returning()
  )[0]!.id;
  await db.insert(configApprovers).values({ configId: id, slackUserId: approver });
  return id;
}

async function tickets(configId: number, statuses: RefreshStatus[]): Promise<TicketRow[]> {
  return inOrder(statuses, async (status) => makeTicket(db, world, { status, configId }));
}

type TicketRow = Awaited<ReturnType<typeof makeTicket>>;

async function runDigestAt(local: string) {
  clock.set(at(local));
  expect(await app.otto.scheduler.runJob('approver-digest')).toBe('succeeded');
}

describe('the Friday digest', () => {
  it('sends each approver one DM and one e-mail, what awaits them first; nothing to an approver of no tickets', async () => {
    // Pat approves the seeded configs; Sam one of loaners (no e-mail on file); Morgan and Avery none open.
    const awaiting = await tickets(world.configs.remote_customer, ['requires_approval', 'requires_approval']);
    await tickets(world.configs.on_prem, ['pending_customer', 'pending_customer', 'pending_customer']);
    await tickets(world.configs.no_customer, ['pending_ordering', 'complete']);
    await tickets(await config('Physics loaners', STRANGER), ['on_hold']);
    await config('Chemistry 2027', MANAGER);
    await tickets(await config('History 2025', ADMIN), ['complete', 'canceled']);

    await runDigestAt('2026-11-20 08:00');
    expect((await outboxRows(db)).map((r) => [r.channel, r.recipient, r.notice, r.dedupeKey])).toEqual([
      ['slack_dm', APPROVER, 'approver_digest', `digest:${APPROVER}:2026-W47:slack_dm`],
      ['email', 'pat@example.edu', 'approver_digest', `digest:${APPROVER}:2026-W47:email`],
      ['slack_dm', STRANGER, 'approver_digest', `digest:${STRANGER}:2026-W47:slack_dm`],
    ]);

    await app.otto.dispatcher.runOnce();
    expect((await outboxRows(db)).every((r) => r.status === 'sent')).toBe(true);
    const [dm, ...more] = app.standIn.messages(app.standIn.dmChannelId(APPROVER));
    expect(more).toEqual([]);
    expect(dm?.text).toBe('Your refresh tickets this week: 2 awaiting your approval, 6 open in all.');
    const shown = textOfBlocks(dm?.blocks);
    expect(shown).toContain('Your refresh tickets, Fri 20 Nov');
    const order = [
      'Requires approval* (2)',
      'Pending customer* (3)',
      'Pending ordering* (1)',
      'Closed: 1 complete.',
    ];
    const positions = order.map((heading) => shown.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    const buttons = buttonsOf(dm?.blocks);
    expect(buttons.map((b) => [b.action_id, b.text])).toEqual([
      ['ticket_approve', 'Approve'],
      ['ticket_deny', 'Deny'],
      ['ticket_approve', 'Approve'],
      ['ticket_deny', 'Deny'],
    ]);
    expect(buttons.map((b) => ticketValue.parse(b.value))).toEqual(
      awaiting.flatMap((t) => [t, t].map(() => ({ ticketId: t.id, status: 'requires_approval' }))),
    );

    const sam = app.standIn.messages(app.standIn.dmChannelId(STRANGER));
    expect(sam.map((m) => m.text)).toEqual([
      'Your refresh tickets this week: 1 open, none awaiting your approval.',
    ]);
    expect(textOfBlocks(sam[0]?.blocks)).toContain('On hold* (1)');
    expect(app.standIn.messages(app.standIn.dmChannelId(MANAGER))).toEqual([]);
    expect(app.standIn.messages(app.standIn.dmChannelId(ADMIN))).toEqual([]);

    const mails = emails(app);
    expect(mails).toHaveLength(1);
    const body = mails[0]!.body;
    expect(body).toContain('To: pat@example.edu');
    expect(body.indexOf('Requires approval (2)')).toBeGreaterThan(0);
    expect(body.indexOf('Requires approval (2)')).toBeLessThan(body.indexOf('Pending customer (3)'));
    expect(body).toContain(`#${awaiting[0]!.id}`);
    expect(await db.select().from(emailLog).where(eq(emailLog.to, 'pat@example.edu'))).toMatchObject([
      { ticketId: null, subject: 'Otto weekly: 2 refresh tickets await your approval' },
    ]);
  });

  it('is sent once a week, however often the job runs', async () => {
    await tickets(world.configs.on_prem, ['requires_approval']);
    await runDigestAt('2026-11-20 08:00');
    await runDigestAt('2026-11-20 08:30');
    expect(await outboxRows(db)).toHaveLength(2);
    await runDigestAt('2026-11-27 08:00');
    expect((await outboxRows(db)).map((r) => r.dedupeKey)).toEqual([
      `digest:${APPROVER}:2026-W47:slack_dm`,
      `digest:${APPROVER}:2026-W47:email`,
      `digest:${APPROVER}:2026-W48:slack_dm`,
      `digest:${APPROVER}:2026-W48:email`,
    ]);
  });

  it('stays inside Block Kit limits for an approver of many tickets in every status', async () => {
    const open: RefreshStatus[] = [
      'requires_approval',
      'pending_customer',
      'pending_location_info',
      'pending_ordering',
      'pending_itsm_existence',
      'pending_schedule_slot_discovery',
      'pending_customer_scheduling',
      'pending_delivery',
      'delivery_scheduled',
      'on_hold',
    ];
    const configId = await config('Everything 2026', STRANGER);
    for (const status of open) await tickets(configId, Array(25).fill(status));
    await tickets(configId, ['complete', 'canceled']);

    await runDigestAt('2026-11-20 08:00');
    await app.otto.dispatcher.runOnce();
    // The stand-in refuses blocks past Slack's limits; this one was posted.
    expect((await outboxRows(db)).map((r) => [r.recipient, r.status, r.lastError])).toEqual([
      [STRANGER, 'sent', null],
    ]);
    const [dm] = app.standIn.messages(app.standIn.dmChannelId(STRANGER));
    expect(dm?.blocks?.length).toBeLessThanOrEqual(50);
    expect(textOfBlocks(dm?.blocks)).toContain('…and 15 more on Otto’s Home tab');
    expect(textOfBlocks(dm?.blocks)).toContain('*Pending customer* (25)');
  });
});
