import { z } from 'zod';
import type { WebLinkTarget } from '../links/web-link.js';
import {
  AppLink,
  Instant,
  type NoticeDefinition,
  NoticeLine,
  TicketNoticeView,
  TimeZone,
} from '../notices/fields.js';
import {
  itsmTaskKinds,
  itsmTaskStatuses,
  itsmTicketKinds,
  itsmTicketStatuses,
  refreshStatuses,
} from './enums.js';

// The refresh module's notices as data: what each one says, in plain text (blocks/ escapes it for
// Slack, Handlebars for e-mail). A service queues a kind and its view; the outbox checks the view
// here, and src/effects/render turns it into the Slack message or the e-mail when it is delivered.

const ticketId = z.number().int().positive();

/** What an approver needs to decide: who, which computer, why it needs them, and the choices. */
export const ApprovalSummary = z.object({
  ticketId,
  /** The status the Approve and Deny buttons carry, so a stale click is recognised. */
  status: z.string().min(1),
  customer: z.string().min(1),
  /** The customer's delegate, who walks the wizard for them (SPEC §3), when one is set. */
  delegate: z.string().min(1).optional(),
  computer: z.string().min(1),
  config: z.string().min(1),
  /** Why the ticket needs approval (SPEC §2.1). */
  reasons: z.array(z.string().min(1)),
  lines: z.array(NoticeLine),
});
export type ApprovalSummary = z.infer<typeof ApprovalSummary>;

export const ApprovalRequestedView = ApprovalSummary.extend({
  approverName: z.string().nullish(),
  openApp: AppLink,
});
export type ApprovalRequestedView = z.infer<typeof ApprovalRequestedView>;

/** "We have your choices": the customer finished a wizard that needs no approval. */
export const SubmittedView = z.object({ ticketId, openApp: AppLink });
export type SubmittedView = z.infer<typeof SubmittedView>;

const DecisionView = TicketNoticeView.extend({
  /** Slack id of the approver who decided, when recorded. */
  approverId: z.string().nullable(),
  approverName: z.string().min(1),
  decidedAt: z.string().min(1),
});

export const ApprovedView = DecisionView.extend({
  /** What happens next, by style. */
  next: z.string().min(1),
});
export type ApprovedView = z.infer<typeof ApprovedView>;

export const DeniedView = DecisionView.extend({ reason: z.string().min(1) });
export type DeniedView = z.infer<typeof DeniedView>;

/** Where an appointment is: a unit-specified location is stressed in every message (seed 000). */
export const AppointmentPlace = z.object({
  unitLocation: z.string().optional(),
  /** Building and room of an on-prem delivery. */
  location: z.string().optional(),
});
export type AppointmentPlace = z.infer<typeof AppointmentPlace>;

/** The calendar invitation a booking confirmation carries (.ics). */
export const AppointmentEvent = z.object({
  startsAt: Instant,
  endsAt: Instant,
  /** The appointment's UID, the same for each update and the cancellation of one appointment. */
  uid: z.string().min(1).max(200).optional(),
  /** Raised by each update or cancellation of the appointment (RFC 5545 SEQUENCE). */
  sequence: z.number().int().min(0).max(2_147_483_647).optional(),
  /** Views queued before UIDs were stored: `refresh-<ticket>@<domain>`, sequenced by bookedAt. */
  uidDomain: z.string().min(1).optional(),
  /** When it was booked (or withdrawn): stamps the event. */
  bookedAt: Instant,
  attendeeEmail: z.email().optional(),
});
export type AppointmentEvent = z.infer<typeof AppointmentEvent>;

/** Why a booked appointment went away (SPEC §2.1). */
export const appointmentWithdrawalReasons = [
  /** The support team deleted the slot it was in. */
  'slot_deleted',
  /** Staff asked the customer to pick another time. */
  'reschedule_requested',
  /**
   * The ticket was on hold when the appointment drew near (told then, by the held-appointments
   * timer) or when its time came (told when it resumes).
   */
  'on_hold',
  /** The ticket was canceled. */
  'canceled',
] as const;
export type AppointmentWithdrawalReason = (typeof appointmentWithdrawalReasons)[number];

