import { z } from 'zod';
import { AppLink, NoticeLine } from '../domain/notices/index.js';
import { ApprovalSummary, ApproverDigestView, DigestGroupView } from '../domain/refresh/notices.js';

// The data each e-mail template is filled with. Adding a template: write templates/<module>/<name>.mjml (or templates/<name>.mjml if shared)
// (optionally <name>.txt for the plain-text part) and add its data schema to `emailTemplateData`.

/** The link that opens Otto in Slack; only web and slack: links may become a button. */
export const EmailAction = z.object({
  label: z.string().min(1).max(80),
  url: AppLink,
});
export type EmailAction = z.infer<typeof EmailAction>;

/** What the layout itself shows around every template: the primary button and the footer. */
export const EmailLayoutData = z.object({
  preview: z.string().max(200).optional(),
  action: EmailAction.optional(),
  /** The signed link to Otto's own web page for this notice's action (people outside Slack, or anyone). */
  webAction: EmailAction.optional(),
  footer: z.string().optional(),
  /** The reader has no Slack account: the e-mail tells them whom to contact instead of Otto in Slack. */
  outsideSlack: z.boolean().optional(),
  /** Whom they contact: the computer's support team, when known. */
  contact: z.string().optional(),
});
export type EmailLayoutData = z.infer<typeof EmailLayoutData>;

export const EmailLine = NoticeLine;
export type EmailLine = z.infer<typeof EmailLine>;

/** templates/notice.mjml: a title, an introduction and an optional list of label/value lines. */
export const NoticeEmailData = EmailLayoutData.extend({
  title: z.string().min(1),
  intro: z.string(),
  lines: z.array(EmailLine).optional(),
});
export type NoticeEmailData = z.infer<typeof NoticeEmailData>;

/** What every e-mail about a customer's ticket carries: to whom, for whom, and which computer. */
const CustomerTicketEmailData = EmailLayoutData.extend({
  recipientName: z.string().optional(),
  /** The user's name when their delegate receives this. */
  onBehalfOf: z.string().optional(),
  ticketId: z.number().int().positive(),
  computer: z.string().min(1),
});

/** templates/refresh/invitation.mjml: the first invitation to walk the wizard (SPEC §2.2). */
export const InvitationEmailData = CustomerTicketEmailData.extend({
  /** What the wizard asks, by style. */
  asks: z.string().min(1),
  deadline: z.string().min(1),
});
export type InvitationEmailData = z.infer<typeof InvitationEmailData>;

/** templates/refresh/reminder.mjml: a wizard reminder after 5 or 10 business days. */
export const ReminderEmailData = InvitationEmailData.extend({
  last: z.boolean(),
  started: z.boolean(),
});
export type ReminderEmailData = z.infer<typeof ReminderEmailData>;

/** templates/refresh/digest.mjml: an approver's Friday digest, what awaits them first. */
export const DigestEmailData = EmailLayoutData.extend({
  approverName: z.string().optional(),
  ...ApproverDigestView.pick({ weekOf: true, awaiting: true, open: true }).shape,
  /** Each status under its heading. */
  groups: z.array(DigestGroupView.omit({ status: true }).extend({ label: z.string().min(1) })),
  /** Closed tickets as one line of counts, e.g. "12 complete, 1 canceled". */
  closed: z.string().optional(),
});
export type DigestEmailData = z.infer<typeof DigestEmailData>;

/** templates/refresh/approval-requested.mjml: an approver is asked to decide on a ticket. */
export const ApprovalRequestedEmailData = EmailLayoutData.extend({
  approverName: z.string().optional(),
  ...ApprovalSummary.pick({
    ticketId: true,
    customer: true,
    delegate: true,
    computer: true,
    config: true,
    reasons: true,
    lines: true,
  }).shape,
});
export type ApprovalRequestedEmailData = z.infer<typeof ApprovalRequestedEmailData>;

/** templates/refresh/order-group-approval-requested.mjml: an order group's manifest awaits final approval. */
export const OrderGroupApprovalRequestedEmailData = EmailLayoutData.extend({
  approverName: z.string().optional(),
  name: z.string().min(1),
  /** The admin who sent it, by name. */
  requestedByName: z.string().optional(),
  /** "3 refresh tickets". */
  tickets: z.string().min(1),
  models: z.array(z.object({ name: z.string(), count: z.number().int().min(0) })),
  peripherals: z.array(z.object({ name: z.string(), count: z.number().int().min(0) })),
  software: z.array(z.object({ name: z.string(), count: z.number().int().min(0) })),
  differences: z.array(
    z.object({ ticketId: z.number().int().positive(), label: z.string(), what: z.string() }),
  ),
});
export type OrderGroupApprovalRequestedEmailData = z.infer<typeof OrderGroupApprovalRequestedEmailData>;

/** templates/refresh/approved.mjml: the customer (or delegate) hears that the refresh was approved. */
export const ApprovedEmailData = CustomerTicketEmailData.extend({
  approver: z.string().min(1),
  decidedAt: z.string().min(1),
  /** What happens next, by style. */
  next: z.string().min(1),
});
export type ApprovedEmailData = z.infer<typeof ApprovedEmailData>;

/** templates/refresh/denied.mjml: the customer (or delegate) hears why the choices were denied. */
export const DeniedEmailData = CustomerTicketEmailData.extend({
  approver: z.string().min(1),
  decidedAt: z.string().min(1),
  reason: z.string().min(1),
});
export type DeniedEmailData = z.infer<typeof DeniedEmailData>;

