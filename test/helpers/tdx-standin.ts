import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type TdxConnection,
  type TdxSettings,
  type TdxSettingsInput,
  TdxSettings as TdxSettingsSchema,
} from '../../src/itsm/tdx-settings.js';

/**
 * A local TeamDynamix Web API (TDWebApi) for tests, following TeamDynamix's own documentation
 * (solutions.teamdynamix.com/TDWebApi, named per rule below) rather than what Otto assumes: a
 * tenant with its own ticket types, statuses, people, groups and a separate asset application,
 * with faults on demand (429 with X-RateLimit-Reset, 500, a slow answer, an expired token, a
 * malformed body). Every request is recorded.
 */

export interface TdxCall {
  method: string;
  /** The path with its query, as sent. */
  path: string;
  /** The path alone. */
  pathname: string;
  /** The query's parameters. */
  query: Record<string, string>;
  status: number;
  body: unknown;
  authorization: string | undefined;
  contentType: string | undefined;
}

export interface TdxTicket {
  ID: number;
  AppID: number;
  TypeID: number;
  FormID: number;
  Title: string;
  Description: string;
  AccountID: number;
  SourceID: number;
  StatusID: number;
  StatusName: string;
  StatusClass: number;
  PriorityID: number;
  ServiceID: number;
  RequestorUid: string | null;
  RequestorEmail: string;
  ResponsibleGroupID: number;
  WorkflowID: number;
  Feed: Array<{ ID: number; Body: string; IsPrivate: boolean }>;
  Tasks: TdxTicketTask[];
  /** The assets attached to the ticket (their ids in the asset application). */
  Assets: number[];
}

export interface TdxTicketTask {
  ID: number;
  TicketID: number;
  Title: string;
  Description: string | null;
  StartDate: string | null;
  EndDate: string | null;
  PercentComplete: number;
  CompletedDate: string | null;
  IsActive: boolean;
  /** TicketTaskType: 1 a standard task, 3 a workflow task. */
  TaskType: number;
  ResponsibleGroupID: number;
}

export interface TdxAsset {
  ID: number;
  AppID: number;
  SerialNumber: string;
  Tag: string | null;
  Name: string;
  StatusID: number;
  StatusName: string;
}

export interface TdxPerson {
  UID: string;
  FullName: string;
  PrimaryEmail: string;
  AlertEmail: string;
  IsActive: boolean;
}

/** A fault the next matching request meets. */
export type TdxFault =
  | { status: 429; resetInMs: number }
  | { status: 500 }
  | { delayMs: number }
  | { status: 200; body: unknown }
  /** The request is carried out, then the connection drops before the answer: "did it happen?" */
  | { lose: true };

/** An answer given instead of the route's, e.g. a rate limit's 429. */
export interface TdxAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** The call goes on to its route, its answer carrying these headers (e.g. the rate headers). */
export interface TdxLetThrough {
  headers: Record<string, string>;
}

/**
 * The tenant's own ids: what a TDX administrator sets up, and what Otto's settings must name.
 * Statuses carry TeamDynamix's status classes (TDWebApi, TeamDynamix.Api.Statuses.StatusClass:
 * New 1, InProcess 2, Completed 3, Cancelled 4, OnHold 5, Requested 6).
 */
export const tdxTenant = {
  ticketAppId: 42,
  assetAppId: 43,
  types: [101, 102, 103],
  forms: [201, 202],
  accounts: [5, 6],
  sources: [8],
  services: [77],
  priorities: [20, 21],
  statuses: [
    { ID: 301, Name: 'New', StatusClass: 1 },
    { ID: 302, Name: 'In Process', StatusClass: 2 },
    { ID: 303, Name: 'Installed', StatusClass: 2 },
    { ID: 304, Name: 'Closed', StatusClass: 3 },
    { ID: 305, Name: 'Cancelled', StatusClass: 4 },
    { ID: 306, Name: 'On Hold', StatusClass: 5 },
    { ID: 307, Name: 'Requested', StatusClass: 6 },
  ],
  groups: [900, 901, 902],
  /** The workflows of the ticketing application, with their steps' tasks. */
  workflows: [{ ID: 600, tasks: ['Depot build (workflow)', 'Deliver and set up (workflow)'] }],
  /** Asset statuses (TDWebApi, AssetStatus), out of service or not. */
  assetStatuses: [
    { ID: 1, Name: 'In Use' },
    { ID: 2, Name: 'In Stock' },
    { ID: 3, Name: 'Retired' },
    { ID: 4, Name: 'Disposed' },
  ],
  /** The requestor Otto names when the customer is not known. */
  serviceAccountUid: '0b7c3c2e-1111-4a4a-9c9c-000000000001',
} as const;

