import { and, asc, eq, gt, inArray, isNotNull, lt, lte, ne } from 'drizzle-orm';
import { insertRows } from '../../../../db/bulk.js';
import type { Tx } from '../../../../db/client.js';
import { audits, refreshTickets } from '../../../../db/schema/index.js';
import {
  type CheckedCustomerNotice,
  checkCustomerNotice,
  enqueueCustomerNotices,
} from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { noticeTime, readerFields } from '../../notices/index.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { loadWizardNoticeTargets } from './notice-targets.js';
import {
  businessDayClock,
  latestPossibleStart,
  reminderBusinessDays,
  timerActor,
  timerChunkSize,
  wizardClockStart,
  wizardClockStartOf,
  wizardExpiryBusinessDays,
} from './wizard-clock.js';
import { wizardAsks } from './wording.js';

export interface ReminderRun {
  /** Tickets whose reminder this run recorded (and queued, when someone is on file to receive it). */
  reminded: number;
}

interface DueReminder {
  id: number;
  reminder: 1 | 2;
  sentBefore: number;
  clockStart: Date;
}

/**
 * Reminds customers who have not finished the wizard 5 and 10 business days after the invitation
 * (SPEC §2.2), through the delegate when one is set. `remindersSent` records which went out, so a
 * second run sends nothing; a ticket that missed the first (the app was down) gets only the last.
 */
export async function sendDueReminders(ctx: ServiceContext, now: Date): Promise<ReminderRun> {
  const run: ReminderRun = { reminded: 0 };
  if (!ctx.calendar.isWithinBusinessHours(now)) return run;
  const clock = businessDayClock(ctx.calendar);
  let afterId = 0;
  for (;;) {
    const chunk = await ctx.db.transaction((tx) => remindChunk(tx, ctx, clock, now, afterId));
    if (chunk.lastId === undefined) break;
    if (chunk.reminded > 0) ctx.noticesWritten();
    run.reminded += chunk.reminded;
    afterId = chunk.lastId;
    await yieldToEventLoop();
  }
  return run;
}

async function remindChunk(
  tx: Tx,
  ctx: ServiceContext,
  clock: ReturnType<typeof businessDayClock>,
  now: Date,
  afterId: number,
) {
  const candidates = await tx
    .select({
      id: refreshTickets.id,
      invitedAt: refreshTickets.invitedAt,
      decidedAt: refreshTickets.decidedAt,
      remindersSent: refreshTickets.remindersSent,
    })
    .from(refreshTickets)
    .where(
      and(
        eq(refreshTickets.status, 'pending_customer'),
        ne(refreshTickets.style, 'no_customer'),
        isNotNull(refreshTickets.invitedAt),
        lt(refreshTickets.remindersSent, 2),
        lte(wizardClockStart(), latestPossibleStart(now, reminderBusinessDays[1])),
        gt(refreshTickets.id, afterId),
      ),
    )
    .orderBy(asc(refreshTickets.id))
    .limit(timerChunkSize);
  const lastId = candidates[candidates.length - 1]?.id;

  const due: DueReminder[] = [];
  for (const candidate of candidates) {
    const clockStart = wizardClockStartOf({
      invitedAt: candidate.invitedAt!,
      decidedAt: candidate.decidedAt,
    });
    const passed = (days: number) => clock.passed(clockStart, days, now);
    // Past the deadline a reminder would only mislead: the expiry moves the ticket on instead.
    if (passed(wizardExpiryBusinessDays)) continue;
    const reminder = passed(reminderBusinessDays[2]) ? 2 : passed(reminderBusinessDays[1]) ? 1 : 0;
    if (reminder === 0 || reminder <= candidate.remindersSent) continue;
    due.push({ id: candidate.id, reminder, sentBefore: candidate.remindersSent, clockStart });
  }
  if (due.length === 0) return { lastId, reminded: 0 };

  const targets = await loadWizardNoticeTargets(
    tx,
    due.map((d) => d.id),
  );
  const reminders: CheckedCustomerNotice[] = [];
  for (const { id, reminder, clockStart } of due) {
    const target = targets.get(id);
    if (!target?.audience) continue;
    reminders.push(
      checkCustomerNotice({
        to: target.audience.recipient,
        kind: 'wizard_reminder',
        view: {
          ...readerFields(target.audience, target.supportTeam),
          ticketId: id,
          status: target.status,
          computer: target.computer,
          asks: wizardAsks(target.style, target.unitLocation, target.audience.onBehalfOf),
          deadline: noticeTime.deadline(
            clock.after(clockStart, wizardExpiryBusinessDays),
            ctx.calendar.timeZone,
          ),
          reminder,
          started: target.wizardStarted,
          openApp: ctx.links.openApp,
        },
        ticketId: id,
        // The clock start is in the key: a denial starts a new round whose reminders are new notices.
        dedupeKey: `reminder:${id}:${clockStart.getTime()}:${reminder}`,
      }),
    );
  }
  await enqueueCustomerNotices(tx, reminders, now);

  for (const reminder of [1, 2] as const) {
    const ids = due.filter((d) => d.reminder === reminder).map((d) => d.id);
    if (ids.length === 0) continue;
    await tx
      .update(refreshTickets)
      .set({ remindersSent: reminder, updatedAt: now })
      .where(inArray(refreshTickets.id, ids));
  }
  await insertRows(
    tx,
    audits,
    due.map((d) => ({
      entity: 'refresh_ticket',
      entityId: String(d.id),
      ticketId: d.id,
      action: targets.get(d.id)?.audience ? 'reminder_sent' : 'reminder_unreachable',
      actor: timerActor,
      changes: { remindersSent: { from: d.sentBefore, to: d.reminder } },
      at: now,
    })),
  );
  return { lastId, reminded: due.length };
}
