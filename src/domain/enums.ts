// The one source for every enumerated value: each array feeds the drizzle column,
// the zod enum and the TypeScript type.

export const refreshStyles = [
  'remote_customer',
  'on_prem',
  'unit_specified_location',
  'no_customer',
  'bump_down',
] as const;
export type RefreshStyle = (typeof refreshStyles)[number];

export const refreshStatuses = [
  'pending_customer',
  'requires_approval',
  'pending_location_info',
  'pending_ordering',
  'pending_itsm_existence',
  'pending_schedule_slot_discovery',
  'pending_customer_scheduling',
  'pending_delivery',
  'delivery_scheduled',
  'complete',
  'on_hold',
  'canceled',
] as const;
export type RefreshStatus = (typeof refreshStatuses)[number];

export const closedRefreshStatuses = ['complete', 'canceled'] as const satisfies readonly RefreshStatus[];

export const platforms = ['windows', 'mac'] as const;
export type Platform = (typeof platforms)[number];

export const systemStatuses = ['active', 'replacement', 'retired'] as const;
export type SystemStatus = (typeof systemStatuses)[number];

/** Roles stored in the database. Customers and approvers are derived from tickets and configs. */
export const roleNames = ['admin', 'manager', 'slot_admin', 'agent', 'triage'] as const;
export type RoleName = (typeof roleNames)[number];

export const roleLabels: Record<RoleName, string> = {
  admin: 'Refresh admin',
  manager: 'Refresh manager',
  slot_admin: 'Schedule slot admin',
  agent: 'Agent',
  triage: 'Triage',
};

/** Roles held per support team (slot admins) or support group (agents); the others are global. */
export const scopedRoles = ['slot_admin', 'agent'] as const satisfies readonly RoleName[];

export const batchLookupResults = [
  'pending',
  'ready',
  'unknown_serial',
  'no_group',
  'no_user',
  'no_support_team',
  'open_ticket',
] as const;
export type BatchLookupResult = (typeof batchLookupResults)[number];

export const orderGroupStatuses = ['open', 'awaiting_approval', 'approved', 'ordered'] as const;
export type OrderGroupStatus = (typeof orderGroupStatuses)[number];

export const outboxChannels = ['slack_dm', 'slack_channel', 'email', 'itsm'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const jobRunStatuses = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof jobRunStatuses)[number];

export const eventSources = ['itsm', 'inventory', 'customer', 'slack'] as const;
export type EventSource = (typeof eventSources)[number];

export const mailTransports = ['smtp', 'file'] as const;
export type MailTransport = (typeof mailTransports)[number];

export const itsmTicketKinds = ['refresh', 'confirm_location', 'change_request'] as const;
export type ItsmTicketKind = (typeof itsmTicketKinds)[number];

export const itsmTicketStatuses = ['open', 'installed', 'closed'] as const;
export type ItsmTicketStatus = (typeof itsmTicketStatuses)[number];

/** Tasks on an ITSM ticket (SPEC §2.4): Windows prestage, depot build, NIT delivery and setup. */
export const itsmTaskKinds = ['prestage', 'depot_build', 'nit_delivery'] as const;
export type ItsmTaskKind = (typeof itsmTaskKinds)[number];

export const itsmTaskStatuses = ['open', 'done'] as const;
export type ItsmTaskStatus = (typeof itsmTaskStatuses)[number];