/** Settings for Otto that match the stand-in's tenant, with `override` on top. */
export function tdxSettingsFor(override: Partial<TdxSettingsInput> = {}): TdxSettingsInput {
  const kind = (typeId: number) => ({ typeId, statusId: 301, priorityId: 20, accountId: 5 });
  return {
    tickets: {
      refresh: { ...kind(101), formId: 201, sourceId: 8, serviceId: 77 },
      confirm_location: kind(102),
      change_request: { ...kind(103), formId: 202 },
    },
    defaultRequestorUid: tdxTenant.serviceAccountUid,
    responsibleGroups: { 'NIT-North': 901, 'Central IT': 902 },
    defaultResponsibleGroupId: 900,
    ...override,
  };
}

export interface TdxStandIn {
  /** What the adapter needs to talk to this stand-in, as Otto's configuration gives it. */
  connection(): TdxConnection;
  /** The Web API root to give the adapter (…/TDWebApi). */
  baseUrl: string;
  beid: string;
  webServicesKey: string;
  /** The ticketing application. */
  appId: number;
  /** The asset/CI application. */
  assetAppId: number;
  /** Otto's settings for this tenant. */
  settings: TdxSettings;
  /** Every TDX_* variable Otto needs to use this stand-in (settings as JSON). */
  env(override?: Partial<TdxSettingsInput>): Record<string, string>;
  calls: TdxCall[];
  tickets: Map<number, TdxTicket>;
  people: TdxPerson[];
  addAsset(
    asset: Omit<TdxAsset, 'ID' | 'AppID' | 'StatusID' | 'StatusName' | 'Tag'> & {
      ID?: number;
      Tag?: string | null;
      StatusID?: number;
    },
  ): TdxAsset;
  addPerson(person: { email: string; name: string; alertEmail?: string; active?: boolean }): TdxPerson;
  /** The next request whose path matches (default: any but loginadmin) meets this fault once. */
  failNext(fault: TdxFault, match?: RegExp): void;
  /**
   * Asked before every call is routed (logins too); an answer returned is sent instead, headers
   * alone go on the routed answer. The per-method rate budgets (TDWebApi: each method's
   * "Rate/Submission Limitations") are this hook when started with `rateBudgets`.
   */
  beforeCall:
    | ((call: { method: string; pathname: string; now: number }) => TdxAnswer | TdxLetThrough | undefined)
    | undefined;
  /** Every token issued so far stops working (answers 401), as after 24 hours. */
  expireTokens(): void;
  /** Moves a ticket to the tenant's status of that id, or the first of that status class. */
  setStatus(ticketId: number, status: { id: number } | { statusClass: number } | number): void;
  /** Completes a task (as a technician does in TeamDynamix). */
  completeTask(ticketId: number, title: string): void;
  callsTo(method: string, path: RegExp): TdxCall[];
  close(): Promise<void>;
  // ── Rate limits and faults by count (see the section "Rate budgets" below) ──
  /** The n-th call (1 = the next) from now whose method and path match meets this fault. */
  failNth(match: { method: string; path: RegExp }, n: number, fault: TdxFault): void;
  /**
   * Every call but logins answers 429 from `from` (default now) until the stand-in's clock
   * reaches `until` (its reset), as when other integrations on the same address spend the budget.
   */
  storm(until: number, from?: number): void;
  /** 429s answered so far (by the budgets, a storm or a fault). */
  readonly rateLimited: number;
  /** A ticket as if created earlier, with its tasks, without a call. */
  addTicket(fields: Partial<Omit<TdxTicket, 'ID'>> & { Title: string }): TdxTicket;
}

export interface TdxStandInOptions {
  appId?: number;
  /**
   * The stand-in's clock (ms), for its rate windows and `Date` headers: tests and benchmarks
   * give it the adapter's simulated clock. Default the wall clock.
   */
  clock?: () => number;
  /** Enforce TeamDynamix's per-method rate limits (default off: most tests are about other things). */
  rateBudgets?: boolean;
}

