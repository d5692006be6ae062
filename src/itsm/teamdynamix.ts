import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { ItsmError } from './errors.js';
import type { CreateTicketInput, ItsmPort, ItsmTaskRequest, ItsmTicketRef, ItsmTicketState } from './port.js';
import type { TdxSettings } from './tdx-settings.js';

export interface TeamDynamixOptions {
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
  /** A direct read (lookup, ticket state) that meets a 429 waits this long at most, once. Default 5 s. */
  maxReadWaitMs?: number;
  /** Wall-clock time, to read X-RateLimit-Reset against (the ITSM's clock, not the app's). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

// Response shapes (TDWebApi): only the fields Otto reads; the rest passes through.
const TdxId = z.number().int();
const TdxTicket = z.looseObject({
  ID: TdxId,
  Title: z.string().nullish(),
  StatusID: z.number().int().nullish(),
  StatusName: z.string().nullish(),
  StatusClass: z.number().int().nullish(),
});
const TdxTask = z.looseObject({
  ID: TdxId,
  Title: z.string().nullish(),
  TaskType: z.number().int().nullish(),
  StartDate: z.string().nullish(),
  EndDate: z.string().nullish(),
  PercentComplete: z.number().nullish(),
  CompletedDate: z.string().nullish(),
});
const TdxAsset = z.looseObject({
  ID: TdxId,
  SerialNumber: z.string().nullish(),
  Tag: z.string().nullish(),
  Name: z.string().nullish(),
  StatusName: z.string().nullish(),
});
type TdxAsset = z.infer<typeof TdxAsset>;
// TDWebApi, people/lookup: restricted person records.
const TdxPeople = z.array(
  z.looseObject({
    // A requestor TeamDynamix would refuse is no requestor: the configured one is named instead.
    UID: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
    PrimaryEmail: z.string().nullish(),
    AlertEmail: z.string().nullish(),
    IsActive: z.boolean().nullish(),
  }),
);
// Adding an asset to a ticket answers a message Otto does not read.
const TdxAttached = z.unknown();
// Built once: a zod schema costs more to build than to run, and lookups run thousands a time.
const TdxAssets = z.array(TdxAsset);
const TdxTasks = z.array(TdxTask);
const TdxFeedEntry = z.looseObject({ ID: TdxId });
// loginadmin answers the JWT as plain text.
const TdxToken = z.string().trim().min(20);

/**
 * TDWebApi, TeamDynamix.Api.Statuses.StatusClass: what a tenant's own statuses mean. A status is
 * named by the tenant ("Closed", "Resolved", "Installed"…); its class is TeamDynamix's.
 */
export const tdxStatusClasses = {
  new: 1,
  inProcess: 2,
  completed: 3,
  cancelled: 4,
  onHold: 5,
  requested: 6,
} as const;
const knownStatusClasses = new Set<number>(Object.values(tdxStatusClasses));
/** TDWebApi, TeamDynamix.Api.Tickets.TicketTaskType.WorkflowTask: "a task used as a work step in a workflow". */
const workflowTaskType = 3;
const defaultRateLimitWaitMs = 60_000;

interface Answer {
  status: number;
  ok: boolean;
  headers: IncomingHttpHeaders;
  text: string;
}

interface Call<T> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  schema: z.ZodType<T>;
  /** Any success will do, whatever its body (an acknowledgement Otto does not read). */
  acknowledged?: true;
}

/** `X-RateLimit-Reset` is an RFC 1123 date; the wait until then, at least a second. */
export function rateLimitWaitMs(reset: string | null, now: number): number {
  const at = reset ? Date.parse(reset) : Number.NaN;
  if (Number.isNaN(at)) return defaultRateLimitWaitMs;
  return Math.max(at - now, 1000);
}

const same = (a: string | null | undefined, b: string) =>
  typeof a === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The asset search for a replacement (TDWebApi, TeamDynamix.Api.Assets.AssetSearch): `SerialLike`
 * matches the serial number and the service tag, and `StatusIDs` keeps out retired and disposed
 * assets where the tenant named the statuses a replacement may have.
 */