/** A booked appointment that is off: its time, why, and the calendar cancellation (METHOD:CANCEL). */
export const WithdrawnAppointment = z.object({
  /** The time that is off, e.g. "Mon 23 Nov, 09:00". */
  when: z.string().min(1),
  reason: z.enum(appointmentWithdrawalReasons),
  /** The cancellation of the event the customer's calendar holds, when one was sent to them. */
  event: AppointmentEvent.extend({ uid: z.string().min(1).max(200), sequence: z.number().int().min(1) })
    .omit({ uidDomain: true })
    .optional(),
});
export type WithdrawnAppointment = z.infer<typeof WithdrawnAppointment>;

export const SlotInvitationView = TicketNoticeView.extend({
  ...AppointmentPlace.shape,
  /** The first free times, e.g. "Mon 23 Nov, 09:00". */
  firstTimes: z.array(z.string().min(1)).max(10),
  /** The booked appointment this invitation replaces: it is off, and says why. */
  withdrawn: WithdrawnAppointment.optional(),
});
export type SlotInvitationView = z.infer<typeof SlotInvitationView>;

/** A booked appointment is off and the customer is not asked to pick another now (canceled, on hold). */
export const AppointmentWithdrawnView = TicketNoticeView.extend({
  ...AppointmentPlace.shape,
  ...WithdrawnAppointment.shape,
  /** The ticket is on hold: the customer is asked to pick a new time when it resumes. */
  onHold: z.literal(true).optional(),
});
export type AppointmentWithdrawnView = z.infer<typeof AppointmentWithdrawnView>;

/** The booking confirmation, the moved appointment and the day-before reminder. */
export const AppointmentView = TicketNoticeView.extend({
  ...AppointmentPlace.shape,
  when: z.string().min(1),
  /** The time it replaces, when there was one. */
  previousWhen: z.string().optional(),
  /** Confirmations carry the calendar invitation; reminders do not. */
  event: AppointmentEvent.optional(),
});
export type AppointmentView = z.infer<typeof AppointmentView>;

export const TrackingView = TicketNoticeView.extend({ trackingNumber: z.string().min(1) });
export type TrackingView = z.infer<typeof TrackingView>;

/** The refresh is complete; `computer` is what was delivered. */
export const CompletedView = TicketNoticeView;
export type CompletedView = z.infer<typeof CompletedView>;

/** The support team's channel: an on-prem delivery was booked or moved, with its day1. */
export const DeliveryBookedView = z.object({
  ticketId,
  computer: z.string().min(1),
  customer: z.string().optional(),
  day1: z.string().min(1),
  /** "Location: …", when the ticket has one. */
  where: z.string().optional(),
  rescheduled: z.boolean(),
});
export type DeliveryBookedView = z.infer<typeof DeliveryBookedView>;

/**
 * The team channel's delivery post again once its booking is over, so it never shows a time that
 * no longer stands: moved to another time (`to`, which a newer post announces), or off, and why.
 */
export const DeliveryBookingEndedView = DeliveryBookedView.extend({
  postedAs: z.number().int().positive(),
  ended: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('moved'), to: z.string().min(1) }),
    z.object({
      kind: z.literal('off'),
      reason: z.enum(appointmentWithdrawalReasons),
      /** The ticket is on hold now, before the time (not found lapsed when it resumed). */
      onHold: z.boolean(),
    }),
  ]),
});
export type DeliveryBookingEndedView = z.infer<typeof DeliveryBookingEndedView>;

/** The first invitation to walk the wizard (SPEC §2.2). */
export const InvitationView = TicketNoticeView.extend({
  /** The status the Start button carries, so a click after the ticket moved on is recognised as stale. */
  status: z.enum(refreshStatuses),
  /** What the wizard will ask, by style. */
  asks: z.string().min(1),
  /** When the ticket leaves the customer's hands (14 business days). */
  deadline: z.string().min(1),
});
export type InvitationView = z.infer<typeof InvitationView>;

/** A wizard reminder after 5 (1) or 10 (2, the last) business days. */
export const WizardReminderView = InvitationView.extend({
  reminder: z.union([z.literal(1), z.literal(2)]),
  /** The customer saved answers already: the button continues where they left off. */
  started: z.boolean(),
});
export type WizardReminderView = z.infer<typeof WizardReminderView>;