const isGuid = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

export async function startTdxStandIn(options: TdxStandInOptions = {}): Promise<TdxStandIn> {
  const appId = options.appId ?? tdxTenant.ticketAppId;
  const assetAppId = tdxTenant.assetAppId;
  const clock = options.clock ?? Date.now;
  const beid = 'B3ID-0000-1111';
  const webServicesKey = 'ws-key-2222-3333';
  const tokens = new Set<string>();
  const calls: TdxCall[] = [];
  const tickets = new Map<number, TdxTicket>();
  const assets: TdxAsset[] = [];
  const people: TdxPerson[] = [
    {
      UID: tdxTenant.serviceAccountUid,
      FullName: 'Otto Service Account',
      PrimaryEmail: 'otto@example.edu',
      AlertEmail: 'otto@example.edu',
      IsActive: true,
    },
  ];
  // Every serial number and service tag in lower case, one after the other, each followed by a
  // NUL, where each starts and whose it is: a search is one native substring scan over thousands
  // of assets, not one per asset.
  let searchText = '';
  const entryStarts: number[] = [];
  const entryAsset: number[] = [];
  const faults: Array<{ fault: TdxFault; match: RegExp }> = [];
  let nextId = 1000;
  const timers = new Set<NodeJS.Timeout>();

  const readBody = (req: IncomingMessage) =>
    new Promise<unknown>((resolve) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        try {
          resolve(raw ? JSON.parse(raw) : undefined);
        } catch {
          resolve(raw);
        }
      });
    });

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };

  /** The indexes of the assets whose serial or tag contains `like` (lower case), in the order added. */
  function assetsLike(like: string): number[] {
    if (like.includes('\0')) return [];
    const found = new Set<number>();
    for (let at = searchText.indexOf(like); at !== -1; ) {
      // The entry holding position `at`: the last start at or before it.
      let lo = 0;
      let hi = entryStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (entryStarts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      found.add(entryAsset[lo]!);
      // Each entry once: go on from the start of the next one.
      const next = entryStarts[lo + 1];
      at = next === undefined ? -1 : searchText.indexOf(like, next);
    }
    return [...found].sort((a, b) => a - b);
  }

  function index(asset: TdxAsset, at: number) {
    for (const text of [asset.SerialNumber, asset.Tag]) {
      if (!text) continue;
      entryStarts.push(searchText.length);
      entryAsset.push(at);
      searchText += `${text.toLowerCase()}\0`;
    }
  }

  const statusOf = (id: number) => tdxTenant.statuses.find((s) => s.ID === id);
  const shownTicket = (ticket: TdxTicket) => {
    const { Feed: _f, Tasks: _t, Assets: _a, ...shown } = ticket;
    return shown;
  };
  const isClosed = (ticket: TdxTicket) => ticket.StatusClass === 3 || ticket.StatusClass === 4;

  function addWorkflowTasks(ticket: TdxTicket, workflowId: number) {
    const workflow = tdxTenant.workflows.find((w) => w.ID === workflowId);
    if (!workflow) return false;
    ticket.WorkflowID = workflowId;
    for (const title of workflow.tasks) ticket.Tasks.push(newTask(ticket, title, 3, {}));
    return true;
  }

  function newTask(
    ticket: TdxTicket,
    title: string,
    type: number,
    fields: Record<string, unknown>,
  ): TdxTicketTask {
    return {
      ID: nextId++,
      TicketID: ticket.ID,
      Title: title,
      Description: typeof fields.Description === 'string' ? fields.Description : null,
      StartDate: (fields.StartDate as string | undefined) ?? null,
      EndDate: (fields.EndDate as string | undefined) ?? null,
      PercentComplete: 0,
      CompletedDate: null,
      IsActive: true,
      TaskType: type,
      ResponsibleGroupID: (fields.ResponsibleGroupID as number | undefined) ?? 0,
    };
  }

  /**
   * TDWebApi, POST api/{appId}/tickets and TeamDynamix.Api.Tickets.Ticket: Title, TypeID,
   * AccountID, StatusID and PriorityID are required; every id must be one of the tenant's; the
   * RequestorUid is optional on creation ("the system will attempt to perform matching based on
   * the submitted requestor's email address"), and with AllowRequestorCreation=false a requestor
   * e-mail no one has is refused.
   */
  function refuseTicket(
    fields: Record<string, unknown> | undefined,
    query: Record<string, string>,
  ): string | undefined {
    if (!fields || typeof fields !== 'object') return 'The ticket is required.';
    if (typeof fields.Title !== 'string' || !fields.Title) return 'Title is required.';
    const known = (name: string, ids: readonly number[], required: boolean) => {
      const value = fields[name];
      if (value === undefined || value === null || value === 0)
        return required ? `${name} is required.` : undefined;
      return typeof value === 'number' && ids.includes(value)
        ? undefined
        : `${name} ${String(value)} is not valid.`;
    };
    const refusal =
      known('TypeID', tdxTenant.types, true) ??
      known('AccountID', tdxTenant.accounts, true) ??
      known(
        'StatusID',
        tdxTenant.statuses.map((s) => s.ID),
        true,
      ) ??
      known('PriorityID', tdxTenant.priorities, true) ??
      known('FormID', tdxTenant.forms, false) ??
      known('SourceID', tdxTenant.sources, false) ??
      known('ServiceID', tdxTenant.services, false) ??
      known('ResponsibleGroupID', tdxTenant.groups, false);
    if (refusal) return refusal;
    if (fields.RequestorUid !== undefined && fields.RequestorUid !== null) {
      if (!isGuid(fields.RequestorUid) || !people.some((p) => p.UID === fields.RequestorUid))
        return `RequestorUid ${String(fields.RequestorUid)} is not a person.`;
    } else if (typeof fields.RequestorEmail === 'string' && query.AllowRequestorCreation !== 'true') {
      if (!people.some((p) => p.PrimaryEmail.toLowerCase() === String(fields.RequestorEmail).toLowerCase()))
        return 'No requestor matches the e-mail given, and requestor creation is not allowed.';
    }
    return undefined;
  }

  const api = `/TDWebApi/api`;
  const app = `${api}/${appId}`;
  const assetApp = `${api}/${assetAppId}`;

  function route(
    method: string,
    path: string,
    query: Record<string, string>,
    body: unknown,
  ): { status: number; body: unknown; text?: string } {
    if (method === 'POST' && path === `${api}/auth/loginadmin`) {
      const b = body as { BEID?: string; WebServicesKey?: string } | undefined;
      if (b?.BEID !== beid || b?.WebServicesKey !== webServicesKey)
        return { status: 401, body: { Message: 'Invalid credentials.' } };
      const token = `eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.${randomBytes(18).toString('base64url')}`;
      tokens.add(token);
      return { status: 200, body: undefined, text: token };
    }
    const fields = body as Record<string, unknown> | undefined;
    // TDWebApi, GET api/people/lookup: "searchText", "maxResults" 1-100 (default 50).
    if (method === 'GET' && path === `${api}/people/lookup`) {
      const text = (query.searchText ?? '').toLowerCase();
      const max = query.maxResults === undefined ? 50 : Number(query.maxResults);
      if (!Number.isInteger(max) || max < 1 || max > 100)
        return { status: 400, body: { Message: 'maxResults must be from 1 to 100.' } };
      const found = people.filter(
        (p) =>
          text !== '' &&
          [p.FullName, p.PrimaryEmail, p.AlertEmail].some((value) => value.toLowerCase().includes(text)),
      );
      return { status: 200, body: found.slice(0, max) };
    }
    // TDWebApi, POST api/{appId}/assets/search: the asset/CI application's, not the ticketing one's
    // (TeamDynamix.Api.Assets.Asset.AppID: "the ID of the asset/CI application").
    if (method === 'POST' && path === `${assetApp}/assets/search`) {
      const like = String(fields?.SerialLike ?? '').toLowerCase();
      const statusIds = fields?.StatusIDs as number[] | undefined;
      const max = typeof fields?.MaxResults === 'number' ? fields.MaxResults : 1000;
      const found = assetsLike(like)
        .map((i) => assets[i]!)
        .filter((a) => !statusIds || statusIds.includes(a.StatusID));
      return { status: 200, body: found.slice(0, max) };
    }
    if (path === `${app}/assets/search`)
      return { status: 404, body: { Message: `Application ${appId} is not an asset application.` } };
    if (method === 'POST' && path === `${app}/tickets`) {
      const refusal = refuseTicket(fields, query);
      if (refusal) return { status: 400, body: { Message: refusal } };
      const status = statusOf(fields!.StatusID as number)!;
      const requestor = people.find((p) =>
        fields?.RequestorUid
          ? p.UID === fields.RequestorUid
          : p.PrimaryEmail.toLowerCase() === String(fields?.RequestorEmail ?? '').toLowerCase(),
      );
      const number = (name: string) => (typeof fields?.[name] === 'number' ? (fields[name] as number) : 0);
      const created: TdxTicket = {
        ID: nextId++,
        AppID: appId,
        TypeID: number('TypeID'),
        FormID: number('FormID'),
        Title: fields!.Title as string,
        Description: String(fields?.Description ?? ''),
        AccountID: number('AccountID'),
        SourceID: number('SourceID'),
        StatusID: status.ID,
        StatusName: status.Name,
        StatusClass: status.StatusClass,
        PriorityID: number('PriorityID'),
        ServiceID: number('ServiceID'),
        RequestorUid: requestor?.UID ?? null,
        RequestorEmail: requestor?.PrimaryEmail ?? '',
        ResponsibleGroupID: number('ResponsibleGroupID'),
        WorkflowID: 0,
        Feed: [],
        Tasks: [],
        Assets: [],
      };
      tickets.set(created.ID, created);
      return { status: 201, body: shownTicket(created) };
    }
    if (method === 'POST' && path === `${app}/tickets/search`) return searchTickets(fields);
    const ticketMatch = path.match(new RegExp(`^${app}/tickets/(\\d+)(/.*)?$`));
    if (!ticketMatch) return { status: 404, body: { Message: `No route for ${method} ${path}` } };
    const ticket = tickets.get(Number(ticketMatch[1]));
    const rest = ticketMatch[2] ?? '';
    if (!ticket) return { status: 404, body: { Message: 'Ticket not found.' } };
    if (method === 'GET' && rest === '') return { status: 200, body: shownTicket(ticket) };
    if (method === 'POST' && rest === '/feed') {
      const entry = {
        ID: nextId++,
        Body: String(fields?.Comments ?? ''),
        IsPrivate: Boolean(fields?.IsPrivate),
      };
      ticket.Feed.push(entry);
      return { status: 200, body: { ...entry, CreatedDate: new Date(clock()).toISOString() } };
    }
    // TDWebApi, PUT api/{appId}/tickets/{id}/workflow?newWorkflowId=…: assigns a workflow.
    if (method === 'PUT' && rest === '/workflow') {
      if (ticket.WorkflowID && query.allowRemoveExisting !== 'true')
        return { status: 400, body: { Message: 'The ticket already has a workflow.' } };
      if (!addWorkflowTasks(ticket, Number(query.newWorkflowId)))
        return { status: 400, body: { Message: `Workflow ${query.newWorkflowId} is not valid.` } };
      return { status: 200, body: shownTicket(ticket) };
    }
    // TDWebApi, POST api/{appId}/tickets/{id}/assets/{assetId}: adds an asset to a ticket.
    const assetMatch = rest.match(/^\/assets\/(\d+)$/);
    if (method === 'POST' && assetMatch) {
      const asset = assets.find((a) => a.ID === Number(assetMatch[1]));
      if (!asset) return { status: 404, body: { Message: 'Asset not found.' } };
      if (!ticket.Assets.includes(asset.ID)) ticket.Assets.push(asset.ID);
      return { status: 200, body: { Message: 'Asset added.' } };
    }
    if (method === 'GET' && rest === '/tasks') {
      // TDWebApi, GET api/{appId}/tickets/{id}/tasks: "If the ticket is closed, no tasks will be
      // returned"; isEligiblePredecessor=true keeps only tasks another may follow (incomplete ones).
      if (isClosed(ticket)) return { status: 200, body: [] };
      const eligible = query.isEligiblePredecessor === 'true';
      return { status: 200, body: ticket.Tasks.filter((t) => !eligible || t.PercentComplete < 100) };
    }
    if (method === 'POST' && rest === '/tasks') {
      if (typeof fields?.Title !== 'string' || !fields.Title)
        return { status: 400, body: { Message: 'Title is required.' } };
      const group = fields.ResponsibleGroupID;
      if (group !== undefined && !(tdxTenant.groups as readonly unknown[]).includes(group))
        return { status: 400, body: { Message: `ResponsibleGroupID ${String(group)} is not valid.` } };
      const task = newTask(ticket, fields.Title, 1, fields);
      ticket.Tasks.push(task);
      return { status: 201, body: task };
    }
    const taskMatch = rest.match(/^\/tasks\/(\d+)(\/feed)?$/);
    if (taskMatch) {
      const task = ticket.Tasks.find((t) => t.ID === Number(taskMatch[1]));
      if (!task) return { status: 404, body: { Message: 'Task not found.' } };
      if (method === 'GET' && !taskMatch[2]) return { status: 200, body: task };
      if (method === 'PUT' && !taskMatch[2]) {
        Object.assign(task, {
          Title: fields?.Title ?? task.Title,
          StartDate: fields?.StartDate ?? null,
          EndDate: fields?.EndDate ?? null,
        });
        return { status: 200, body: task };
      }
      if (method === 'POST' && taskMatch[2]) {
        const percent = fields?.PercentComplete;
        if (typeof percent === 'number') {
          task.PercentComplete = percent;
          task.CompletedDate = percent >= 100 ? new Date(clock()).toISOString() : null;
        }
        return { status: 200, body: { ID: nextId++, Body: String(fields?.Comments ?? '') } };
      }
    }
    return { status: 404, body: { Message: `No route for ${method} ${path}` } };
  }

  // ── Rate budgets, faults by count, ticket search ─────────────────────────────────────────────
  // TDWebApi, "Rate Limiting" (/TDWebApi/Home/AboutRateLimiting): each method has its own budget
  // per IP address; "the period of time starts with the first request made and resets a specified
  // number of seconds after that point"; one method's calls do not count against another's; a
  // call over budget is answered 429 Too Many Requests; every rate-limited method's answer carries
  // X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset (RFC 1123, when the period ends).
  // The budgets are each method's "Rate/Submission Limitations" in the TDWebApi reference
  // (sections Tickets, Ticket Tasks, Assets): creating a ticket 30 calls per 60 s, the other
  // methods Otto calls 60 per 60 s. All calls here come from one address.
  const windows = new Map<string, { startedAt: number; count: number }>();
  const nthFaults: Array<{ method: string; path: RegExp; left: number; fault: TdxFault }> = [];
  let stormFrom = 0;
  let stormUntil = 0;
  let rateLimited = 0;

  function budgetOf(method: string, pathname: string): { key: string; limit: number; windowMs: number } {
    const key = `${method} ${pathname.replace(/\/\d+(?=\/|$)/g, '/{n}')}`;
    const limit = method === 'POST' && pathname === `${app}/tickets` ? 30 : 60;
    return { key, limit, windowMs: 60_000 };
  }

  /**
   * The budgets, as the `beforeCall` hook (logins too, under their own method): a call is counted
   * against its method's window, answered 429 when over it, else let through with its rate headers.
   */
  function rateBudget(call: { method: string; pathname: string; now: number }): TdxAnswer | TdxLetThrough {
    const { key, limit, windowMs } = budgetOf(call.method, call.pathname);
    let window = windows.get(key);
    if (!window || call.now >= window.startedAt + windowMs) {
      window = { startedAt: call.now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const headers = {
      'X-RateLimit-Limit': String(limit),
      'X-RateLimit-Remaining': String(Math.max(0, limit - window.count)),
      'X-RateLimit-Reset': new Date(window.startedAt + windowMs).toUTCString(),
    };
    return window.count > limit
      ? { status: 429, body: { Message: 'Too many requests.' }, headers }
      : { headers };
  }

  /** The fault of the n-th matching call, when this call is it. */
  function nthFault(method: string, path: string): TdxFault | undefined {
    for (const [i, f] of nthFaults.entries()) {
      if (f.method !== method || !f.path.test(path)) continue;
      f.left -= 1;
      if (f.left > 0) continue;
      nthFaults.splice(i, 1);
      return f.fault;
    }
    return undefined;
  }

  // TicketSearch (TDWebApi reference, type TeamDynamix.Api.Tickets.TicketSearch): SearchText is a
  // text search of the tickets, CreatedDateFrom the earliest creation, MaxResults a cap.
  const createdAt = new Map<number, number>();
  function searchTickets(fields: Record<string, unknown> | undefined): { status: number; body: unknown } {
    const text = String(fields?.SearchText ?? '').toLowerCase();
    const from = fields?.CreatedDateFrom ? Date.parse(String(fields.CreatedDateFrom)) : Number.NaN;
    const max = typeof fields?.MaxResults === 'number' ? fields.MaxResults : 50;
    const found = [...tickets.values()]
      .filter((t) => `${t.Title}\n${t.Description}`.toLowerCase().includes(text))
      .filter((t) => Number.isNaN(from) || (createdAt.get(t.ID) ?? 0) >= from)
      .slice(0, max)
      .map(shownTicket);
    return { status: 200, body: found };
  }

  const standIn: TdxStandIn = {
    baseUrl: '',
    beid,
    webServicesKey,
    appId,
    assetAppId,
    settings: TdxSettingsSchema.parse(tdxSettingsFor()),
    connection: () => ({
      baseUrl: standIn.baseUrl,
      beid,
      webServicesKey,
      appId,
      assetAppId,
      settings: standIn.settings,
    }),
    env(override = {}) {
      return {
        TDX_BASE_URL: standIn.baseUrl,
        TDX_BEID: beid,
        TDX_WEB_SERVICES_KEY: webServicesKey,
        TDX_TICKET_APP_ID: String(appId),
        TDX_ASSET_APP_ID: String(assetAppId),
        TDX_SETTINGS: JSON.stringify(tdxSettingsFor(override)),
      };
    },
    calls,
    tickets,
    people,
    beforeCall: options.rateBudgets ? rateBudget : undefined,
    addAsset(asset) {
      const status = tdxTenant.assetStatuses.find((s) => s.ID === (asset.StatusID ?? 1))!;
      const stored: TdxAsset = {
        ID: asset.ID ?? nextId++,
        AppID: assetAppId,
        SerialNumber: asset.SerialNumber,
        Tag: asset.Tag ?? null,
        Name: asset.Name,
        StatusID: status.ID,
        StatusName: status.Name,
      };
      assets.push(stored);
      index(stored, assets.length - 1);
      return stored;
    },
    addPerson({ email, name, alertEmail, active }) {
      const person: TdxPerson = {
        UID: `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-4${randomBytes(2).toString('hex').slice(1)}-8${randomBytes(2).toString('hex').slice(1)}-${randomBytes(6).toString('hex')}`,
        FullName: name,
        PrimaryEmail: email,
        AlertEmail: alertEmail ?? email,
        IsActive: active ?? true,
      };
      people.push(person);
      return person;
    },
    failNext(fault, match = /^(?!.*\/auth\/loginadmin)/) {
      faults.push({ fault, match });
    },
    expireTokens() {
      tokens.clear();
    },
    setStatus(ticketId, to) {
      const ticket = tickets.get(ticketId);
      if (!ticket) throw new Error(`no TeamDynamix ticket ${ticketId}`);
      const wanted = typeof to === 'number' ? { statusClass: to } : to;
      const status =
        'id' in wanted
          ? statusOf(wanted.id)
          : tdxTenant.statuses.find((s) => s.StatusClass === wanted.statusClass);
      if (!status) throw new Error(`no TeamDynamix status ${JSON.stringify(to)}`);
      Object.assign(ticket, {
        StatusID: status.ID,
        StatusName: status.Name,
        StatusClass: status.StatusClass,
      });
    },
    completeTask(ticketId, title) {
      const task = tickets.get(ticketId)?.Tasks.find((t) => t.Title === title);
      if (!task) throw new Error(`no task "${title}" on TeamDynamix ticket ${ticketId}`);
      Object.assign(task, { PercentComplete: 100, CompletedDate: new Date(clock()).toISOString() });
    },
    callsTo(method, path) {
      return calls.filter((c) => c.method === method && path.test(c.path));
    },
    failNth(match, n, fault) {
      nthFaults.push({ ...match, left: n, fault });
    },
    storm(until, from = clock()) {
      stormFrom = from;
      stormUntil = until;
    },
    get rateLimited() {
      return rateLimited;
    },
    addTicket(fields) {
      const status = tdxTenant.statuses[0];
      const ticket: TdxTicket = {
        AppID: appId,
        TypeID: tdxTenant.types[0],
        FormID: 0,
        Description: '',
        AccountID: tdxTenant.accounts[0],
        SourceID: 0,
        StatusID: status.ID,
        StatusName: status.Name,
        StatusClass: status.StatusClass,
        PriorityID: tdxTenant.priorities[0],
        ServiceID: 0,
        RequestorUid: tdxTenant.serviceAccountUid,
        RequestorEmail: 'otto@example.edu',
        ResponsibleGroupID: 0,
        WorkflowID: 0,
        Feed: [],
        Tasks: [],
        Assets: [],
        ...fields,
        ID: nextId++,
      };
      tickets.set(ticket.ID, ticket);
      createdAt.set(ticket.ID, clock());
      return ticket;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const url = new URL(path, 'http://tdx.invalid');
    const pathname = url.pathname;
    const query = Object.fromEntries(url.searchParams);
    const body = await readBody(req);
    const authorization = req.headers.authorization;
    const contentType = req.headers['content-type'];
    const record = (status: number) =>
      calls.push({ method, path, pathname, query, status, body, authorization, contentType });
    // Answers carry the stand-in's clock, as TeamDynamix's carry its own.
    res.setHeader('Date', new Date(clock()).toUTCString());
    const login = pathname.endsWith('/auth/loginadmin');
    const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      if (status === 429) rateLimited += 1;
      record(status);
      return json(res, status, body, headers);
    };
    if (!login && clock() >= stormFrom && clock() < stormUntil) {
      return answer(
        429,
        { Message: 'Too many requests.' },
        {
          'X-RateLimit-Limit': '60',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': new Date(stormUntil).toUTCString(),
        },
      );
    }
    // TDWebApi, each method's "Rate/Submission Limitations": per IP address, logins included.
    // Every call that reaches TeamDynamix counts, whatever happens to it next.
    const instead = standIn.beforeCall?.({ method, pathname, now: clock() });
    if (instead && 'status' in instead) return answer(instead.status, instead.body, instead.headers);
    const rateHeaders = instead?.headers ?? { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '59' };
    const counted = login ? undefined : nthFault(method, path);
    const faultIndex = counted ? -1 : faults.findIndex((f) => f.match.test(path));
    const fault = counted ?? (faultIndex >= 0 ? faults.splice(faultIndex, 1)[0]!.fault : undefined);
    if (fault && 'delayMs' in fault) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.delayMs);
        timers.add(timer);
      });
    } else if (fault && 'status' in fault && fault.status === 429) {
      return answer(
        429,
        { Message: 'Too many requests.' },
        {
          'X-RateLimit-Limit': '60',
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': new Date(clock() + fault.resetInMs).toUTCString(),
        },
      );
    } else if (fault && 'status' in fault && fault.status === 500) {
      return answer(500, { Message: 'An error has occurred.' });
    } else if (fault && 'status' in fault && fault.status === 200) {
      return answer(200, fault.body);
    }
    // TDWebApi, every page: "the accepted Web API call content types are: application/json. Calls
    // using any other content type (ex: text/plain) are not supported."
    if (body !== undefined && !/^application\/json\b/i.test(contentType ?? '')) {
      return answer(415, { Message: `The content type ${contentType ?? '(none)'} is not supported.` });
    }
    if (!login) {
      const token = authorization?.replace(/^Bearer /, '');
      if (!token || !tokens.has(token)) {
        return answer(401, { Message: 'Authorization has been denied for this request.' });
      }
    }
    const routed = route(method, pathname, query, body);
    record(routed.status);
    if (routed.status === 201) {
      const id = (routed.body as { ID?: number } | undefined)?.ID;
      if (id !== undefined) createdAt.set(id, clock());
    }
    // The request was carried out, then the connection drops before its answer.
    if (fault && 'lose' in fault) {
      res.socket?.destroy();
      return;
    }
    if (routed.text !== undefined) {
      res.writeHead(routed.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(routed.text);
    }
    return json(res, routed.status, routed.body, rateHeaders);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  standIn.baseUrl = `http://127.0.0.1:${port}/TDWebApi`;
  return standIn;
}