export function assetSearchBody(serial: string, settings: TdxSettings): Record<string, unknown> {
  return {
    SerialLike: serial,
    ...(settings.replacementStatusIds ? { StatusIDs: settings.replacementStatusIds } : {}),
    MaxResults: 50,
  };
}

/**
 * The asset that is this serial: the same serial number, else the same service tag (SerialLike
 * matches parts of either). A replacement is a live asset: without status ids, one whose status
 * is named Retired or Disposed does not count.
 */
export function matchAsset(assets: readonly TdxAsset[], serial: string, settings: TdxSettings) {
  const live = settings.replacementStatusIds
    ? assets
    : assets.filter((a) => !/^(retired|disposed)$/i.test(a.StatusName?.trim() ?? ''));
  return live.find((a) => same(a.SerialNumber, serial)) ?? live.find((a) => same(a.Tag, serial));
}

/** The group responsible for a team's tickets and tasks: its ITSM group, else its name, else the default. */
export function responsibleGroupId(
  settings: TdxSettings,
  team: CreateTicketInput['supportTeam'],
): number | undefined {
  const groups = settings.responsibleGroups;
  const own = (key: string | undefined) =>
    key !== undefined && Object.hasOwn(groups, key) ? groups[key] : undefined;
  return own(team?.itsmGroup) ?? own(team?.name) ?? settings.defaultResponsibleGroupId;
}

/** Who asked: the customer's TeamDynamix UID when it knows them, else the configured requestor. */
export type TdxRequestor = { uid: string; known: boolean };

/**
 * The new ticket (TDWebApi, POST api/{appId}/tickets; TeamDynamix.Api.Tickets.Ticket): the kind's
 * configured ids, the requestor, the responsible group, and who asked in Otto.
 */
export function ticketBody(
  settings: TdxSettings,
  request: CreateTicketInput,
  requestor: TdxRequestor,
): Record<string, unknown> {
  const kind = settings.tickets[request.kind];
  const group = responsibleGroupId(settings, request.supportTeam);
  const customer = request.requestor;
  const lines = [
    request.body,
    '',
    // A customer TeamDynamix does not know is named where technicians read.
    customer && !requestor.known
      ? `Customer: ${customer.name ? `${customer.name} <${customer.email}>` : customer.email} (not found in TeamDynamix).`
      : undefined,
    `Requested in Otto by ${request.requestedBy}${request.refreshTicketId ? ` for refresh ticket #${request.refreshTicketId}` : ''}.`,
  ];
  return {
    TypeID: kind.typeId,
    ...(kind.formId ? { FormID: kind.formId } : {}),
    Title: request.title,
    Description: lines.filter((line) => line !== undefined).join('\n'),
    AccountID: kind.accountId,
    ...(kind.sourceId ? { SourceID: kind.sourceId } : {}),
    StatusID: kind.statusId,
    PriorityID: kind.priorityId,
    ...(kind.serviceId ? { ServiceID: kind.serviceId } : {}),
    RequestorUid: requestor.uid,
    ...(group ? { ResponsibleGroupID: group } : {}),
  };
}

/** A task Otto adds (TDWebApi, POST api/{appId}/tickets/{ticketId}/tasks; TicketTask). */
export function taskBody(task: ItsmTaskRequest, group: number | undefined): Record<string, unknown> {
  return {
    Title: task.title,
    ...(task.dueAt ? { EndDate: task.dueAt } : {}),
    ...(group ? { ResponsibleGroupID: group } : {}),
  };
}

/** Without notifications (Otto tells people itself) and without making people up. */
export const ticketCreateQuery =
  'EnableNotifyReviewer=false&NotifyRequestor=false&NotifyResponsible=false&AllowRequestorCreation=false';

/**
 * The workflow's tasks that stand for Otto's, by the titles configured for them (a workflow's
 * tasks cannot be added through the API: Otto reads them instead).
 */
