import type { NoticeKind, NoticeViewInput } from '../../src/domain/notices/index.js';
import { renderOutboxRow } from '../../src/effects/render/index.js';

const openApp = 'https://slack.com/app_redirect?app=A0STANDIN';
const reader = {
  ticketId: 12,
  computer: 'LSA-PC-12 (SN00012)',
  recipientName: 'Dana Delegate',
  onBehalfOf: 'Casey Customer',
  openApp,
};
const when = 'Mon 23 Nov, 09:00';
const cart = { models: [{ name: 'Dell Latitude 7450', count: 3 }], peripherals: [], software: [] };

const caseSummary = {
  caseId: 41,
  version: 1,
  subject: 'Projector in B204 does not turn on',
  status: 'pending',
  impact: 'high',
  category: 'Audio-visual',
  group: 'AV',
  assignee: 'U0ADMIN01',
  reporter: { slackUserId: 'U0CUSTOMR', name: 'Casey Customer' },
  routeReason: 'rule “Projectors”: subject has “projector”',
  responseDueAt: new Date('2026-11-23T15:00:00Z'),
  resolutionDueAt: new Date('2026-11-24T14:00:00Z'),
  openedAt: new Date('2026-11-23T14:00:00Z'),
  timeZone: 'America/Detroit',
} as const;

