// The desk's enumerated values (SPEC §4.3): each array feeds the drizzle column, the zod enum and the type.

/** Every status a case may have, in the order lists show them. */
export const caseStatuses = [
  'new',
  'pending',
  'assessing',
  'open',
  'waiting_customer',
  'scheduling_link_sent',
  'scheduled',
  'deferred',
  'follow_up_admin',
  'follow_up_resource',
  'waiting_vendor',
  'pending_payment',
  'no_show',
  'resolved',
  'closed',
  'incomplete_reopened',
  'customer_says_close',
] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const caseStatusKinds = ['new', 'pending', 'open', 'waiting', 'resolved', 'closed'] as const;
export type CaseStatusKind = (typeof caseStatusKinds)[number];

export interface CaseStatusInfo {
  label: string;
  kind: CaseStatusKind;
  /** The SLA clocks stand still while a case has it. */
  pausesSla: boolean;
  /** Set by Otto's rules only; never offered to a person. */
  systemOnly: boolean;
  /** Cannot be set without a due date. */
  needsDueDate: boolean;
}

const info = (
  label: string,
  kind: CaseStatusKind,
  flags: Partial<Pick<CaseStatusInfo, 'pausesSla' | 'systemOnly' | 'needsDueDate'>> = {},
): CaseStatusInfo => ({ label, kind, pausesSla: false, systemOnly: false, needsDueDate: false, ...flags });

export const caseStatusInfo: Record<CaseStatus, CaseStatusInfo> = {
  new: info('New', 'new'),
  pending: info('Pending', 'pending'),
  assessing: info('Assessing', 'open'),
  open: info('Open', 'open'),
  waiting_customer: info('Waiting for the customer', 'waiting', { pausesSla: true }),
  scheduling_link_sent: info('Scheduling link sent', 'waiting', { pausesSla: true }),
  scheduled: info('Scheduled', 'waiting', { pausesSla: true }),
  deferred: info('Deferred', 'waiting', { pausesSla: true, needsDueDate: true }),
  follow_up_admin: info('Follow-up (admin)', 'open'),
  follow_up_resource: info('Follow-up (assignee)', 'open'),
  waiting_vendor: info('Waiting for the vendor', 'waiting', { pausesSla: true }),
  pending_payment: info('Pending payment', 'waiting', { pausesSla: true }),
  no_show: info('No show', 'waiting', { pausesSla: true }),
  resolved: info('Resolved', 'resolved', { pausesSla: true }),
  closed: info('Closed', 'closed', { pausesSla: true }),
  incomplete_reopened: info('Reopened: checklist incomplete', 'open', { systemOnly: true }),
  customer_says_close: info('Customer says resolved', 'resolved', { pausesSla: true, systemOnly: true }),
};

/** The statuses a category may offer to people: all but the system-only ones. */
export const choosableCaseStatuses = caseStatuses.filter((status) => !caseStatusInfo[status].systemOnly);

/** The statuses every category has: a case is opened, routed and finished with them whatever its category. */
export const requiredCaseStatuses = [
  'new',
  'pending',
  'open',
  'resolved',
  'closed',
] as const satisfies readonly CaseStatus[];

export const caseImpacts = ['high', 'medium', 'low'] as const;
export type CaseImpact = (typeof caseImpacts)[number];

/** Where a case came from (SPEC §4.1). */
export const caseSources = ['slack', 'email', 'refresh'] as const;
export type CaseSource = (typeof caseSources)[number];

/** Who said a message of the case's conversation. */
export const caseMessageSides = ['staff', 'requester'] as const;
export type CaseMessageSide = (typeof caseMessageSides)[number];

/** The desk's lists on the App Home (issue 16 items 6 and 8), each paged on its own. */
export const deskHomeLists = ['mine', 'assigned', 'unassigned', 'deferred', 'unrouted', 'escalated'] as const;
export type DeskHomeList = (typeof deskHomeLists)[number];

/** Statuses of a case that is finished for staff: it leaves every queue. */
export const finishedCaseStatuses = caseStatuses.filter(
  (status) => caseStatusInfo[status].kind === 'resolved' || caseStatusInfo[status].kind === 'closed',
);

/** Statuses where the next move is staff's: the cases a queue flags when they wait longest. */
export const staffTurnCaseStatuses = caseStatuses.filter((status) =>
  (['new', 'pending', 'open'] as const).some((kind) => caseStatusInfo[status].kind === kind),
);
