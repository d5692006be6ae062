import { renderApprovalRequest } from '../../../blocks/refresh/messages/approval-request.js';
import {
  renderAppointmentNotice,
  renderAppointmentWithdrawn,
  renderSlotInvitation,
  withdrawalNext,
  withdrawalReason,
} from '../../../blocks/refresh/messages/booking.js';
import {
  renderApprovedNotice,
  renderDeniedNotice,
  renderSubmittedNotice,
  submittedSentence,
} from '../../../blocks/refresh/messages/decision-notices.js';
import {
  renderCompletionNotice,
  renderDeliveryBookedPost,
  renderDeliveryBookingEndedPost,
  renderTrackingNotice,
} from '../../../blocks/refresh/messages/delivery-notices.js';
import {
  approverDigestText,
  closedSummary,
  renderApproverDigest,
  statusHeading,
} from '../../../blocks/refresh/messages/digest.js';
import { renderInvitation } from '../../../blocks/refresh/messages/invitation.js';
import { renderItsmTicketMessage } from '../../../blocks/refresh/messages/itsm-ticket.js';
import {
  renderOrderGroupApprovalRequest,
  renderOrderGroupApprovedNotice,
  renderOrderGroupDeniedNotice,
} from '../../../blocks/refresh/messages/order-group.js';
import { renderReminder } from '../../../blocks/refresh/messages/reminder.js';
import type {
  AppointmentEvent,
  AppointmentPlace,
  AppointmentView,
  refreshNotices,
} from '../../domain/refresh/notices.js';
import type { EmailAction } from '../../mail/template-data.js';
import { appointmentEventText, appointmentIdentity } from './appointment-ics.js';
import type { EmailCalendarEvent } from './messages.js';
import { type EmailLinks, email, type NoticeRenderers, openOtto, readerData } from './renderer.js';

type AppointmentKind = 'booked' | 'moved' | 'reminder';

/** The calendar update for an appointment: the invitation (REQUEST) or its cancellation (CANCEL). */
function calendarEvent(
  method: EmailCalendarEvent['method'],
  view: AppointmentPlace & { ticketId: number; computer: string },
  event: AppointmentEvent,
): EmailCalendarEvent | undefined {
  const identity = appointmentIdentity(view.ticketId, event);
  if (!identity) return undefined;
  return {
    method,
    ...identity,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    ...appointmentEventText(view),
    attendeeEmail: event.attendeeEmail,
    now: event.bookedAt,
  };
}

/**
 * The e-mail's buttons when it links to Otto's web page: the page first (it works with or without
 * Slack), "Open Otto" second for readers in Slack. Without a link, the one button of old.
 */
function webButtons(
  view: { openApp: string; outsideSlack?: boolean | undefined },
  links: EmailLinks,
  label: string,
  inSlack: EmailAction,
): { webAction?: EmailAction; action?: EmailAction | undefined } {
  return links.web ? { webAction: { label, url: links.web }, action: openOtto(view) } : { action: inSlack };
}

/** The booking confirmation, the moved appointment and the day-before reminder differ in a few words. */
function appointment(kind: AppointmentKind) {
  return {
    slack: (view: AppointmentView) => renderAppointmentNotice({ ...view, kind }),
    email: (view: AppointmentView, links: EmailLinks) => {
      const where = view.unitLocation ? ` at ${view.unitLocation}` : '';
      const { when, event } = view;
      const subject = {
        booked: `Refresh #${view.ticketId} is booked for ${when}${where}`,
        moved: `Refresh #${view.ticketId} is now ${when}${where}`,
        reminder: `Reminder: refresh #${view.ticketId} is ${when}${where}`,
      }[kind];
      return email(
        kind === 'reminder' ? 'appointment-reminder' : 'booking-confirmation',
        subject,
        {
          ...readerData(view),
          when,
          moved: kind === 'moved',
          previousWhen: view.previousWhen,
          location: view.location,
          unitLocation: view.unitLocation,
          invitation: event !== undefined,
          preview: `Delivery and setup of ${view.computer}: ${when}${where}.`.slice(0, 200),
          ...webButtons(view, links, 'See or change the time', {
            label: 'Change the time in Otto',
            url: view.openApp,
          }),
        },
        { calendar: event && calendarEvent('REQUEST', view, event) },
      );
    },
  };
}