/** One view of every notice kind, as a service would queue it: the typed map makes a new kind name one. */
export const sampleViews: { [K in NoticeKind]: NoticeViewInput<K> } = {
  approval_requested: {
    ticketId: 12,
    status: 'requires_approval',
    customer: 'Casey Customer',
    computer: reader.computer,
    config: 'LSA standard',
    reasons: ['a different device was requested'],
    lines: [{ label: 'Computer', value: reader.computer }],
    approverName: 'Pat Approver',
    openApp,
  },
  submitted: { ticketId: 12, openApp },
  approved: {
    ...reader,
    approverId: 'U0APPROVE',
    approverName: 'Pat Approver',
    decidedAt: when,
    next: 'Your new computer will be ordered.',
  },
  denied: {
    ...reader,
    approverId: null,
    approverName: 'Your approver',
    decidedAt: when,
    reason: 'Pick the standard model.',
  },
  slot_invitation: { ...reader, unitLocation: 'Angell Hall 2001', firstTimes: [when] },
  booking_confirmation: {
    ...reader,
    location: 'Mason Hall 1200',
    when,
    event: {
      startsAt: new Date('2026-11-23T14:00:00Z'),
      endsAt: new Date('2026-11-23T15:00:00Z'),
      uidDomain: 'otto.example.edu',
      bookedAt: new Date('2026-11-17T15:00:00Z'),
      attendeeEmail: 'dana@example.edu',
    },
  },
  appointment_moved: {
    ...reader,
    when,
    previousWhen: 'Fri 20 Nov, 09:00',
    event: {
      startsAt: '2026-11-23T14:00:00.000Z',
      endsAt: '2026-11-23T15:00:00.000Z',
      uidDomain: 'otto.example.edu',
      bookedAt: '2026-11-17T15:00:00.000Z',
    },
  },
  appointment_reminder: { ...reader, unitLocation: 'Angell Hall 2001', when },
  appointment_withdrawn: {
    ...reader,
    location: 'Mason Hall 1200',
    when,
    reason: 'canceled',
    event: {
      uid: '5b0e7c1e-4f0b-4b7e-9d7e-1f1f0c3a2b11@otto.example.edu',
      sequence: 1,
      startsAt: new Date('2026-11-23T14:00:00Z'),
      endsAt: new Date('2026-11-23T15:00:00Z'),
      bookedAt: new Date('2026-11-18T15:00:00Z'),
      attendeeEmail: 'dana@example.edu',
    },
  },
  tracking: { ...reader, trackingNumber: '1Z999AA10123456784' },
  completed: reader,
  delivery_booked: {
    ticketId: 12,
    computer: reader.computer,
    customer: 'Casey Customer',
    day1: when,
    where: 'Location: Mason Hall 1200',
    rescheduled: false,
  },
  delivery_booking_ended: {
    ticketId: 12,
    computer: reader.computer,
    customer: 'Casey Customer',
    day1: when,
    where: 'Location: Mason Hall 1200',
    rescheduled: false,
    postedAs: 41,
    ended: { kind: 'off', reason: 'on_hold', onHold: true },
  },
  invitation: {
    ...reader,
    status: 'pending_customer',
    asks: 'Confirm where your computer is on campus.',
    deadline: 'Tue 8 Dec, 10:05',
  },
  wizard_reminder: {
    ...reader,
    status: 'pending_customer',
    asks: 'Confirm where your computer is on campus.',
    deadline: 'Tue 8 Dec, 10:05',
    reminder: 2,
    started: true,
  },
  approver_digest: {
    approverName: 'Pat Approver',
    weekOf: 'Fri 20 Nov',
    awaiting: 1,
    open: 2,
    groups: [
      {
        status: 'requires_approval',
        count: 1,
        tickets: [{ id: 12, computer: reader.computer, customer: 'Casey Customer', config: 'LSA standard' }],
        more: 0,
      },
      {
        status: 'pending_ordering',
        count: 1,
        tickets: [{ id: 13, computer: 'SN00013', customer: 'Sam Staff', config: 'LSA standard' }],
        more: 0,
      },
    ],
    closed: { complete: 4, canceled: 1 },
    openApp,
  },
  order_group_approval_requested: {
    orderGroupId: 3,
    name: 'LSA November',
    ticketCount: 3,
    ...cart,
    requestedBy: 'U0ADMIN01',
  },
  order_group_approved: { orderGroupId: 3, name: 'LSA November', approvedBy: 'U0APPROVE' },
  order_group_denied: {
    orderGroupId: 3,
    name: 'LSA November',
    deniedBy: 'U0APPROVE',
    reason: 'Two of these are still under warranty.',
  },
  itsm_ticket_posted: {
    id: 5,
    kind: 'refresh',
    title: 'Refresh #12: Dell Latitude 7450 for Casey Customer',
    body: 'Otto refresh ticket #12.',
    status: 'open',
    refreshTicketId: 12,
    timeZone: 'America/Detroit',
    day1: new Date('2026-11-23T14:00:00Z'),
    tasks: [
      {
        id: 9,
        kind: 'depot_build',
        title: 'Depot build',
        status: 'open',
        dueAt: new Date('2026-11-20T14:00:00Z'),
        completedAt: null,
        completedBy: null,
      },
    ],
  },
  itsm_ticket_updated: {
    postedAs: 40,
    id: 5,
    kind: 'refresh',
    title: 'Refresh #12: Dell Latitude 7450 for Casey Customer',
    body: 'Otto refresh ticket #12.',
    status: 'open',
    refreshTicketId: 12,
    timeZone: 'America/Detroit',
    day1: new Date('2026-11-23T14:00:00Z'),
    tasks: [
      {
        id: 9,
        kind: 'depot_build',
        title: 'Depot build',
        status: 'done',
        dueAt: new Date('2026-11-20T14:00:00Z'),
        completedAt: new Date('2026-11-19T14:00:00Z'),
        completedBy: 'otto',
      },
    ],
  },
  mac_mdm_request: { ticketId: 12, replacement: 'MacBook Pro (C02X)', shipTo: '500 S State St', openApp },
  case_card: { ...caseSummary, description: 'The projector shows no picture since Monday.', files: 1 },
  case_opened: {
    caseId: 41,
    subject: caseSummary.subject,
    description: 'The projector shows no picture since Monday.',
    recipientName: 'Casey Customer',
    openedBy: { slackUserId: 'U0APPROVE', name: 'Dana Delegate' },
    group: 'AV',
    openApp,
  },
  case_assigned: { ...caseSummary, why: 'routed' },
  case_moved: {
    caseId: 41,
    subject: caseSummary.subject,
    threadOf: 7,
    group: 'IT',
    channel: 'C0DESK',
    assignee: 'U0AGENT',
    by: 'U0CASEY',
  },
  case_escalated: { ...caseSummary, pendingSince: new Date('2026-11-20T21:00:00Z'), hours: 4 },
  case_message: {
    caseId: 41,
    subject: caseSummary.subject,
    side: 'staff',
    authorName: 'Ava Visual',
    text: 'I will be in B204 at 2pm; can you let me in? <!channel>',
    files: ['wiring.pdf'],
    inThreadOf: 7,
    as: { username: 'Ava Visual' },
    recipientName: 'Casey Customer',
    openApp,
  },
  case_message_removed: { caseId: 41, removes: 9 },
  case_file: { caseId: 41, fileId: 3, name: 'wiring.pdf', authorName: 'Ava Visual', inThreadOf: 7 },
};

/** A notice to Alice for the dispatcher's tests: a DM and an e-mail of the `submitted` kind. */
export const aliceNotice = {
  to: { slackUserId: 'U0ALICE', email: 'alice@example.edu' },
  kind: 'submitted',
  view: { ticketId: 7, openApp },
  caseId: 7,
} as const;

/** The Slack DM `aliceNotice` becomes. */
export const aliceDmText = 'Thanks! Otto has your choices for refresh #7.';
export const aliceEmailSubject = 'Refresh #7: we have your choices';

/** An outbox row as it is delivered: its view rendered to the Slack message or e-mail (ITSM rows as queued). */
export function delivered<Row extends Parameters<typeof renderOutboxRow>[0]>(row: Row) {
  return { ...row, payload: renderOutboxRow(row) as Record<string, unknown> };
}
