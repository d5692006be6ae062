import { eq } from 'drizzle-orm';
import { renderApprovalRequest } from '../../../../blocks/refresh/messages/approval-request.js';
import {
  renderApprovedNotice,
  renderDeniedNotice,
} from '../../../../blocks/refresh/messages/decision-notices.js';
import type { Tx } from '../../../../db/client.js';
import { people } from '../../../../db/schema/index.js';
import { formatLongDateTime } from '../../../domain/calendar/format-date-time.js';
import type { RefreshStyle } from '../../../domain/refresh/enums.js';
import type { RefreshEffect } from '../../../domain/refresh/index.js';
import { enqueueCustomerNotice } from '../../../effects/outbox.js';
import type { ServiceContext } from '../../context.js';
import { approvalSummary } from '../approvals/approval-summary.js';
import { enqueueSlotInvitation } from '../booking/book-notices.js';
import { bookGenericSlot } from '../delivery/book-generic-slot.js';
import { enqueueCompletionNotice } from '../delivery/delivery-notices.js';
import { type DeliveryContext, openDeliveryItsmTicket } from '../delivery/open-delivery-itsm-ticket.js';
import type { TicketRow } from './load-ticket.js';
import { approversOf, customerRecipient } from './recipients.js';
import { computerLabel, loadTicketDetails, type TicketDetails } from './ticket-details.js';

type EffectContext = Pick<ServiceContext, 'links' | 'calendar' | 'replacementsQueued'> & DeliveryContext;

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

/** "Monday, November 16, 2026, 10:05 AM" in the organisation's time zone. */
export const formatDecisionTime = formatLongDateTime;

function personBySlackId(tx: Tx, slackUserId: string) {
  return tx.select().from(people).where(eq(people.slackUserId, slackUserId)).get();
}

/**
 * Turns the effects of a transition into outbox rows, inside the transaction that saved it,
 * so the notices leave only if the change is committed (SPEC §3).
 */
export function enqueueTicketEffects(
  tx: Tx,
  ctx: EffectContext,
  ticket: TicketRow,
  effects: readonly RefreshEffect[],
  now: Date,
): void {
  let details: TicketDetails | undefined;
  const detailsOf = () => {
    details ??= loadTicketDetails(tx, ticket);
    return details;
  };
  // Booking the generic slot saves the ticket again; later effects date from that slot.
  let current = ticket;
  for (const effect of effects) {
    if (effect.type === 'notify_customer') {
      notifyCustomer(tx, ctx, current, effect.notice, detailsOf, now);
    } else if (effect.type === 'notify_approvers') {
      notifyApprovers(tx, ctx, current, detailsOf(), now);
    } else if (effect.type === 'book_generic_slot') {
      current = bookGenericSlot(tx, ctx.calendar, current, now);
    } else if (effect.type === 'open_delivery_itsm_ticket') {
      openDeliveryItsmTicket(tx, ctx, current, now);
    } else if (effect.type === 'notify_completed') {
      enqueueCompletionNotice(tx, ctx, current, now);
    } else if (effect.type === 'invite_to_schedule') {
      enqueueSlotInvitation(tx, ctx, current, now);
    } else if (effect.type === 'lookup_replacement') {
      // The saved status is the lookup queue; this wakes the lookup, which runs after the commit.
      ctx.replacementsQueued?.();
    }
  }
}

/** Each approver of the config gets a DM with Approve/Deny, and an e-mail when Otto knows their address. */
function notifyApprovers(tx: Tx, ctx: EffectContext, ticket: TicketRow, details: TicketDetails, now: Date) {
  const summary = approvalSummary(details);
  const { text, blocks } = renderApprovalRequest(summary);
  for (const approver of approversOf(tx, ticket.configId)) {
    const person = personBySlackId(tx, approver);
    enqueueCustomerNotice(
      tx,
      {
        slackUserId: approver,
        email: person?.email,
        notice: 'approval_requested',
        text,
        blocks,
        template: 'approval-requested',
        subject: `Refresh #${ticket.id} needs your approval`,
        data: {
          approverName: person?.name ?? undefined,
          ticketId: ticket.id,
          customer: summary.customer,
          computer: summary.computer,
          config: summary.config,
          reasons: summary.reasons,
          lines: summary.lines,
          preview: `${summary.customer} finished the wizard for ${summary.computer}.`,
          action: { label: 'Open Otto', url: ctx.links.openApp },
        },
        ticketId: ticket.id,
      },
      now,
    );
  }
}

function notifyCustomer(
  tx: Tx,
  ctx: EffectContext,
  ticket: TicketRow,
  notice: 'approved' | 'denied' | 'submitted',
  detailsOf: () => TicketDetails,
  now: Date,
) {
  const recipient = customerRecipient(tx, ticket);
  if (!recipient) return;
  const details = detailsOf();
  const computer = computerLabel(details.system);
  const onBehalfOf =
    ticket.delegateId !== null && details.user ? (details.user.name ?? details.user.email) : undefined;
  const common = {
    slackUserId: recipient.slackUserId,
    email: recipient.email,
    notice,
    ticketId: ticket.id,
  };
  const action = { label: 'Open Otto', url: ctx.links.openApp };

  if (notice === 'submitted') {
    const subject = `Refresh #${ticket.id}: we have your choices`;
    const text = `Thanks! Otto has your choices for refresh #${ticket.id}.`;
    enqueueCustomerNotice(
      tx,
      { ...common, text, subject, data: { title: subject, intro: text, action } },
      now,
    );
    return;
  }

  const approverId = ticket.decidedBy;
  const approverName = (approverId && personBySlackId(tx, approverId)?.name) || 'Your approver';
  const decidedAt = formatDecisionTime(ticket.decidedAt ?? now, ctx.calendar.timeZone);
  const base = {
    recipientName: recipient.name ?? undefined,
    onBehalfOf,
    ticketId: ticket.id,
    computer,
    approver: approverName,
    decidedAt,
    action,
  };
  if (notice === 'approved') {
    const next = nextAfterApproval(ticket.style);
    const dm = renderApprovedNotice({
      ticketId: ticket.id,
      computer,
      approver: approverId,
      onBehalfOf,
      next,
    });
    enqueueCustomerNotice(
      tx,
      {
        ...common,
        ...dm,
        template: 'approved',
        subject: `Refresh #${ticket.id} was approved`,
        data: { ...base, next, preview: `${approverName} approved the refresh of ${computer}.` },
      },
      now,
    );
    return;
  }
  const reason = ticket.denialReason?.trim() || 'No reason was given.';
  const dm = renderDeniedNotice({ ticketId: ticket.id, computer, approver: approverId, onBehalfOf, reason });
  enqueueCustomerNotice(
    tx,
    {
      ...common,
      ...dm,
      template: 'denied',
      subject: `Refresh #${ticket.id} needs another look`,
      data: { ...base, reason, preview: reason.slice(0, 200) },
    },
    now,
  );
}
