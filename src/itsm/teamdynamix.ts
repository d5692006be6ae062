import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { ItsmError } from './errors.js';
import { budgetOf, methodKey, resetInstant, sharedPacer, TdxPacer } from './pacer.js';
import type {
  CreatedTask,
  CreateTicketInput,
  ItsmPort,
  ItsmTaskRequest,
  ItsmTicketRef,
  ItsmTicketState,
} from './port.js';
import type { TdxConnection, TdxSettings } from './tdx-settings.js';

export interface TeamDynamixOptions extends TdxConnection {
  /**
   * How long a read waits for its method's budget or a 429's reset unless its caller says
   * (`ItsmReadOptions`). Default: as long as it takes — the jobs that read pace themselves.
   */
  maxReadWaitMs?: number;
  /**
   * How long a write (from the outbox) waits for its turn. Default 5 s: a longer wait hands the
   * request back to the outbox with the time to come back, so notices behind it are not held up.
   */
  maxWriteWaitMs?: number;
  /** 429s in a row on one call before it gives up (with the wait as `retryAfterMs`). Default 5. */
  maxRateLimitedInARow?: number;
  /**
   * Wall-clock time and waiting, for a pacer of this adapter's own (tests); without them or
   * `pacer`, the adapter shares the process's pacer for `baseUrl`.
   */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The pacer of this TeamDynamix; default the process's one for `baseUrl` (see pacer.ts). */
  pacer?: TdxPacer;
}

