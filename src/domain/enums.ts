// The one source for every shared enumerated value (people, outbox, jobs): each array feeds
// the drizzle column, the zod enum and the TypeScript type. Each module keeps its own beside it.

/** Roles stored in the database. Customers and approvers are derived from tickets and configs. */
export const roleNames = ['admin', 'manager', 'slot_admin', 'agent', 'triage', 'desk_admin'] as const;
export type RoleName = (typeof roleNames)[number];

export const roleLabels: Record<RoleName, string> = {
  admin: 'Refresh admin',
  manager: 'Refresh manager',
  slot_admin: 'Schedule slot admin',
  agent: 'Agent',
  triage: 'Triage',
  desk_admin: 'Desk admin',
};

/** Roles held per support team (slot admins) or support group (agents); the others are global. */
export const scopedRoles = ['slot_admin', 'agent'] as const satisfies readonly RoleName[];

export const outboxChannels = ['slack_dm', 'slack_channel', 'email', 'itsm'] as const;
export type OutboxChannel = (typeof outboxChannels)[number];

/**
 * What an outbox row's payload holds: `view`, a notice kind's view model (rendered when it is
 * delivered) or an ITSM request; `rendered`, the Slack message or e-mail itself, as rows were
 * written before notices travelled as data.
 */
export const outboxPayloadForms = ['rendered', 'view'] as const;
export type OutboxPayloadForm = (typeof outboxPayloadForms)[number];

export const outboxStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];

export const jobRunStatuses = ['running', 'succeeded', 'failed'] as const;
export type JobRunStatus = (typeof jobRunStatuses)[number];

export const eventSources = ['itsm', 'inventory', 'customer', 'slack'] as const;
export type EventSource = (typeof eventSources)[number];

export const mailTransports = ['smtp', 'file'] as const;
export type MailTransport = (typeof mailTransports)[number];
