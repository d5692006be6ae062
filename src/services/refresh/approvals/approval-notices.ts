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

function personBySlackId(tx: Tx, slackUserId: string) {
  return tx.select().from(people).where(eq(people.slackUserId, slackUserId)).get();
}

/** The approvers named on a config, as Slack user ids. */
function approversOf(tx: Tx, configId: number): string[] {
  return tx
    .select({ id: configApprovers.slackUserId })
    .from(configApprovers)
    .where(eq(configApprovers.configId, configId))
    .all()
    .map((row) => row.id);
}

/** Each approver of the config gets a DM with Approve/Deny, and an e-mail when Otto knows their address. */
export function enqueueApprovalRequests(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  details: TicketDetails,
  now: Date,
): void {
  const summary = approvalSummary(details);
  for (const approver of approversOf(tx, ticket.configId)) {
    const person = personBySlackId(tx, approver);
    enqueueCustomerNotice(
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
export function enqueueDecisionNotice(
  tx: Tx,
  ctx: NoticeContext,
  ticket: TicketRow,
  notice: 'approved' | 'denied' | 'submitted',
  detailsOf: () => TicketDetails,
  now: Date,
): void {
  const who = ticketAudience(tx, ticket, detailsOf);
  if (!who) return;
  const common = { to: who.recipient, ticketId: ticket.id };
  const openApp = ctx.links.openApp;
  if (notice === 'submitted') {
    enqueueCustomerNotice(tx, { ...common, kind: 'submitted', view: { ticketId: ticket.id, openApp } }, now);
    return;
  }
  const approverId = ticket.decidedBy;
  const decision = {
    ...readerFields(who),
    ticketId: ticket.id,
    computer: computerLabel(detailsOf().system),
    approverId,
    approverName: (approverId && personBySlackId(tx, approverId)?.name) || 'Your approver',
    decidedAt: noticeTime.moment(ticket.decidedAt ?? now, ctx.calendar.timeZone),
    openApp,
  };
  if (notice === 'approved') {
    enqueueCustomerNotice(
      tx,
      { ...common, kind: 'approved', view: { ...decision, next: nextAfterApproval(ticket.style) } },
      now,
    );
    return;
  }
  const reason = ticket.denialReason?.trim() || 'No reason was given.';
  enqueueCustomerNotice(tx, { ...common, kind: 'denied', view: { ...decision, reason } }, now);
}