export const DigestTicketView = z.object({
  id: ticketId,
  computer: z.string(),
  customer: z.string(),
  config: z.string(),
});
export type DigestTicketView = z.infer<typeof DigestTicketView>;

export const DigestGroupView = z.object({
  status: z.enum(refreshStatuses),
  count: z.number().int().positive(),
  tickets: z.array(DigestTicketView),
  /** Tickets counted but not listed. */
  more: z.number().int().min(0),
});
export type DigestGroupView = z.infer<typeof DigestGroupView>;

/** An approver's Friday digest (SPEC §2.2): their configs' open tickets by status, what awaits them first. */
export const ApproverDigestView = z.object({
  approverName: z.string().nullish(),
  weekOf: z.string().min(1),
  awaiting: z.number().int().min(0),
  open: z.number().int().min(0),
  /** `requires_approval` first. */
  groups: z.array(DigestGroupView),
  closed: z.object({ complete: z.number().int().min(0), canceled: z.number().int().min(0) }),
  openApp: AppLink,
  /** The approver's `people` row, when Otto knows them: their e-mail links to the approvals page. */
  approverPersonId: z.number().int().positive().optional(),
});
export type ApproverDigestView = z.infer<typeof ApproverDigestView>;

export const ManifestLine = z.object({ name: z.string(), count: z.number().int().min(0) });
export type ManifestLine = z.infer<typeof ManifestLine>;

/** The approvers' DM: an order group's manifest to approve (seed 001: the unit gives final approval). */
export const OrderGroupApprovalRequestedView = z.object({
  orderGroupId: z.number().int().positive(),
  name: z.string().min(1),
  ticketCount: z.number().int().min(0),
  models: z.array(ManifestLine),
  peripherals: z.array(ManifestLine),
  software: z.array(ManifestLine),
  /** Tickets that differ from their config (another model, a different device, extras), one line each. */
  differences: z.array(z.object({ ticketId, label: z.string(), what: z.array(z.string()) })).default([]),
  /** Slack id of the admin who sent it. */
  requestedBy: z.string().min(1),
  /** The admin's name, as the e-mail writes it (it cannot mention a Slack id). */
  requestedByName: z.string().min(1).optional(),
  /** The approver's name, for the e-mail's greeting. */
  approverName: z.string().nullish(),
});
export type OrderGroupApprovalRequestedView = z.infer<typeof OrderGroupApprovalRequestedView>;

/** The admin who made an order group hears that it was approved. */
export const OrderGroupApprovedView = z.object({
  orderGroupId: z.number().int().positive(),
  name: z.string().min(1),
  approvedBy: z.string().min(1),
});
export type OrderGroupApprovedView = z.infer<typeof OrderGroupApprovedView>;

/** The admin who made an order group hears that an approver denied it, and why. */
export const OrderGroupDeniedView = z.object({
  orderGroupId: z.number().int().positive(),
  name: z.string().min(1),
  deniedBy: z.string().min(1),
  reason: z.string().min(1),
});
export type OrderGroupDeniedView = z.infer<typeof OrderGroupDeniedView>;

export const ItsmTaskView = z.object({
  id: z.number().int().positive(),
  kind: z.enum(itsmTaskKinds),
  title: z.string(),
  status: z.enum(itsmTaskStatuses),
  dueAt: Instant.nullable(),
  completedAt: Instant.nullable(),
  completedBy: z.string().nullable(),
});
export type ItsmTaskView = z.infer<typeof ItsmTaskView>;

/** A built-in ITSM ticket with its tasks, as the support team's channel message shows it. */
export const ItsmTicketView = z.object({
  id: z.number().int().positive(),
  kind: z.enum(itsmTicketKinds),
  title: z.string(),
  body: z.string(),
  status: z.enum(itsmTicketStatuses),
  refreshTicketId: z.number().int().positive().nullable(),
  /** The zone its times are written in: its support team's, else the organisation's. */
  timeZone: TimeZone,
  /**
   * A delivery ticket's day1 as it is now (its refresh ticket's booked time), null while none is
   * booked; left out for tickets that have no day1 (location confirmations, change requests).
   */
  day1: Instant.nullable().optional(),
  tasks: z.array(ItsmTaskView),
});
export type ItsmTicketView = z.infer<typeof ItsmTicketView>;

