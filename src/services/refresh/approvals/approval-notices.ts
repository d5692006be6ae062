import { eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/client.js';
import { configApprovers, people } from '../../../../db/schema/index.js';
import type { RefreshStyle } from '../../../domain/refresh/enums.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { computerLabel, noticeTime, readerFields, ticketAudience } from '../../notices/index.js';
import type { TicketRow } from '../tickets/load-ticket.js';
import type { TicketDetails } from '../tickets/ticket-details.js';
import { approvalSummary } from './approval-summary.js';

type NoticeContext = Pick<ServiceContext, 'links' | 'calendar'>;

/** What happens after approval, by style, in the customer's words. */
export function nextAfterApproval(style: RefreshStyle): string {
  switch (style) {
    case 'remote_customer':
      return 'Your new computer will be ordered; Otto writes again with the tracking number when it ships.';
    case 'bump_down':
      return 'Your replacement is being prepared; Otto writes again when it is ready.';
    default:
      return 'Your new computer will be ordered; Otto writes again when it is time to pick a delivery slot.';
  }
}

async function personBySlackId(tx: Tx, slackUserId: string) {
  const [person] = await tx.select().from(people).where(eq(people.slackUserId, slackUserId)).limit(1);
  return person;
}

/** The approvers named on a config, as Slack user ids. */
async function approversOf(tx: Tx, configId: number): Promise<string[]> {
  const rows = await tx
    .select({ id: configApprovers.slackUserId })
    .from(configApprovers)
    .where(eq(configApprovers.configId, configId));
  return rows.map((row) => row.id);
}

/** Each approver of the config gets a DM with Approve/Deny, and an e-mail when Otto knows their address. */
export async function enqueueApprovalRequests(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  details: TicketDetails,
  now: Date,
): Promise<void> {
  const summary = approvalSummary(details);
  for (const approver of await approversOf(tx, ticket.configId)) {
    const person = await personBySlackId(tx, approver);
    await enqueueCustomerNotice(
      tx,
      {
        to: { slackUserId: approver, email: person?.email },
        kind: 'approval_requested',
        view: { ...summary, approverName: person?.name, openApp: ctx.links.openApp },
        ticketId: ticket.id,
      },
      now,
    );
  }
}

/** The customer (or their delegate) hears what became of their choices: submitted, approved or denied. */
export async function enqueueDecisionNotice(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  notice: 'approved' | 'denied' | 'submitted',
  detailsOf: () => Promise<TicketDetails>,
  now: Date,
): Promise<void> {
  const who = await ticketAudience(tx, ticket, detailsOf);
  if (!who) return;
  const common = { to: who.recipient, ticketId: ticket.id };
  const openApp = ctx.links.openApp;
  if (notice === 'submitted') {
    await enqueueCustomerNotice(
      tx,
      { ...common, kind: 'submitted', view: { ticketId: ticket.id, openApp } },
      now,
    );
    return;
  }
  const approverId = ticket.decidedBy;
  const decision = {
    ...readerFields(who, (await detailsOf()).supportTeam),
    ticketId: ticket.id,
    computer: computerLabel((await detailsOf()).system),
    approverId,
    approverName: (approverId && (await personBySlackId(tx, approverId))?.name) || 'Your approver',
    decidedAt: noticeTime.moment(ticket.decidedAt ?? now, ctx.calendar.timeZone),
    openApp,
  };
  if (notice === 'approved') {
    await enqueueCustomerNotice(
      tx,
      { ...common, kind: 'approved', view: { ...decision, next: nextAfterApproval(ticket.style) } },
      now,
    );
    return;
  }
  const reason = ticket.denialReason?.trim() || 'No reason was given.';
  await enqueueCustomerNotice(tx, { ...common, kind: 'denied', view: { ...decision, reason } }, now);
}