export function workflowTasksFor(
  settings: TdxSettings,
  asked: readonly ItsmTaskRequest[],
  tasks: ReadonlyArray<{
    ID: number;
    Title?: string | null | undefined;
    TaskType?: number | null | undefined;
  }>,
): ItsmTicketRef['tasks'] {
  const found: ItsmTicketRef['tasks'] = [];
  // Only the workflow's own steps: a standard task someone added by hand may share a title.
  const steps = tasks.filter(
    (t) => t.TaskType === undefined || t.TaskType === null || t.TaskType === workflowTaskType,
  );
  for (const task of asked) {
    const title = settings.workflowTasks[task.kind];
    const match = title ? steps.find((t) => same(t.Title, title)) : undefined;
    if (match) found.push({ id: String(match.ID), kind: task.kind });
  }
  return found;
}

/**
 * What a ticket's status says, by its class (TDWebApi, StatusClass): Completed is installed and
 * closed; Cancelled stops here; an unknown class is refused. Undefined: the installed rule decides.
 */
export function stateOfStatus(
  id: string,
  ticket: { StatusClass?: number | null | undefined; StatusName?: string | null | undefined },
  settings: TdxSettings,
): ItsmTicketState | undefined {
  const status = ticket.StatusName ?? undefined;
  const named = status ? { status } : {};
  const statusClass = ticket.StatusClass ?? 0;
  if (!knownStatusClasses.has(statusClass)) {
    throw new ItsmError(
      `TeamDynamix ticket ${id} has a status Otto does not know (class ${ticket.StatusClass ?? 'none'}${status ? `, "${status}"` : ''})`,
      { permanent: true },
    );
  }
  if (statusClass === tdxStatusClasses.completed) return { installed: true, closed: true, ...named };
  if (statusClass === tdxStatusClasses.cancelled)
    return { installed: false, closed: false, cancelled: true, ...named };
  const rule = settings.installed;
  if ('status' in rule) return { installed: same(status, rule.status), closed: false, ...named };
  return undefined;
}

/**
 * The TeamDynamix adapter over its Web API. The admin token is cached and renewed when a call
 * answers 401; a 429 becomes an `ItsmError` carrying the wait until `X-RateLimit-Reset`, so
 * the outbox retries then; slow calls are aborted; every answer is checked against its shape.
 */