/** How each refresh notice reads in Slack (blocks/) and in e-mail (templates/refresh/). */
export const refreshRenderers: NoticeRenderers<keyof typeof refreshNotices> = {
  approval_requested: {
    slack: renderApprovalRequest,
    email: (view, links) =>
      email('approval-requested', `Refresh #${view.ticketId} needs your approval`, {
        approverName: view.approverName ?? undefined,
        ticketId: view.ticketId,
        customer: view.customer,
        delegate: view.delegate,
        computer: view.computer,
        config: view.config,
        reasons: view.reasons,
        lines: view.lines,
        preview: view.delegate
          ? `${view.delegate} finished the wizard for ${view.customer}’s computer ${view.computer}.`
          : `${view.customer} finished the wizard for ${view.computer}.`,
        action: { label: 'Review in Otto', url: view.openApp },
        ...(links.web && { webAction: { label: 'Approve or deny', url: links.web } }),
      }),
  },

  submitted: {
    slack: renderSubmittedNotice,
    email: (view) => {
      const subject = `Refresh #${view.ticketId}: we have your choices`;
      return email('notice', subject, {
        title: subject,
        intro: submittedSentence(view),
        action: openOtto(view),
      });
    },
  },

  approved: {
    slack: renderApprovedNotice,
    email: (view) =>
      email('approved', `Refresh #${view.ticketId} was approved`, {
        ...readerData(view),
        approver: view.approverName,
        decidedAt: view.decidedAt,
        next: view.next,
        preview: `${view.approverName} approved the refresh of ${view.computer}.`,
        action: openOtto(view),
      }),
  },

  denied: {
    slack: renderDeniedNotice,
    email: (view, links) =>
      email('denied', `Refresh #${view.ticketId} needs another look`, {
        ...readerData(view),
        approver: view.approverName,
        decidedAt: view.decidedAt,
        reason: view.reason,
        preview: `${view.approverName} asked for changes: ${view.reason}`.slice(0, 200),
        webAction: links.web ? { label: 'Change the answers on the web', url: links.web } : undefined,
        action: view.outsideSlack ? undefined : { label: 'Change my choices in Otto', url: view.openApp },
      }),
  },

  slot_invitation: {
    slack: renderSlotInvitation,
    email: (view, links) => {
      const { withdrawn } = view;
      const subject = withdrawn
        ? `Refresh #${view.ticketId}: the appointment on ${withdrawn.when} is off; pick another time`
        : view.unitLocation
          ? `Refresh #${view.ticketId}: pick a time at ${view.unitLocation}`
          : `Refresh #${view.ticketId}: pick a time for your new computer`;
      return email(
        'slot-invitation',
        subject,
        {
          ...readerData(view),
          unitLocation: view.unitLocation,
          firstTimes: view.firstTimes,
          ...(withdrawn && {
            withdrawnWhen: withdrawn.when,
            withdrawnWhy: withdrawalReason(withdrawn.reason, view.ticketId),
            withdrawnFromCalendar: withdrawn.event !== undefined,
          }),
          preview: withdrawn
            ? `The appointment on ${withdrawn.when} is off: ${withdrawalReason(withdrawn.reason, view.ticketId)}.`.slice(
                0,
                200,
              )
            : 'Pick a time for the delivery of your new computer.',
          ...webButtons(view, links, withdrawn ? 'Pick another time' : 'Pick a time', {
            label: 'Pick a time in Otto',
            url: view.openApp,
          }),
        },
        { calendar: withdrawn?.event && calendarEvent('CANCEL', view, withdrawn.event) },
      );
    },
  },

  appointment_withdrawn: {
    slack: renderAppointmentWithdrawn,
    email: (view) =>
      email(
        'appointment-withdrawn',
        `Refresh #${view.ticketId}: the appointment on ${view.when} is off`,
        {
          ...readerData(view),
          when: view.when,
          why: withdrawalReason(view.reason, view.ticketId, view.onHold),
          next: withdrawalNext(view.reason, view.onHold),
          fromCalendar: view.event !== undefined,
          location: view.location,
          unitLocation: view.unitLocation,
          preview:
            `The appointment on ${view.when} is off: ${withdrawalReason(view.reason, view.ticketId, view.onHold)}.`.slice(
              0,
              200,
            ),
        },
        { calendar: view.event && calendarEvent('CANCEL', view, view.event) },
      ),
  },

  booking_confirmation: appointment('booked'),
  appointment_moved: appointment('moved'),
  appointment_reminder: appointment('reminder'),

  tracking: {
    slack: renderTrackingNotice,
    email: (view) =>
      email('tracking', `Refresh #${view.ticketId}: your new computer has shipped`, {
        ...readerData(view),
        trackingNumber: view.trackingNumber,
        preview: `Tracking number ${view.trackingNumber}`,
        action: openOtto(view),
      }),
  },

  completed: {
    slack: renderCompletionNotice,
    email: (view) =>
      email('completion', `Refresh #${view.ticketId} is complete`, {
        ...readerData(view),
        preview: `Your refresh #${view.ticketId} is complete.`,
        action: openOtto(view),
      }),
  },

  delivery_booked: { slack: renderDeliveryBookedPost },
  delivery_booking_ended: {
    slack: (view) => ({ ...renderDeliveryBookingEndedPost(view), replaces: view.postedAs }),
  },

  invitation: {
    slack: renderInvitation,
    email: (view, links) =>
      email(
        'invitation',
        (view.onBehalfOf
          ? `${view.onBehalfOf}’s computer is due for a refresh (#${view.ticketId})`
          : `Your computer is due for a refresh (#${view.ticketId})`
        ).slice(0, 250),
        {
          preview: `Otto needs a few answers to order ${view.onBehalfOf ? `${view.onBehalfOf}’s` : 'your'} new computer.`,
          ...readerData(view),
          asks: view.asks,
          deadline: view.deadline,
          webAction: links.web ? { label: 'Answer on the web', url: links.web } : undefined,
          action: view.outsideSlack ? undefined : { label: 'Start in Otto', url: view.openApp },
        },
      ),
  },

  wizard_reminder: {
    slack: renderReminder,
    email: (view, links) => {
      const last = view.reminder === 2;
      return email(
        'reminder',
        `${last ? 'Last reminder' : 'Reminder'}: ${view.onBehalfOf ? `${view.onBehalfOf}’s` : 'your'} computer refresh (#${view.ticketId})`.slice(
          0,
          250,
        ),
        {
          preview: `Please finish by ${view.deadline}.`.slice(0, 200),
          ...readerData(view),
          asks: view.asks,
          deadline: view.deadline,
          last,
          started: view.started,
          webAction: links.web
            ? { label: view.started ? 'Continue on the web' : 'Answer on the web', url: links.web }
            : undefined,
          action: view.outsideSlack
            ? undefined
            : { label: view.started ? 'Continue in Otto' : 'Start in Otto', url: view.openApp },
        },
      );
    },
  },

  approver_digest: {
    slack: (view) => renderApproverDigest(view),
    email: (view, links) =>
      email(
        'digest',
        view.awaiting > 0
          ? `Otto weekly: ${view.awaiting} refresh ${view.awaiting === 1 ? 'ticket awaits' : 'tickets await'} your approval`
          : `Otto weekly: your ${view.open} open refresh ${view.open === 1 ? 'ticket' : 'tickets'}`,
        {
          preview: approverDigestText(view).slice(0, 200),
          approverName: view.approverName ?? undefined,
          weekOf: view.weekOf,
          awaiting: view.awaiting,
          open: view.open,
          groups: view.groups.map((group) => ({
            label: statusHeading(group.status),
            count: group.count,
            tickets: group.tickets,
            more: group.more,
          })),
          closed: closedSummary(view.closed),
          action: { label: view.awaiting > 0 ? 'Review in Otto' : 'Open Otto', url: view.openApp },
          ...(links.web && {
            webAction: {
              label: view.awaiting > 0 ? 'Approve or deny them' : 'See your tickets',
              url: links.web,
            },
          }),
        },
      ),
  },

  order_group_approval_requested: {
    slack: renderOrderGroupApprovalRequest,
    email: (view, links) =>
      email(
        'order-group-approval-requested',
        `Order group ${view.name} needs your final approval`.slice(0, 250),
        {
          approverName: view.approverName ?? undefined,
          name: view.name,
          requestedByName: view.requestedByName,
          tickets: `${view.ticketCount} refresh ${view.ticketCount === 1 ? 'ticket' : 'tickets'}`,
          models: view.models,
          peripherals: view.peripherals,
          software: view.software,
          differences: view.differences.map((d) => ({
            ticketId: d.ticketId,
            label: d.label,
            what: d.what.join('; '),
          })),
          preview: `${view.ticketCount} refresh ${view.ticketCount === 1 ? 'ticket' : 'tickets'} to order need your final approval.`,
          ...(links.web && { webAction: { label: 'Approve or deny', url: links.web } }),
        },
      ),
  },
  order_group_approved: { slack: renderOrderGroupApprovedNotice },
  order_group_denied: { slack: renderOrderGroupDeniedNotice },
  itsm_ticket_posted: { slack: renderItsmTicketMessage },
  itsm_ticket_updated: {
    slack: (view) => ({ ...renderItsmTicketMessage(view), replaces: view.postedAs }),
  },

  mac_mdm_request: {
    email: (view) =>
      email('mac-mdm', `MDM setup for ${view.replacement} (refresh #${view.ticketId})`, {
        ticketId: view.ticketId,
        replacement: view.replacement,
        customer: view.customer,
        shipTo: view.shipTo,
        // Mac Engineering sets MDM up in its own tools: there is nothing for it to do in Otto.
        preview: `Please set up MDM for ${view.replacement}, shipping to a remote customer.`,
      }),
  },
};
