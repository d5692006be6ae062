import type { NoticeLine } from '../../../domain/notices/index.js';
import type { ApprovalSummary } from '../../../domain/refresh/notices.js';
import { computerLabel, personName } from '../../notices/index.js';
import type { TicketDetails } from '../tickets/ticket-details.js';
import { ticketPlace } from '../tickets/ticket-place.js';

export type { ApprovalSummary };

/**
 * Plain-text facts (Slack escapes them at render, Handlebars in e-mail). `orderedDevice` names the
 * device recorded for a different-device request, once an approver or depot has chosen it.
 */
export function approvalSummary(details: TicketDetails, orderedDevice?: string | null): ApprovalSummary {
  const { ticket } = details;
  const lines: NoticeLine[] = [];
  const customer = details.user ? personName(details.user) : 'No customer';
  if (details.delegate) lines.push({ label: 'Delegate', value: personName(details.delegate) });
  lines.push({ label: 'Computer', value: computerLabel(details.system) });
  if (details.proposedModel) lines.push({ label: 'Proposed model', value: details.proposedModel.name });
  if (details.chosenModel && details.chosenModel.id !== details.proposedModel?.id) {
    lines.push({
      label: 'Chosen model',
      value: `${details.chosenModel.name} (${details.chosenModel.platform})`,
    });
  }
  if (ticket.differentDeviceRequested) {
    lines.push({
      label: 'Different device',
      value: ticket.differentDeviceReason || 'requested, no reason given',
    });
    if (orderedDevice) lines.push({ label: 'Device to order', value: orderedDevice });
  }
  if (details.peripherals.length > 0) {
    lines.push({
      label: 'Peripherals',
      value: details.peripherals
        .map(
          (p) =>
            `${p.quantity > 1 ? `${p.quantity} × ` : ''}${p.name}${p.requiresApproval ? ' (needs approval)' : ''}`,
        )
        .join(', '),
    });
  }
  if (details.software.length > 0) {
    lines.push({
      label: 'Software',
      value: details.software
        .map((s) => `${s.name}${s.requiresApproval ? ' (needs approval)' : ''}`)
        .join(', '),
    });
  }
  const location = ticketPlace(ticket, details.config.unitSpecifiedLocation);
  if (location) lines.push({ label: 'Location', value: location });
  return {
    ticketId: ticket.id,
    status: ticket.status,
    customer,
    ...(details.delegate ? { delegate: personName(details.delegate) } : {}),
    computer: computerLabel(details.system),
    config: details.config.name,
    reasons: details.approvalReasons,
    lines,
  };
}
