import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local TeamDynamix Web API (TDWebApi) for tests: the documented shapes of the calls Otto
 * makes, with faults on demand (429 with X-RateLimit-Reset, 500, a slow answer, an expired
 * token, a malformed body). Every request is recorded.
 */

export interface TdxCall {
  method: string;
  path: string;
  status: number;
  body: unknown;
  authorization: string | undefined;
}

export interface TdxTicket {
  ID: number;
  AppID: number;
  Title: string;
  Description: string;
  TypeID: number;
  AccountID: number;
  StatusID: number;
  StatusName: string;
  StatusClass: number;
  RequestorUid: string;
  Feed: Array<{ ID: number; Body: string; IsPrivate: boolean }>;
  Tasks: TdxTicketTask[];
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
}

export interface TdxAsset {
  ID: number;
  SerialNumber: string;
  Name: string;
  StatusID: number;
}

export type TdxFault =
  | { status: 429; resetInMs: number }
  | { status: 500 }
  | { delayMs: number }
  | { status: 200; body: unknown }
  /** The request is carried out, then the connection drops before the answer: "did it happen?" */
  | { lose: true };

export interface TdxStandIn {
  /** The Web API root to give the adapter (…/TDWebApi). */
  baseUrl: string;
  beid: string;
  webServicesKey: string;
  appId: number;
  calls: TdxCall[];
  tickets: Map<number, TdxTicket>;
  addAsset(asset: Omit<TdxAsset, 'ID' | 'StatusID'> & { ID?: number }): TdxAsset;
  /** The next request whose path matches (default: any but loginadmin) meets this fault once. */
  failNext(fault: TdxFault, match?: RegExp): void;
  /** Every token issued so far stops working (answers 401), as after 24 hours. */
  expireTokens(): void;
  /** Moves a ticket to a status of the given class (3 = Completed, "Closed"). */
  setStatus(ticketId: number, statusClass: number): void;
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

const statusNames: Record<number, string> = {
  1: 'New',
  2: 'In Process',
  3: 'Closed',
  4: 'Cancelled',
  5: 'On Hold',
};

export async function startTdxStandIn(options: TdxStandInOptions = {}): Promise<TdxStandIn> {
  const appId = options.appId ?? 42;
  const clock = options.clock ?? Date.now;
  const beid = 'B3ID-0000-1111';
  const webServicesKey = 'ws-key-2222-3333';
  const tokens = new Set<string>();
  const calls: TdxCall[] = [];
  const tickets = new Map<number, TdxTicket>();
  const assets: TdxAsset[] = [];
  // Every serial in lower case, one after the other, each followed by a NUL, and where each
  // starts: a search is one native substring scan over thousands of serials, not one per serial.
  let serialText = '';
  const serialStarts: number[] = [];
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

  /** The indexes of the assets whose serial contains `like` (lower case), in the order added. */
  function serialsLike(like: string): number[] {
    if (like.includes('\0')) return [];
    const found: number[] = [];
    for (let at = serialText.indexOf(like); at !== -1; ) {
      // The asset whose serial holds position `at`: the last start at or before it.
      let lo = 0;
      let hi = serialStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (serialStarts[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      found.push(lo);
      // Each asset once: go on from the start of the next serial.
      const next = serialStarts[lo + 1];
      at = next === undefined ? -1 : serialText.indexOf(like, next);
    }
    return found;
  }

  const api = `/TDWebApi/api`;
  const app = `${api}/${appId}`;

  function route(
    method: string,
    path: string,
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
    const route = path.replace(/\?.*$/, '');
    const ticketMatch = route.match(new RegExp(`^${app}/tickets/(\\d+)(/.*)?$`));
    const ticket = ticketMatch ? tickets.get(Number(ticketMatch[1])) : undefined;
    const rest = ticketMatch?.[2] ?? '';
    if (method === 'POST' && (path === `${app}/tickets` || path.startsWith(`${app}/tickets?`))) {
      if (typeof fields?.Title !== 'string' || !fields.Title)
        return { status: 400, body: { Message: 'Title is required.' } };
      const created: TdxTicket = {
        ID: nextId++,
        AppID: appId,
        Title: fields.Title,
        Description: String(fields.Description ?? ''),
        TypeID: 7,
        AccountID: 3,
        StatusID: 1,
        StatusName: statusNames[1]!,
        StatusClass: 1,
        RequestorUid: '00000000-0000-0000-0000-000000000001',
        Feed: [],
        Tasks: [],
      };
      tickets.set(created.ID, created);
      const { Feed: _f, Tasks: _t, ...shown } = created;
      return { status: 201, body: shown };
    }
    if (method === 'POST' && route === `${app}/tickets/search`) return searchTickets(fields);
    if (method === 'POST' && path === `${app}/assets/search`) {
      const like = String(fields?.SerialLike ?? '').toLowerCase();
      return { status: 200, body: serialsLike(like).map((i) => assets[i]!) };
    }
    if (ticketMatch) {
      if (!ticket) return { status: 404, body: { Message: 'Ticket not found.' } };
      if (method === 'GET' && rest === '') {
        const { Feed: _f, Tasks: _t, ...shown } = ticket;
        return { status: 200, body: shown };
      }
      if (method === 'POST' && rest === '/feed') {
        const entry = {
          ID: nextId++,
          Body: String(fields?.Comments ?? ''),
          IsPrivate: Boolean(fields?.IsPrivate),
        };
        ticket.Feed.push(entry);
        return { status: 200, body: { ...entry, CreatedDate: new Date().toISOString() } };
      }
      if (method === 'GET' && rest === '/tasks') return { status: 200, body: ticket.Tasks };
      if (method === 'POST' && rest === '/tasks') {
        if (typeof fields?.Title !== 'string' || !fields.Title)
          return { status: 400, body: { Message: 'Title is required.' } };
        const task: TdxTicketTask = {
          ID: nextId++,
          TicketID: ticket.ID,
          Title: fields.Title,
          Description: typeof fields.Description === 'string' ? fields.Description : null,
          StartDate: (fields.StartDate as string | undefined) ?? null,
          EndDate: (fields.EndDate as string | undefined) ?? null,
          PercentComplete: 0,
          CompletedDate: null,
          IsActive: true,
        };
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
            task.CompletedDate = percent >= 100 ? new Date().toISOString() : null;
          }
          return { status: 200, body: { ID: nextId++, Body: String(fields?.Comments ?? '') } };
        }
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

  function budgetOf(method: string, route: string): { key: string; limit: number; windowMs: number } {
    const key = `${method} ${route.replace(/\/\d+(?=\/|$)/g, '/{n}')}`;
    const limit = method === 'POST' && route === `${app}/tickets` ? 30 : 60;
    return { key, limit, windowMs: 60_000 };
  }

  /** Counts a call against its method's window: its rate headers, and whether it is over budget. */
  function charge(method: string, path: string): { over: boolean; headers: Record<string, string> } {
    const { key, limit, windowMs } = budgetOf(method, path.replace(/\?.*$/, ''));
    const now = clock();
    let window = windows.get(key);
    if (!window || now >= window.startedAt + windowMs) {
      window = { startedAt: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    const over = window.count > limit;
    return {
      over,
      headers: {
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(Math.max(0, limit - window.count)),
        'X-RateLimit-Reset': new Date(window.startedAt + windowMs).toUTCString(),
      },
    };
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
      .map(({ Feed: _f, Tasks: _t, ...shown }) => shown);
    return { status: 200, body: found };
  }

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const body = await readBody(req);
    const authorization = req.headers.authorization;
    const record = (status: number) => calls.push({ method, path, status, body, authorization });
    // Answers carry the stand-in's clock, as TeamDynamix's carry its own.
    res.setHeader('Date', new Date(clock()).toUTCString());
    const login = path.endsWith('/auth/loginadmin');
    const tooMany = (headers: Record<string, string>) => {
      rateLimited += 1;
      record(429);
      return json(res, 429, { Message: 'Too many requests.' }, headers);
    };
    if (!login && clock() >= stormFrom && clock() < stormUntil) {
      return tooMany({
        'X-RateLimit-Limit': '60',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(stormUntil).toUTCString(),
      });
    }
    const budget = login || !options.rateBudgets ? undefined : charge(method, path);
    if (budget?.over) return tooMany(budget.headers);
    const rateHeaders = budget?.headers ?? { 'X-RateLimit-Limit': '60', 'X-RateLimit-Remaining': '59' };
    const counted = login ? undefined : nthFault(method, path);
    const faultIndex = counted ? -1 : faults.findIndex((f) => f.match.test(path));
    const fault = counted ?? (faultIndex >= 0 ? faults.splice(faultIndex, 1)[0]!.fault : undefined);
    if (fault && 'lose' in fault) {
      const answer = route(method, path, body);
      record(answer.status);
      if (answer.status === 201) {
        const id = (answer.body as { ID?: number } | undefined)?.ID;
        if (id !== undefined) createdAt.set(id, clock());
      }
      res.socket?.destroy();
      return;
    }
    if (fault && 'delayMs' in fault) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, fault.delayMs);
        timers.add(timer);
      });
    } else if (fault?.status === 429) {
      return tooMany({
        'X-RateLimit-Limit': '60',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': new Date(clock() + fault.resetInMs).toUTCString(),
      });
    } else if (fault?.status === 500) {
      record(500);
      return json(res, 500, { Message: 'An error has occurred.' });
    } else if (fault?.status === 200) {
      record(200);
      return json(res, 200, fault.body);
    }
    if (!path.endsWith('/auth/loginadmin')) {
      const token = authorization?.replace(/^Bearer /, '');
      if (!token || !tokens.has(token)) {
        record(401);
        return json(res, 401, { Message: 'Authorization has been denied for this request.' });
      }
    }
    const answer = route(method, path, body);
    record(answer.status);
    if (answer.status === 201) {
      const id = (answer.body as { ID?: number } | undefined)?.ID;
      if (id !== undefined) createdAt.set(id, clock());
    }
    if (answer.text !== undefined) {
      res.writeHead(answer.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      return res.end(answer.text);
    }
    return json(res, answer.status, answer.body, rateHeaders);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/TDWebApi`,
    beid,
    webServicesKey,
    appId,
    calls,
    tickets,
    addAsset(asset) {
      const stored = {
        ID: asset.ID ?? nextId++,
        SerialNumber: asset.SerialNumber,
        Name: asset.Name,
        StatusID: 1,
      };
      assets.push(stored);
      serialStarts.push(serialText.length);
      serialText += `${stored.SerialNumber.toLowerCase()}\0`;
      return stored;
    },
    failNext(fault, match = /^(?!.*\/auth\/loginadmin)/) {
      faults.push({ fault, match });
    },
    expireTokens() {
      tokens.clear();
    },
    setStatus(ticketId, statusClass) {
      const ticket = tickets.get(ticketId);
      if (!ticket) throw new Error(`no TeamDynamix ticket ${ticketId}`);
      Object.assign(ticket, {
        StatusID: statusClass,
        StatusClass: statusClass,
        StatusName: statusNames[statusClass] ?? 'Other',
      });
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
      const ticket: TdxTicket = {
        AppID: appId,
        Description: '',
        TypeID: 7,
        AccountID: 3,
        StatusID: 1,
        StatusName: statusNames[1]!,
        StatusClass: 1,
        RequestorUid: '00000000-0000-0000-0000-000000000001',
        Feed: [],
        Tasks: [],
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
}