// Response shapes (TDWebApi): only the fields Otto reads; the rest passes through.
const TdxId = z.number().int();
const TdxTicket = z.looseObject({
  ID: TdxId,
  Title: z.string().nullish(),
  Description: z.string().nullish(),
  StatusID: z.number().int().nullish(),
  StatusName: z.string().nullish(),
  StatusClass: z.number().int().nullish(),
  WorkflowID: z.number().int().nullish(),
});
const TdxTask = z.looseObject({
  ID: TdxId,
  Title: z.string().nullish(),
  TaskType: z.number().int().nullish(),
  Description: z.string().nullish(),
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
const TdxTickets = z.array(TdxTicket);
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

/**
 * `X-RateLimit-Reset` is an RFC 1123 date: the wait until then and TeamDynamix's recommended 5 s
 * for clock skew (TDWebApi, "Rate Limiting"); a whole minute and those 5 s when it is unreadable.
 */
export function rateLimitWaitMs(reset: string | null, now: number): number {
  return resetInstant(reset ?? undefined, undefined, now, { limit: 60, windowMs: 60_000 }) - now;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The reference left in a ticket Otto creates, and in each of its tasks, to find them again. */
export function creationReference(marker: string, task?: number): string {
  return task === undefined ? `Otto reference ${marker}` : `Otto reference ${marker}, task ${task + 1}`;
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
 * answers 401. Every call waits its turn in the pacer of its method's documented budget; a 429
 * blocks the method until `X-RateLimit-Reset` and 5 s, then the call is made again (a write
 * that would wait long is handed back to the outbox with the time to come back). Slow calls are
 * aborted; every answer is checked against its shape.
 */
export function createTeamDynamixItsm(options: TeamDynamixOptions): ItsmPort {
  const root = `${options.baseUrl.replace(/\/+$/, '')}/api`;
  const app = `/${options.appId}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxReadWaitMs = options.maxReadWaitMs ?? Number.POSITIVE_INFINITY;
  const maxWriteWaitMs = options.maxWriteWaitMs ?? 5000;
  const maxRateLimitedInARow = options.maxRateLimitedInARow ?? 5;
  // A clock of its own (tests) gets a pacer of its own; otherwise the process's one for this TeamDynamix.
  const pacer =
    options.pacer ??
    (options.now || options.sleep
      ? new TdxPacer({
          now: options.now ?? Date.now,
          sleep: options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
        })
      : sharedPacer(options.baseUrl));
  const now = () => pacer.clock.now();
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

  /**
   * One attempt at a call, with the token renewed once after a 401; the second sending counts
   * against the method's budget too (`again` waits its turn for it).
   */
  async function sendAuthorized(
    method: string,
    path: string,
    body: unknown,
    again: () => Promise<void>,
  ): Promise<Answer> {
    let response: Answer | undefined;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (attempt > 0) await again();
      const bearer = await login();
      response = await send(method, path, body, bearer);
      // An expired token: log in again once, then give up for this time.
      if (response.status !== 401) break;
      if (token && (await token.catch(() => undefined)) === bearer) token = undefined;
    }
    if (!response) throw new ItsmError(`TeamDynamix was not called for ${method} ${path}`);
    return response;
  }

  function rateLimited(method: string, path: string, waitMs: number, answered: boolean): ItsmError {
    const why = answered
      ? `TeamDynamix answered 429 to ${method} ${path}`
      : `TeamDynamix's rate limit for ${methodKey(method, path)} is spent`;
    return new ItsmError(`${why} (rate limited; retry in ${Math.ceil(waitMs / 1000)} s)`, {
      retryAfterMs: waitMs,
      status: 429,
    });
  }

  /**
   * Makes a call when its method's budget allows, waiting at most `maxWaitMs` for it. A 429 (the
   * budget spent by someone else on the same address, or a clock apart) blocks the method until
   * its reset and 5 s, and the call waits and is made again; after `maxRateLimitedInARow` of them,
   * or when the wait would pass `maxWaitMs`, it fails with the wait as `retryAfterMs`.
   */
  async function call<T>(
    { method, path, body, schema, acknowledged }: Call<T>,
    maxWaitMs: number,
  ): Promise<T> {
    const key = methodKey(method, path);
    const budget = budgetOf(method, path);
    let response: Answer;
    for (let limited = 0; ; ) {
      const wait = await pacer.acquire(key, budget, maxWaitMs);
      if (wait > 0) throw rateLimited(method, path, wait, limited > 0);
      // The reset is read as a length on TeamDynamix's clock (reset − Date), counted from when the
      // call left: no skew of Otto's clock counts, and the 5 s margin covers the trip.
      const sentAt = now();
      response = await sendAuthorized(method, path, body, async () => {
        const more = await pacer.acquire(key, budget, maxWaitMs);
        if (more > 0) throw rateLimited(method, path, more, false);
      });
      const reset = header(response.headers, 'x-ratelimit-reset');
      const date = header(response.headers, 'date');
      if (response.status === 429) {
        limited += 1;
        const until = resetInstant(reset, date, sentAt, budget);
        pacer.block(key, until, true);
        if (limited >= maxRateLimitedInARow) throw rateLimited(method, path, until - now(), true);
        continue;
      }
      // The budget is spent (by this call, or with others on the same address): wait for its reset.
      if (header(response.headers, 'x-ratelimit-remaining') === '0') {
        pacer.block(key, resetInstant(reset, date, sentAt, budget), false);
      }
      break;
    }
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

  /**
   * Before a creation is marked as sent: a write that would not get its turn in time fails here,
   * so a retry does not go looking for what was never sent.
   */
  function writeTurnOrFail(method: string, path: string): void {
    const wait = pacer.delayFor(methodKey(method, path), budgetOf(method, path));
    if (wait > maxWriteWaitMs) throw rateLimited(method, path, wait, false);
  }

  /** A read waits as long as its caller allows (jobs: as long as it takes). */
  const read = <T>(request: Call<T>, maxWaitMs = maxReadWaitMs) => call(request, maxWaitMs);
  /** A write, from the outbox: a long wait is the outbox's to make, without holding up the rest. */
  const write = <T>(request: Call<T>) => call(request, maxWriteWaitMs);

  const ticketPath = (id: string) => `${app}/tickets/${encodeURIComponent(id)}`;
  const { settings } = options;
  const assets = `/${options.assetAppId}/assets`;

  /** `maxWaitMs`: a lookup's caller's bound; a creation's (from the outbox) is a write's. */
  async function findAsset(serial: string, maxWaitMs: number) {
    const found = await read(
      {
        method: 'POST',
        path: `${assets}/search`,
        body: assetSearchBody(serial, settings),
        schema: TdxAssets,
      },
      maxWaitMs,
    );
    return matchAsset(found, serial, settings);
  }

  // TDWebApi, GET api/{appId}/tickets/{id}/tasks: "isEligiblePredecessor" sent as the public clients
  // send it; a closed ticket answers no tasks.
  const ticketTasks = (id: string, maxWaitMs: number) =>
    read(
      { method: 'GET', path: `${ticketPath(id)}/tasks?isEligiblePredecessor=false`, schema: TdxTasks },
      maxWaitMs,
    );

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
      const asset = await findAsset(replacement.serial, maxWriteWaitMs);
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
      await write({
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
      people = await write({
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

  /**
   * A ticket Otto sent whose answer never came back (a timeout, a dropped connection): found by
   * the reference in its description among the tickets created since it was first sent, and
   * confirmed by reading it whole (a search answers tickets in brief).
   */
  async function findSentTicket(marker: string, sentAt: Date): Promise<string | undefined> {
    const found = await write({
      method: 'POST',
      path: `${app}/tickets/search`,
      body: {
        SearchText: marker,
        // A minute's margin for the two clocks; the reference is unique anyway.
        CreatedDateFrom: new Date(sentAt.getTime() - 60_000).toISOString(),
        MaxResults: 10,
      },
      schema: TdxTickets,
    });
    for (const candidate of found) {
      const ticket = await write({
        method: 'GET',
        path: ticketPath(String(candidate.ID)),
        schema: TdxTicket,
      });
      if (ticket.Description?.includes(creationReference(marker))) return String(ticket.ID);
    }
    return undefined;
  }

  /**
   * A task whose creation was sent without its answer being recorded: found among the ticket's
   * tasks by its reference.
   */
  async function findSentTask(ticketId: string, marker: string, index: number): Promise<string | undefined> {
    const tasks = await ticketTasks(ticketId, maxWriteWaitMs);
    const reference = creationReference(marker, index);
    const task = tasks.find((t) => t.Description?.trim() === reference);
    return task ? String(task.ID) : undefined;
  }

  /** The ticket an earlier attempt created: recorded, or sent and found by its reference. */
  async function earlierTicket(request: CreateTicketInput): Promise<string | undefined> {
    const journal = request.journal;
    if (journal?.ticketId !== undefined) return journal.ticketId;
    if (!journal?.sentAt) return undefined;
    const found = await findSentTicket(journal.marker, journal.sentAt);
    if (found !== undefined) await journal.ticketCreated(found);
    return found;
  }

  /** Creates the ticket (recorded as sent just before, and as created as soon as it is answered). */
  async function sendTicket(request: CreateTicketInput, requestor: TdxRequestor): Promise<string> {
    const journal = request.journal;
    const path = `${app}/tickets?${ticketCreateQuery}`;
    const body = ticketBody(settings, request, requestor);
    if (journal) body.Description = `${String(body.Description)}\n${creationReference(journal.marker)}`;
    writeTurnOrFail('POST', path);
    await journal?.ticketSending();
    const ticket = await write({ method: 'POST', path, body, schema: TdxTicket });
    const id = String(ticket.ID);
    await journal?.ticketCreated(id);
    return id;
  }

  /**
   * TDWebApi, PUT api/{appId}/tickets/{id}/workflow: assigns the workflow that drives the ticket.
   * Not safe to send twice: with allowRemoveExisting=false TeamDynamix refuses it once the ticket
   * has a workflow (and allowing it would restart the workflow's steps). So when an earlier attempt
   * sent it without its answer being recorded, the ticket's WorkflowID is read first.
   */
  async function assignWorkflow(request: CreateTicketInput, ticketId: string, workflowId: number) {
    const journal = request.journal;
    if (journal?.steps.workflow === 'done') return;
    if (journal?.steps.workflow === 'sent') {
      const ticket = await write({ method: 'GET', path: ticketPath(ticketId), schema: TdxTicket });
      if (ticket.WorkflowID === workflowId) {
        await journal.workflowAssigned();
        return;
      }
    }
    const path = `${ticketPath(ticketId)}/workflow?newWorkflowId=${workflowId}&allowRemoveExisting=false`;
    writeTurnOrFail('PUT', path);
    await journal?.workflowSending();
    await write({ method: 'PUT', path, body: {}, schema: TdxTicket });
    await journal?.workflowAssigned();
  }

  /**
   * Attaches the replacement, once: its warning when it could not be. Safe to send again, so no
   * "sending" is recorded: TeamDynamix keeps a ticket's assets as a set (TDWebApi, POST
   * api/{appId}/tickets/{id}/assets/{assetId}, "Adds an asset to a ticket": an asset the ticket
   * already has is not added twice), and a retry after an attach that was never answered sends it
   * again rather than spend a read on checking.
   */
  async function attachReplacement(
    request: CreateTicketInput,
    ticketId: string,
    asset: { id: string } | { warning: string } | undefined,
  ): Promise<string | undefined> {
    const journal = request.journal;
    const replacement = request.replacement;
    if (journal?.steps.attach) return journal.steps.attach.warning;
    if (!replacement || !asset) return undefined;
    const warning = 'id' in asset ? await attach(ticketId, replacement.serial, asset.id) : asset.warning;
    await journal?.attached(warning);
    return warning;
  }

  /**
   * The workflow's tasks that stand for the request's (a workflow's tasks cannot be added through
   * the API): read once, and recorded as the ticket's tasks. A read is safe to repeat; once it is
   * recorded a retry does not make it again.
   */
  async function readWorkflowTasks(
    request: CreateTicketInput,
    ticketId: string,
  ): Promise<ItsmTicketRef['tasks']> {
    const journal = request.journal;
    const asked = request.tasks ?? [];
    if (asked.length === 0) return [];
    if (journal?.steps.workflowTasks === 'read')
      return [...journal.tasks].sort((a, b) => a.index - b.index).map(({ id, kind }) => ({ id, kind }));
    const tasks = await ticketTasks(ticketId, maxWriteWaitMs);
    const found: CreatedTask[] = [];
    for (const [index, task] of asked.entries()) {
      const [match] = workflowTasksFor(settings, [task], tasks);
      if (match) found.push({ index, ...match });
    }
    await journal?.workflowTasksRead(found);
    return found.map(({ id, kind }) => ({ id, kind }));
  }

  /** Otto's own tasks, one call each, each created once (found by its reference when its answer was lost). */
  async function createTasks(request: CreateTicketInput, ticketId: string): Promise<ItsmTicketRef['tasks']> {
    const journal = request.journal;
    const created: ItsmTicketRef['tasks'] = [];
    const done = new Map((journal?.tasks ?? []).map((t) => [t.index, t]));
    const group = responsibleGroupId(settings, request.supportTeam);
    for (const [index, task] of (request.tasks ?? []).entries()) {
      const recorded = done.get(index);
      if (recorded) {
        created.push({ id: recorded.id, kind: recorded.kind });
        continue;
      }
      let id = journal?.taskSent === index ? await findSentTask(ticketId, journal.marker, index) : undefined;
      if (id === undefined) {
        const path = `${ticketPath(ticketId)}/tasks`;
        writeTurnOrFail('POST', path);
        await journal?.taskSending(index);
        const row = await write({
          method: 'POST',
          path,
          body: {
            ...taskBody(task, group),
            ...(journal ? { Description: creationReference(journal.marker, index) } : {}),
          },
          schema: TdxTask,
        });
        id = String(row.ID);
      }
      await journal?.taskCreated({ index, id, kind: task.kind });
      created.push({ id, kind: task.kind });
    }
    return created;
  }

  /**
   * Creates the ticket, then each call after it: the workflow's assignment, the replacement's
   * attach, then the workflow's tasks read or Otto's own created. With the outbox request's journal
   * each step is recorded as soon as TeamDynamix answers it, and a retry resumes where the last
   * attempt stopped: the ticket is created once, and no step done is made again. A ticket or task
   * whose creation was sent and not answered is looked for (by its reference) before it is sent
   * again. Every call waits its turn in the pacer, on its own method's budget.
   */
  async function createWithSteps(request: CreateTicketInput): Promise<ItsmTicketRef> {
    const journal = request.journal;
    let ticketId = await earlierTicket(request);
    const requestor = ticketId === undefined ? await requestorOf(request.requestor?.email) : undefined;
    // The replacement is searched for before the ticket is created (while its attach is to do).
    const asset =
      request.replacement && !journal?.steps.attach ? await replacementAsset(request.replacement) : undefined;
    if (ticketId === undefined) ticketId = await sendTicket(request, requestor!);
    const kind = settings.tickets[request.kind];
    const workflow = kind.tasks === 'workflow';
    if (workflow && kind.workflowId) await assignWorkflow(request, ticketId, kind.workflowId);
    const warning = await attachReplacement(request, ticketId, asset);
    const tasks = workflow
      ? await readWorkflowTasks(request, ticketId)
      : await createTasks(request, ticketId);
    return { id: ticketId, tasks, ...(warning ? { warnings: [warning] } : {}) };
  }

  return {
    name: 'teamdynamix',

    ticketUrl(id) {
      return `${client}/Apps/${options.appId}/Tickets/TicketDet?TicketID=${encodeURIComponent(id)}`;
    },

    async lookupSystem(serial, readOptions) {
      const asset = await findAsset(serial, readOptions?.maxWaitMs ?? maxReadWaitMs);
      if (!asset) return { found: false };
      return { found: true, assetId: String(asset.ID), ...(asset.Name ? { name: asset.Name } : {}) };
    },

    createTicket: createWithSteps,

    async updateTicket(id, update) {
      for (const task of update.tasks ?? []) {
        const path = `${ticketPath(id)}/tasks/${encodeURIComponent(task.id)}`;
        // The task edit replaces the task: send it back whole with the new date.
        const current = await write({ method: 'GET', path, schema: TdxTask });
        await write({
          method: 'PUT',
          path,
          body: { ...current, EndDate: task.dueAt ? task.dueAt.toISOString() : null },
          schema: TdxTask,
        });
      }
      if (update.note) {
        await write({
          method: 'POST',
          path: `${ticketPath(id)}/feed`,
          body: { Comments: update.note, IsPrivate: true, Notify: [] },
          schema: TdxFeedEntry,
        });
      }
    },

    async closeTask(ticketId, taskId) {
      await write({
        method: 'POST',
        path: `${ticketPath(ticketId)}/tasks/${encodeURIComponent(taskId)}/feed`,
        body: { PercentComplete: 100, Comments: 'Closed by Otto.', IsPrivate: true, Notify: [] },
        schema: TdxFeedEntry,
      });
    },

    async getTicketState(id, known, readOptions) {
      const wait = readOptions?.maxWaitMs ?? maxReadWaitMs;
      const ticket = await read({ method: 'GET', path: ticketPath(id), schema: TdxTicket }, wait);
      const byStatus = stateOfStatus(id, ticket, settings);
      if (byStatus) return byStatus;
      const status = ticket.StatusName ? { status: ticket.StatusName } : {};
      // Installed when the named task is complete: the one Otto opened, else the workflow's of that title.
      const rule = settings.installed as { task: ItsmTaskRequest['kind'] };
      const tasks = await ticketTasks(id, wait);
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
