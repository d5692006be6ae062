import { and, asc, eq, gt, inArray, isNull, lte, ne } from 'drizzle-orm';
import { insertRows } from '../../../../db/bulk.js';
import type { Tx } from '../../../../db/client.js';
import { audits, refreshTickets } from '../../../../db/schema/index.js';
import {
  type CheckedCustomerNotice,
  checkCustomerNotice,
  enqueueCustomerNotices,
} from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { type Audience, noticeTime, readerFields } from '../../notices/index.js';
import { yieldToEventLoop } from '../../yield-to-event-loop.js';
import { loadWizardNoticeTargets, type WizardNoticeTarget } from './notice-targets.js';
import { timerActor, timerChunkSize, wizardExpiryBusinessDays } from './wizard-clock.js';
import { wizardAsks } from './wording.js';

export interface InvitationRun {
  /** Tickets whose invitation is now sent (or queued). */
  invited: number;
  /** Of those, tickets with nobody on file to tell: their clock starts anyway, so they reach Problems. */
  unreachable: number;
}

/**
 * Sends the first invitation of every customer ticket whose time has come (SPEC §2.2): a DM with
 * the wizard's Start button and an e-mail with the link that opens Otto, to the delegate instead of
 * the user when one is set. Sets `invitedAt`, which starts the reminder clock. A second run, or a
 * run before the due time, sends nothing.
 */
export async function sendDueInvitations(ctx: ServiceContext, now: Date): Promise<InvitationRun> {
  const run: InvitationRun = { invited: 0, unreachable: 0 };
  // Customers hear from Otto in business hours; a catch-up at night leaves them to the next run.
  if (!ctx.calendar.isWithinBusinessHours(now)) return run;
  let afterId = 0;
  for (;;) {
    const chunk = await ctx.db.transaction((tx) => inviteChunk(tx, ctx, now, afterId));
    if (chunk.ids.length === 0) break;
    ctx.noticesWritten();
    run.invited += chunk.ids.length - chunk.notNeeded;
    run.unreachable += chunk.unreachable;
    afterId = chunk.ids[chunk.ids.length - 1]!;
    await yieldToEventLoop();
  }
  return run;
}

async function inviteChunk(tx: Tx, ctx: ServiceContext, now: Date, afterId: number) {
  const rows = await tx
    .select({ id: refreshTickets.id, decidedAt: refreshTickets.decidedAt })
    .from(refreshTickets)
    .where(
      and(
        eq(refreshTickets.status, 'pending_customer'),
        ne(refreshTickets.style, 'no_customer'),
        isNull(refreshTickets.invitedAt),
        lte(refreshTickets.invitationDueAt, now),
        gt(refreshTickets.id, afterId),
      ),
    )
    .orderBy(asc(refreshTickets.id))
    .limit(timerChunkSize);
  const ids = rows.map((row) => row.id);
  if (ids.length === 0) return { ids, unreachable: 0, notNeeded: 0 };
  // Walked before the invitation went out and sent back by the approver: the denial told the
  // customer what to change, and a "time to refresh" invitation now would read as a first one.
  // Their clock starts at the denial instead.
  const denied = rows.filter((row) => row.decidedAt !== null);
  for (const row of denied) {
    await tx
      .update(refreshTickets)
      .set({ invitedAt: row.decidedAt, updatedAt: now })
      .where(eq(refreshTickets.id, row.id));
  }
  const deniedIds = new Set(denied.map((row) => row.id));
  const toInvite = ids.filter((id) => !deniedIds.has(id));

  const targets = await loadWizardNoticeTargets(tx, toInvite);
  const deadline = noticeTime.deadline(
    ctx.calendar.addBusinessDays(now, wizardExpiryBusinessDays),
    ctx.calendar.timeZone,
  );
  let unreachable = 0;
  const invitations: CheckedCustomerNotice[] = [];
  for (const id of toInvite) {
    const target = targets.get(id);
    if (!target?.audience) {
      unreachable += 1;
      continue;
    }
    invitations.push(invitation(ctx, target, target.audience, deadline));
  }
  await enqueueCustomerNotices(tx, invitations, now);
  if (toInvite.length > 0) {
    await tx
      .update(refreshTickets)
      .set({ invitedAt: now, updatedAt: now })
      .where(inArray(refreshTickets.id, toInvite));
  }
  await insertRows(
    tx,
    audits,
    rows.map(({ id, decidedAt }) => ({
      entity: 'refresh_ticket',
      entityId: String(id),
      ticketId: id,
      action:
        decidedAt !== null
          ? 'invitation_not_needed'
          : targets.get(id)?.audience
            ? 'invitation_sent'
            : 'invitation_unreachable',
      actor: timerActor,
      changes: { invitedAt: { from: null, to: decidedAt ?? now } },
      at: now,
    })),
  );
  return { ids, unreachable, notNeeded: denied.length };
}

function invitation(
  ctx: ServiceContext,
  target: WizardNoticeTarget,
  audience: Audience,
  deadline: string,
): CheckedCustomerNotice {
  return checkCustomerNotice({
    to: audience.recipient,
    kind: 'invitation',
    view: {
      ...readerFields(audience, target.supportTeam),
      ticketId: target.ticketId,
      status: target.status,
      computer: target.computer,
      asks: wizardAsks(target.style, target.unitLocation, audience.onBehalfOf),
      deadline,
      openApp: ctx.links.openApp,
    },
    ticketId: target.ticketId,
    dedupeKey: `invitation:${target.ticketId}`,
  });
}