/** The same message again, as it is now: it replaces the message the `postedAs` notice posted. */
export const ItsmTicketUpdatedView = ItsmTicketView.extend({
  /** The outbox row of the `itsm_ticket_posted` notice whose message this one updates. */
  postedAs: z.number().int().positive(),
});
export type ItsmTicketUpdatedView = z.infer<typeof ItsmTicketUpdatedView>;

/** Mac Engineering is asked to set up MDM for a Mac shipped to a remote customer. */
export const MacMdmRequestView = z.object({
  ticketId,
  replacement: z.string().min(1),
  customer: z.string().optional(),
  shipTo: z.string().optional(),
  openApp: AppLink,
});
export type MacMdmRequestView = z.infer<typeof MacMdmRequestView>;

const toPerson = ['slack_dm', 'email'] as const;

/** Invitations to pick a time and every appointment notice link to the ticket's booking page. */
const bookingLink = (view: { ticketId: number }): WebLinkTarget => ({
  action: 'booking',
  subject: { kind: 'ticket', id: view.ticketId },
});

/**
 * The invitation's, reminders' and denial's e-mails link to the wizard's web page, for readers
 * outside Slack (and anyone who would rather answer there).
 */
const wizardLink = (view: { ticketId: number }): WebLinkTarget => ({
  action: 'wizard',
  subject: { kind: 'ticket', id: view.ticketId },
});

/** Every refresh notice: its view, and where it goes. */
export const refreshNotices = {
  approval_requested: {
    view: ApprovalRequestedView,
    channels: toPerson,
    web: (view: ApprovalRequestedView) => ({
      action: 'approval',
      subject: { kind: 'ticket', id: view.ticketId },
    }),
  },
  submitted: { view: SubmittedView, channels: toPerson },
  approved: { view: ApprovedView, channels: toPerson },
  denied: { view: DeniedView, channels: toPerson, web: wizardLink },
  slot_invitation: { view: SlotInvitationView, channels: toPerson, web: bookingLink },
  booking_confirmation: { view: AppointmentView, channels: toPerson, web: bookingLink },
  appointment_moved: { view: AppointmentView, channels: toPerson, web: bookingLink },
  appointment_reminder: { view: AppointmentView, channels: toPerson, web: bookingLink },
  appointment_withdrawn: { view: AppointmentWithdrawnView, channels: toPerson },
  tracking: { view: TrackingView, channels: toPerson },
  completed: { view: CompletedView, channels: toPerson },
  delivery_booked: { view: DeliveryBookedView, channels: ['slack_channel'] },
  delivery_booking_ended: { view: DeliveryBookingEndedView, channels: ['slack_channel'] },
  invitation: { view: InvitationView, channels: toPerson, web: wizardLink },
  wizard_reminder: { view: WizardReminderView, channels: toPerson, web: wizardLink },
  approver_digest: {
    view: ApproverDigestView,
    channels: toPerson,
    web: (view: ApproverDigestView) =>
      view.approverPersonId === undefined
        ? undefined
        : { action: 'approvals', subject: { kind: 'person', id: view.approverPersonId } },
  },
  order_group_approval_requested: {
    view: OrderGroupApprovalRequestedView,
    channels: toPerson,
    web: (view: OrderGroupApprovalRequestedView) => ({
      action: 'order_group_approval',
      subject: { kind: 'order_group', id: view.orderGroupId },
    }),
  },
  order_group_approved: { view: OrderGroupApprovedView, channels: ['slack_dm'] },
  order_group_denied: { view: OrderGroupDeniedView, channels: ['slack_dm'] },
  itsm_ticket_posted: { view: ItsmTicketView, channels: ['slack_channel'] },
  itsm_ticket_updated: { view: ItsmTicketUpdatedView, channels: ['slack_channel'] },
  mac_mdm_request: { view: MacMdmRequestView, channels: ['email'] },
} as const satisfies Record<string, NoticeDefinition>;
