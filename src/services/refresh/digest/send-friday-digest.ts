import { DateTime } from 'luxon';
import {
  type CheckedCustomerNotice,
  type CustomerNoticeInput,
  checkCustomerNotice,
  enqueueCustomerNotices,
} from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { noticeTime } from '../../notices/index.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { type ApproverDigest, buildApproverDigests } from './build-approver-digests.js';

export interface DigestRun {
  /** Approvers sent a digest this run (those with an open ticket, not sent one this week). */
  approvers: number;
  emails: number;
  /** Digests that could not be written, e.g. an approver id that is not a Slack user id. */
  failed: Array<{ approver: string; error: string }>;
}

/** '2026-W47' in the organisation's time zone: one digest per approver per week, however often the job runs. */
export function isoWeekOf(instant: Date, timeZone: string): string {
  const local = DateTime.fromJSDate(instant, { zone: timeZone });
  return `${local.weekYear}-W${String(local.weekNumber).padStart(2, '0')}`;
}

/** Approvers written per transaction; the event loop gets a turn between two. */
const approversPerChunk = 250;

/**
 * Friday 08:00 (SPEC §2.2): every approver with open tickets gets one DM and one e-mail (when
 * Otto knows their address) listing their configs' tickets by status, what awaits them first.
 * The week in the dedupe key makes a second run that week send nothing.
 */
export async function sendFridayDigest(ctx: ServiceContext, now: Date): Promise<DigestRun> {
  const digests = await buildApproverDigests(ctx);
  const week = isoWeekOf(now, ctx.calendar.timeZone);
  const weekOf = noticeTime.day(now, ctx.calendar.timeZone);
  const run: DigestRun = { approvers: 0, emails: 0, failed: [] };
  for (let from = 0; from < digests.length; from += approversPerChunk) {
    // Each approver's pair is checked first: a notice its checks refuse (a malformed address)
    // costs only that approver's digest, never half of it or anyone else's.
    const checked: CheckedCustomerNotice[] = [];
    for (const digest of digests.slice(from, from + approversPerChunk)) {
      try {
        checked.push(checkCustomerNotice(digestNotice(ctx, digest, week, weekOf)));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        run.failed.push({ approver: digest.approver, error: message });
      }
    }
    // A key already used this week (a second run) writes nothing.
    const sent = await enqueueCustomerNotices(ctx.db, checked, now);
    const written = sent.filter((channels) => channels.length > 0);
    run.emails += written.filter((channels) => channels.includes('email')).length;
    run.approvers += written.length;
    if (written.length > 0) ctx.noticesWritten();
    await yieldToEventLoop();
  }
  return run;
}

function digestNotice(
  ctx: ServiceContext,
  digest: ApproverDigest,
  week: string,
  weekOf: string,
): CustomerNoticeInput<'approver_digest'> {
  const { approver, personId, email, name, awaiting, open, groups, closed } = digest;
  return {
    to: { slackUserId: approver, email },
    kind: 'approver_digest',
    view: {
      approverName: name,
      weekOf,
      awaiting,
      open,
      groups,
      closed,
      openApp: ctx.links.openApp,
      ...(personId !== null ? { approverPersonId: personId } : {}),
    },
    dedupeKey: `digest:${approver}:${week}`,
  };
}
