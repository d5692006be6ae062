import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../../db/client.js';
import { refreshTickets } from '../../../../db/schema/index.js';
import { ManualClock } from '../../../../src/clock.js';
import type { ServiceContext } from '../../../../src/services/context.js';
import {
  expireUnfinishedWizards,
  sendDueInvitations,
  sendDueReminders,
} from '../../../../src/services/refresh/timers/index.js';
import { openTestDatabase } from '../../../helpers/database.js';
import { makeTicket, seedWorld, type World } from '../../../helpers/factories.js';
import { serviceContext } from '../../../helpers/world.js';
import { at, outboxRows } from './support.js';

let db: Db;
let close: () => Promise<void>;
let ctx: ServiceContext;
let world: World;
let woken: number;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  woken = 0;
  ctx = { ...serviceContext(db, new ManualClock(at('2026-11-16 10:00'))), noticesWritten: () => woken++ };
  world = await seedWorld(db);
});
afterEach(() => close());

const ticketRow = async (id: number) =>
  (await db.select().from(refreshTickets).where(eq(refreshTickets.id, id)).limit(1))[0]!;
const invited = async (invitedAt: string, options: Parameters<typeof makeTicket>[2] = {}) =>
  makeTicket(db, world, { style: 'on_prem', invitedAt: at(invitedAt), ...options });

describe('the wizard clock', async () => {
  it('sends only the last reminder to a ticket that missed the first while the app was down', async () => {
    const ticket = await invited('2026-11-02 10:05');
    expect(await sendDueReminders(ctx, at('2026-11-17 10:10'))).toEqual({ reminded: 1 });
    expect((await outboxRows(db)).map((r) => [r.notice, r.dedupeKey])).toEqual([
      ['wizard_reminder', `reminder:${ticket.id}:${at('2026-11-02 10:05').getTime()}:2:slack_dm`],
      ['wizard_reminder', `reminder:${ticket.id}:${at('2026-11-02 10:05').getTime()}:2:email`],
    ]);
    expect((await ticketRow(ticket.id)).remindersSent).toBe(2);
    expect(await sendDueReminders(ctx, at('2026-11-18 10:10'))).toEqual({ reminded: 0 });
  });

  it('sends no reminder past the deadline: the expiry moves the ticket on instead', async () => {
    await invited('2026-10-20 10:05');
    expect(await sendDueReminders(ctx, at('2026-11-17 10:10'))).toEqual({ reminded: 0 });
    expect(await outboxRows(db)).toEqual([]);
  });

  it('starts again when an approver denies: the customer walks the wizard anew', async () => {
    // Invited 18 business days ago, denied 2 business days ago: not expired, first reminder later.
    const ticket = await invited('2026-10-20 10:05', {
      decidedAt: at('2026-11-12 14:00'),
      denialReason: 'Pick the standard monitor',
      remindersSent: 2,
    });
    expect(await expireUnfinishedWizards(ctx, at('2026-11-16 10:10'))).toEqual({ expired: 0 });
    // 14 business days after Thu Nov 12 14:00, skipping Thanksgiving: Thu Dec 3 14:00.
    expect(await expireUnfinishedWizards(ctx, at('2026-12-03 13:59'))).toEqual({ expired: 0 });
    expect(await expireUnfinishedWizards(ctx, at('2026-12-03 14:00'))).toEqual({ expired: 1 });
    expect((await ticketRow(ticket.id)).status).toBe('pending_location_info');
  });

  it('gives a denied ticket its own reminders when the round starts with none sent', async () => {
    const ticket = await invited('2026-10-20 10:05', { decidedAt: at('2026-11-12 14:00'), remindersSent: 0 });
    expect(await sendDueReminders(ctx, at('2026-11-19 14:10'))).toEqual({ reminded: 1 });
    expect((await outboxRows(db))[0]?.dedupeKey).toBe(
      `reminder:${ticket.id}:${at('2026-11-12 14:00').getTime()}:1:slack_dm`,
    );
  });

  it('leaves customers alone outside business hours, and expires tickets whenever due', async () => {
    await invited('2026-11-02 10:05');
    await makeTicket(db, world, { invitationDueAt: at('2026-11-17 10:05') });
    expect(await sendDueInvitations(ctx, at('2026-11-17 18:30'))).toEqual({ invited: 0, unreachable: 0 });
    expect(await sendDueReminders(ctx, at('2026-11-21 10:10'))).toEqual({ reminded: 0 }); // a Saturday
    expect(await outboxRows(db)).toEqual([]);
    expect(woken).toBe(0);
    // 14 business days after Mon Nov 2, Veterans Day off: Mon Nov 23 10:05; this run is at night.
    expect(await expireUnfinishedWizards(ctx, at('2026-11-24 03:00'))).toEqual({ expired: 1 });
  });

  it('starts the clock of a ticket with nobody on file, so it reaches Problems', async () => {
    const orphan = await makeTicket(db, world, { userId: null, invitationDueAt: at('2026-11-17 10:05') });
    expect(await sendDueInvitations(ctx, at('2026-11-17 10:05'))).toEqual({ invited: 1, unreachable: 1 });
    expect(await outboxRows(db)).toEqual([]);
    expect((await ticketRow(orphan.id)).invitedAt).toEqual(at('2026-11-17 10:05'));
  });

  it('works through more tickets than one chunk, each once', async () => {
    const createdAt = at('2026-11-16 10:00');
    for (let i = 0; i < 250; i++)
      await makeTicket(db, world, { invitationDueAt: ctx.calendar.invitationTime(createdAt) });
    expect(await sendDueInvitations(ctx, at('2026-11-17 10:05'))).toEqual({ invited: 250, unreachable: 0 });
    expect(woken).toBe(2);
    expect(await outboxRows(db)).toHaveLength(500);
    expect(await sendDueReminders(ctx, at('2026-11-24 10:05'))).toEqual({ reminded: 250 });
    expect(await expireUnfinishedWizards(ctx, at('2026-12-08 10:05'))).toEqual({ expired: 250 });
    expect(await sendDueReminders(ctx, at('2026-12-08 10:05'))).toEqual({ reminded: 0 });
  });
});