/** templates/refresh/tracking.mjml: the replacement shipped to a remote customer, with its tracking number. */
export const TrackingEmailData = CustomerTicketEmailData.extend({
  trackingNumber: z.string().min(1),
});
export type TrackingEmailData = z.infer<typeof TrackingEmailData>;

/** templates/refresh/completion.mjml: the refresh is complete (its ITSM ticket was closed). */
export const CompletionEmailData = CustomerTicketEmailData;
export type CompletionEmailData = z.infer<typeof CompletionEmailData>;

/** templates/refresh/mac-mdm.mjml: Mac Engineering is asked to set up MDM for a Mac shipped home. */
export const MacMdmEmailData = EmailLayoutData.extend({
  ticketId: z.number().int().positive(),
  replacement: z.string().min(1),
  customer: z.string().optional(),
  shipTo: z.string().optional(),
});
export type MacMdmEmailData = z.infer<typeof MacMdmEmailData>;

/** templates/refresh/slot-invitation.mjml: the customer is invited to pick a delivery time (SPEC §2.3). */
export const SlotInvitationEmailData = CustomerTicketEmailData.extend({
  /** Unit-specified-location tickets: where the customer must be; stressed in every message (seed 000). */
  unitLocation: z.string().optional(),
  /** The first free times, e.g. "Mon 23 Nov, 09:00". */
  firstTimes: z.array(z.string().min(1)).max(10),
  /** The booked time this invitation replaces, which is off, and why ("the support team …"). */
  withdrawnWhen: z.string().optional(),
  withdrawnWhy: z.string().optional(),
  /** The e-mail carries the cancellation of the old appointment's calendar event. */
  withdrawnFromCalendar: z.boolean().optional(),
});
export type SlotInvitationEmailData = z.infer<typeof SlotInvitationEmailData>;

/** templates/refresh/booking-confirmation.mjml and appointment-reminder.mjml: the booked day1 appointment. */
export const AppointmentEmailData = CustomerTicketEmailData.extend({
  when: z.string().min(1),
  /** The appointment changed: another time was picked or assigned. */
  moved: z.boolean().optional(),
  /** The time it replaces, when there was one. */
  previousWhen: z.string().optional(),
  /** Where delivery happens (building and room) for on-prem tickets. */
  location: z.string().optional(),
  unitLocation: z.string().optional(),
  /** The e-mail carries the calendar invitation. */
  invitation: z.boolean().optional(),
});
export type AppointmentEmailData = z.infer<typeof AppointmentEmailData>;

/** templates/refresh/appointment-withdrawn.mjml: a booked appointment is off (canceled, on hold). */
export const AppointmentWithdrawnEmailData = CustomerTicketEmailData.extend({
  when: z.string().min(1),
  /** Why, as the end of "… is off: …". */
  why: z.string().min(1),
  /** What happens next. */
  next: z.string().min(1),
  /** The e-mail carries the cancellation of the appointment's calendar event. */
  fromCalendar: z.boolean().optional(),
  location: z.string().optional(),
  unitLocation: z.string().optional(),
});
export type AppointmentWithdrawnEmailData = z.infer<typeof AppointmentWithdrawnEmailData>;

/** templates/desk/case-opened.mjml: a requester hears that their case is open, and how to talk about it. */
export const CaseOpenedEmailData = EmailLayoutData.extend({
  recipientName: z.string().optional(),
  caseId: z.number().int().positive(),
  caseSubject: z.string().min(1),
  intro: z.string().min(1),
  description: z.string(),
  group: z.string().optional(),
});
export type CaseOpenedEmailData = z.infer<typeof CaseOpenedEmailData>;

/** templates/desk/case-message.mjml: a message of the case's conversation, for a requester who reads it by e-mail. */
export const CaseMessageEmailData = EmailLayoutData.extend({
  recipientName: z.string().optional(),
  caseId: z.number().int().positive(),
  caseSubject: z.string().min(1),
  authorName: z.string().min(1),
  text: z.string(),
  /** The names of the files sent with it. */
  files: z.array(z.string()).default([]),
});
export type CaseMessageEmailData = z.infer<typeof CaseMessageEmailData>;

export const emailTemplateData = {
  notice: NoticeEmailData,
  'approval-requested': ApprovalRequestedEmailData,
  approved: ApprovedEmailData,
  denied: DeniedEmailData,
  invitation: InvitationEmailData,
  reminder: ReminderEmailData,
  digest: DigestEmailData,
  tracking: TrackingEmailData,
  completion: CompletionEmailData,
  'mac-mdm': MacMdmEmailData,
  'slot-invitation': SlotInvitationEmailData,
  'booking-confirmation': AppointmentEmailData,
  'appointment-reminder': AppointmentEmailData,
  'appointment-withdrawn': AppointmentWithdrawnEmailData,
  'order-group-approval-requested': OrderGroupApprovalRequestedEmailData,
  'case-opened': CaseOpenedEmailData,
  'case-message': CaseMessageEmailData,
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type EmailTemplateName = keyof typeof emailTemplateData;
export type EmailTemplateData<T extends EmailTemplateName> = z.input<(typeof emailTemplateData)[T]>;

export const emailTemplateNames = Object.keys(emailTemplateData) as [
  EmailTemplateName,
  ...EmailTemplateName[],
];

export function isEmailTemplateName(name: string): name is EmailTemplateName {
  return Object.hasOwn(emailTemplateData, name);
}
