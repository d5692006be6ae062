// The refresh module's enumerated values: each array feeds the drizzle column, the zod enum
// and the TypeScript type.

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

export const batchLookupResults = [
  'pending',
  'ready',
  'unknown_serial',
  'no_group',
  'no_user',
  'no_support_team',
  'open_ticket',
  // The user has no Slack account: a ticket can be made, and Otto reaches them by e-mail only.
  'no_slack_account',
] as const;
export type BatchLookupResult = (typeof batchLookupResults)[number];

export const orderGroupStatuses = ['open', 'awaiting_approval', 'approved', 'ordered'] as const;
export type OrderGroupStatus = (typeof orderGroupStatuses)[number];

export const itsmTicketKinds = ['refresh', 'confirm_location', 'change_request'] as const;
export type ItsmTicketKind = (typeof itsmTicketKinds)[number];

export const itsmTicketStatuses = ['open', 'installed', 'closed'] as const;
export type ItsmTicketStatus = (typeof itsmTicketStatuses)[number];

/** Tasks on an ITSM ticket (SPEC §2.4): Windows prestage, depot build, NIT delivery and setup. */
export const itsmTaskKinds = ['prestage', 'depot_build', 'nit_delivery'] as const;
export type ItsmTaskKind = (typeof itsmTaskKinds)[number];

export const itsmTaskStatuses = ['open', 'done'] as const;
export type ItsmTaskStatus = (typeof itsmTaskStatuses)[number];