export function createTeamDynamixItsm(options: TeamDynamixOptions): ItsmPort {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/api`;
  const app = `/${options.appId}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxReadWaitMs = options.maxReadWaitMs ?? 5000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let token: Promise<string> | undefined;

  // Plain node:http(s) with a keep-alive agent rather than fetch: fetch costs three to four times
  // the CPU per call, and the existence lookup makes thousands of calls a run. Idle sockets are
  // closed after 4 s (as fetch does), before the server may drop them under a new request.
  const secure = root.startsWith('https:');
  const agent = secure
    ? new HttpsAgent({ keepAlive: true, timeout: 4000 })
    : new HttpAgent({ keepAlive: true, timeout: 4000 });
  const request = secure ? httpsRequest : httpRequest;
  // Parsed once: every call's URL is this root and a path Otto builds (ids URI-encoded).
  let target: { protocol: string; hostname: string; port: string; pathname: string } | undefined;
  try {
    const { protocol, hostname, port, pathname } = new URL(root);
    // The brackets of an IPv6 literal belong to the URL, not to the host name the socket connects to.
    target = { protocol, hostname: hostname.replace(/^\[(.*)\]$/, '$1'), port, pathname };
  } catch {
    // Each call fails with "could not be reached", as it would with the URL given whole.
  }

  function send(method: string, path: string, body: unknown, bearer?: string): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string | number> = { Accept: 'application/json' };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    return new Promise<Answer>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const fail = (error: unknown) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(new ItsmError(`TeamDynamix did not answer ${method} ${path} within ${timeoutMs} ms`));
          return;
        }
        const cause =
          error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
        reject(new ItsmError(`TeamDynamix could not be reached for ${method} ${path}: ${String(cause)}`));
      };
      try {
        if (!target) throw new TypeError(`Invalid URL: ${root}`);
        const { protocol, hostname, port, pathname } = target;
        const at = { protocol, hostname, port, path: `${pathname}${path}` };
        const outgoing = request({ ...at, method, headers, agent }, (response) => {
          // Read the body under the same deadline: a server may stall after the headers.
          response.setEncoding('utf8');
          let text = '';
          response.on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('error', fail);
          response.on('end', () => {
            clearTimeout(timer);
            const status = response.statusCode ?? 0;
            // As fetch's text(): UTF-8 without its byte order mark.
            if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
            resolve({ status, ok: status >= 200 && status < 300, headers: response.headers, text });
          });
        });
        timer = setTimeout(() => {
          timedOut = true;
          outgoing.destroy();
          // Settled here too: a body stalled after the headers may end without an error event.
          fail(undefined);
        }, timeoutMs);
        outgoing.on('error', fail);
        outgoing.end(payload);
      } catch (error) {
        // A base URL or header the request cannot be made with.
        fail(error);
      }
    });
  }

  function failure(method: string, path: string, response: Answer): ItsmError {
    const what = `TeamDynamix answered ${response.status} to ${method} ${path}`;
    if (response.status === 429) {
      const reset = response.headers['x-ratelimit-reset'];
      const waitMs = rateLimitWaitMs(typeof reset === 'string' ? reset : null, now());
      return new ItsmError(`${what} (rate limited; retry in ${Math.ceil(waitMs / 1000)} s)`, {
        retryAfterMs: waitMs,
        status: 429,
      });
    }
    const detail = response.text.slice(0, 300).trim();
    const message = detail ? `${what}: ${detail}` : what;
    // A request TeamDynamix refuses (400, 404…) is refused again; an outage (5xx) or lost rights (401, 403) pass.
    const permanent =
      response.status >= 400 && response.status < 500 && ![401, 403, 408].includes(response.status);
    return new ItsmError(message, { permanent, status: response.status });
  }

  function login(): Promise<string> {
    if (token === undefined) {
      token = (async () => {
        const path = '/auth/loginadmin';
        const response = await send('POST', path, {
          BEID: options.beid,
          WebServicesKey: options.webServicesKey,
        });
        if (!response.ok) throw failure('POST', path, response);
        const parsed = TdxToken.safeParse(response.text);
        if (!parsed.success) throw new ItsmError('TeamDynamix answered loginadmin without a token');
        return parsed.data;
      })();
    }
    // A failed login is not cached: the next call tries again.
    void token.catch(() => {
      token = undefined;
    });
    return token;
  }

  async function call<T>({ method, path, body, schema, acknowledged }: Call<T>): Promise<T> {
    let response: Answer | undefined;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const bearer = await login();
      response = await send(method, path, body, bearer);
      // An expired token: log in again once, then give up for this time.
      if (response.status !== 401) break;
      if (token && (await token.catch(() => undefined)) === bearer) token = undefined;
    }
    if (!response) throw new ItsmError(`TeamDynamix was not called for ${method} ${path}`);
    if (!response.ok) throw failure(method, path, response);
    if (acknowledged) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(response.text);
    } catch {
      throw new ItsmError(`TeamDynamix answered ${method} ${path} with something other than JSON`, {
        permanent: true,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ItsmError(
        `TeamDynamix answered ${method} ${path} in an unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message})`,
        { permanent: true },
      );
    }
    return parsed.data;
  }

  /** Reads are made while someone waits: a 429 that resets soon is waited out once. */
  async function read<T>(request: Call<T>): Promise<T> {
    try {
      return await call(request);
    } catch (error) {
      if (
        !(error instanceof ItsmError) ||
        error.retryAfterMs === undefined ||
        error.retryAfterMs > maxReadWaitMs
      ) {
        throw error;
      }
      await sleep(error.retryAfterMs);
      return call(request);
    }
  }

  const ticketPath = (id: string) => `${app}/tickets/${encodeURIComponent(id)}`;
  const { settings } = options;
  const assets = `/${options.assetAppId}/assets`;

  async function findAsset(serial: string) {
    const found = await read({
      method: 'POST',
      path: `${assets}/search`,
      body: assetSearchBody(serial, settings),
      schema: TdxAssets,
    });
    return matchAsset(found, serial, settings);
  }

  // TDWebApi, GET api/{appId}/tickets/{id}/tasks: "isEligiblePredecessor" sent as the public clients
  // send it; a closed ticket answers no tasks.
  const ticketTasks = (id: string) =>
    read({ method: 'GET', path: `${ticketPath(id)}/tasks?isEligiblePredecessor=false`, schema: TdxTasks });

  /**
   * The replacement's asset id: the one its lookup found, else searched for now, before the ticket
   * exists (every call after the ticket's creation is one more a retry must not repeat). An asset
   * TeamDynamix cannot find or answers nonsense about is said, not a failure.
   */
  async function replacementAsset(
    replacement: NonNullable<CreateTicketInput['replacement']>,
  ): Promise<{ id: string } | { warning: string }> {
    if (replacement.assetId) return { id: replacement.assetId };
    try {
      const asset = await findAsset(replacement.serial);
      return asset
        ? { id: String(asset.ID) }
        : { warning: `replacement ${replacement.serial} not found in TeamDynamix: not attached` };
    } catch (error) {
      if (!(error instanceof ItsmError) || !error.permanent) throw error;
      return { warning: `replacement ${replacement.serial} not attached: ${error.message}` };
    }
  }

  /**
   * Attaches the replacement asset to the ticket (TDWebApi, POST api/{appId}/tickets/{id}/assets/{assetId}).
   * The ticket exists already: an asset TeamDynamix refuses is said, not a failure.
   */
  async function attach(ticketId: string, serial: string, assetId: string): Promise<string | undefined> {
    try {
      await call({
        method: 'POST',
        path: `${ticketPath(ticketId)}/assets/${encodeURIComponent(assetId)}`,
        body: {},
        schema: TdxAttached,
        acknowledged: true,
      });
      return undefined;
    } catch (error) {
      if (!(error instanceof ItsmError) || !error.permanent) throw error;
      return `replacement ${serial} not attached: ${error.message}`;
    }
  }

  /** The customer as TeamDynamix knows them (TDWebApi, GET api/people/lookup), else the configured requestor. */
  async function requestorOf(email: string | undefined): Promise<TdxRequestor> {
    const fallback = { uid: settings.defaultRequestorUid, known: false };
    if (!email) return fallback;
    let people: z.infer<typeof TdxPeople>;
    try {
      people = await read({
        method: 'GET',
        path: `/people/lookup?searchText=${encodeURIComponent(email)}&maxResults=5`,
        schema: TdxPeople,
      });
    } catch (error) {
      // An answer that can never be read does not hold the ticket up: the customer is named in it.
      if (error instanceof ItsmError && error.permanent) return fallback;
      throw error;
    }
    const person = people.find(
      (p) => p.IsActive !== false && (same(p.PrimaryEmail, email) || same(p.AlertEmail, email)),
    );
    return person ? { uid: person.UID, known: true } : fallback;
  }

  // The ticket's page in TeamDynamix's own client, beside the Web API root: …/TDWebApi is served
  // beside …/TDNext, and the sandbox's …/SBTDWebApi beside …/SBTDNext.
  const webApi = options.baseUrl.replace(/\/+$/, '');
  const api = /\/(SB)?TDWebApi$/i.exec(webApi);
  const client = api ? `${webApi.slice(0, api.index)}/${api[1] ?? ''}TDNext` : `${webApi}/TDNext`;

  return {
    name: 'teamdynamix',

    ticketUrl(id) {
      return `${client}/Apps/${options.appId}/Tickets/TicketDet?TicketID=${encodeURIComponent(id)}`;
    },

    async lookupSystem(serial) {
      const asset = await findAsset(serial);
      if (!asset) return { found: false };
      return { found: true, assetId: String(asset.ID), ...(asset.Name ? { name: asset.Name } : {}) };
    },

    async createTicket(request) {
      const requestor = await requestorOf(request.requestor?.email);
      const asset = request.replacement ? await replacementAsset(request.replacement) : undefined;
      const ticket = await call({
        method: 'POST',
        path: `${app}/tickets?${ticketCreateQuery}`,
        body: ticketBody(settings, request, requestor),
        schema: TdxTicket,
      });
      const created: ItsmTicketRef = { id: String(ticket.ID), tasks: [] };
      const kind = settings.tickets[request.kind];
      if (kind.tasks === 'workflow' && kind.workflowId) {
        // TDWebApi, PUT api/{appId}/tickets/{id}/workflow: assigns the workflow that drives the ticket.
        await call({
          method: 'PUT',
          path: `${ticketPath(created.id)}/workflow?newWorkflowId=${kind.workflowId}&allowRemoveExisting=false`,
          body: {},
          schema: TdxTicket,
        });
      }
      const warning =
        asset && 'id' in asset
          ? await attach(created.id, request.replacement!.serial, asset.id)
          : asset?.warning;
      if (warning) created.warnings = [warning];
      const asked = request.tasks ?? [];
      if (kind.tasks === 'workflow') {
        if (asked.length > 0)
          created.tasks = workflowTasksFor(settings, asked, await ticketTasks(created.id));
        return created;
      }
      const group = responsibleGroupId(settings, request.supportTeam);
      for (const task of asked) {
        const row = await call({
          method: 'POST',
          path: `${ticketPath(created.id)}/tasks`,
          body: taskBody(task, group),
          schema: TdxTask,
        });
        created.tasks.push({ id: String(row.ID), kind: task.kind });
      }
      return created;
    },

    async updateTicket(id, update) {
      for (const task of update.tasks ?? []) {
        const path = `${ticketPath(id)}/tasks/${encodeURIComponent(task.id)}`;
        // The task edit replaces the task: send it back whole with the new date.
        const current = await call({ method: 'GET', path, schema: TdxTask });
        await call({
          method: 'PUT',
          path,
          body: { ...current, EndDate: task.dueAt ? task.dueAt.toISOString() : null },
          schema: TdxTask,
        });
      }
      if (update.note) {
        await call({
          method: 'POST',
          path: `${ticketPath(id)}/feed`,
          body: { Comments: update.note, IsPrivate: true, Notify: [] },
          schema: TdxFeedEntry,
        });
      }
    },

    async closeTask(ticketId, taskId) {
      await call({
        method: 'POST',
        path: `${ticketPath(ticketId)}/tasks/${encodeURIComponent(taskId)}/feed`,
        body: { PercentComplete: 100, Comments: 'Closed by Otto.', IsPrivate: true, Notify: [] },
        schema: TdxFeedEntry,
      });
    },

    async getTicketState(id, known) {
      const ticket = await read({ method: 'GET', path: ticketPath(id), schema: TdxTicket });
      const byStatus = stateOfStatus(id, ticket, settings);
      if (byStatus) return byStatus;
      const status = ticket.StatusName ? { status: ticket.StatusName } : {};
      // Installed when the named task is complete: the one Otto opened, else the workflow's of that title.
      const rule = settings.installed as { task: ItsmTaskRequest['kind'] };
      const tasks = await ticketTasks(id);
      const ownId = known?.find((t) => t.kind === rule.task)?.id;
      const title = settings.workflowTasks[rule.task];
      const task =
        (ownId !== undefined ? tasks.find((t) => String(t.ID) === ownId) : undefined) ??
        (title ? tasks.find((t) => same(t.Title, title)) : undefined);
      const done = task !== undefined && ((task.PercentComplete ?? 0) >= 100 || Boolean(task.CompletedDate));
      return { installed: done, closed: false, ...status };
    },
  };
}
