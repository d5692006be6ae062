import { z } from 'zod';
import { itsmTaskKinds, itsmTicketKinds } from '../domain/refresh/enums.js';

/**
 * What a university's TeamDynamix tenant needs from Otto's tickets, beyond the login: the ids of
 * its ticket types, forms, statuses…, per kind of ticket Otto opens. Given as one JSON document
 * (`TDX_SETTINGS`, a file or the JSON itself) and checked at start, so a missing or mistyped id
 * stops Otto with one line instead of failing on the first ticket.
 */

const tdxId = z
  .number({ error: 'must be a TeamDynamix id (a whole number)' })
  .int({ error: 'must be a TeamDynamix id (a whole number)' })
  .positive({ error: 'must be a TeamDynamix id (a whole number)' });

// TDWebApi, TeamDynamix.Api.Tickets.Ticket.RequestorUid: "Guid".
const guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
  error: 'must be a TeamDynamix person UID (a GUID)',
});

/** Who works a kind of ticket's tasks: tasks Otto adds, or the tasks of the ticket type's workflow. */
export const tdxTaskSources = ['otto', 'workflow'] as const;

/**
 * One kind of ticket (refresh, confirm location, change request). TeamDynamix requires type,
 * account, status and priority on a new ticket (TDWebApi, TeamDynamix.Api.Tickets.Ticket: TypeID,
 * AccountID, StatusID, PriorityID "Required"); form, source and service are the tenant's choice.
 */
export const TdxTicketKindSettings = z.strictObject({
  typeId: tdxId,
  formId: tdxId.optional(),
  statusId: tdxId,
  priorityId: tdxId,
  accountId: tdxId,
  sourceId: tdxId.optional(),
  serviceId: tdxId.optional(),
  /**
   * `workflow`: the ticket type's workflow drives the ticket (the API cannot add workflow tasks,
   * TDWebApi "Ticket Tasks": "Workflow tasks … cannot be added"), so Otto reads its tasks.
   */
  tasks: z.enum(tdxTaskSources, { error: 'must be "otto" or "workflow"' }).default('otto'),
  /** With `tasks: workflow`: the workflow Otto assigns after creation (else the type's own). */
  workflowId: tdxId.optional(),
});
export type TdxTicketKindSettings = z.infer<typeof TdxTicketKindSettings>;

/** When a refresh ticket counts as installed: a task of Otto's complete, or a named status reached. */
export const TdxInstalledRule = z.union([
  z.strictObject({ task: z.enum(itsmTaskKinds, { error: `must be one of ${itsmTaskKinds.join(', ')}` }) }),
  z.strictObject({ status: z.string().trim().min(1, { error: 'must name a ticket status' }) }),
]);
export type TdxInstalledRule = z.infer<typeof TdxInstalledRule>;

export const TdxSettings = z.strictObject({
  tickets: z.strictObject({
    refresh: TdxTicketKindSettings,
    confirm_location: TdxTicketKindSettings,
    change_request: TdxTicketKindSettings,
  }),
  /**
   * The requestor of tickets with no customer Otto can name (labs, loaners) or whom TeamDynamix
   * does not know: TDWebApi, Ticket.RequestorUid: "subsequent edits require a requestor".
   */
  defaultRequestorUid: guid,
  /** TeamDynamix group ids by Otto support team: the team's ITSM group, else its name. */
  responsibleGroups: z.record(z.string().min(1), tdxId).default({}),
  /** The group of tickets and tasks of a team not listed above; unset, the ticket type's own. */
  defaultResponsibleGroupId: tdxId.optional(),
  /** Default: the NIT deliver/setup task complete. */
  installed: TdxInstalledRule.default({ task: 'nit_delivery' }),
  /** With workflows: the title of the workflow task that stands for each of Otto's tasks. */
  workflowTasks: z
    .partialRecord(z.enum(itsmTaskKinds), z.string().trim().min(1, { error: 'must be a task title' }))
    .default({}),
  /**
   * The asset statuses a replacement may have when it is looked up (e.g. In Stock, In Use).
   * Unset, any status but those named Retired or Disposed.
   */
  replacementStatusIds: z.array(tdxId).min(1).optional(),
});
export type TdxSettings = z.infer<typeof TdxSettings>;
export type TdxSettingsInput = z.input<typeof TdxSettings>;

/** Where Otto's TeamDynamix is and what it may do there, as configured (`TDX_*`). */
export interface TdxConnection {
  /** The Web API root, e.g. https://example.teamdynamix.com/TDWebApi */
  baseUrl: string;
  beid: string;
  webServicesKey: string;
  /** The ticketing application (tickets, tasks, feeds). */
  appId: number;
  /** The asset/CI application ("Asset.AppID: the ID of the asset/CI application"), where replacements are looked up. */
  assetAppId: number;
  /** The tenant's ids for Otto's tickets, who works them, and what "installed" means. */
  settings: TdxSettings;
  /** A call that takes longer is aborted and fails (retried by the outbox). Default 10 s. */
  timeoutMs?: number;
}

const valueAt = (json: unknown, path: readonly PropertyKey[]): unknown =>
  path.reduce<unknown>(
    (at, key) =>
      at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined,
    json,
  );

/**
 * Parses the settings from their JSON text; the error names the first bad field by its path, e.g.
 * `tickets.refresh.typeId: must be a TeamDynamix id (a whole number)`.
 */
export function parseTdxSettings(
  text: string,
): { ok: true; settings: TdxSettings } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = TdxSettings.safeParse(json);
  if (parsed.success) {
    // A workflow to assign means nothing to a kind whose tasks Otto adds itself.
    for (const kind of itsmTicketKinds) {
      const own = parsed.data.tickets[kind];
      if (own.workflowId !== undefined && own.tasks !== 'workflow')
        return { ok: false, error: `tickets.${kind}.workflowId: only with "tasks": "workflow"` };
    }
    // A workflow-driven delivery is installed by one of its tasks: Otto must know which.
    const { installed, workflowTasks } = parsed.data;
    if (
      parsed.data.tickets.refresh.tasks === 'workflow' &&
      'task' in installed &&
      !workflowTasks[installed.task]
    )
      return {
        ok: false,
        error: `workflowTasks.${installed.task}: required when tickets.refresh.tasks is "workflow" (the workflow task that means installed)`,
      };
    return { ok: true, settings: parsed.data };
  }
  const issue = parsed.error.issues[0]!;
  const where = issue.path.join('.');
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.code === 'invalid_type' && valueAt(json, issue.path) === undefined
        ? 'is required'
        : issue.message;
  return { ok: false, error: where ? `${where}: ${message}` : message };
}
