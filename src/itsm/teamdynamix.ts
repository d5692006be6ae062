import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { ItsmError } from './errors.js';
import { budgetOf, methodKey, resetInstant, sharedPacer, TdxPacer } from './pacer.js';
import type { CreatedTask, CreateTicketInput, ItsmPort, ItsmTicketRef } from './port.js';

export interface TeamDynamixOptions {
  /** The Web API root, e.g. https://example.teamdynamix.com/TDWebApi */
  baseUrl: string;
  beid: string;
  webServicesKey: string;
  /** The ticketing application (tickets, tasks, feed) and the asset application. */
  appId: number;
  /** A call that takes longer is aborted and fails (retried by the outbox). Default 10 s. */
  timeoutMs?: number;
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
  StatusClass: z.number().int().nullish(),
});
const TdxTask = z.looseObject({
  ID: TdxId,
  Title: z.string().nullish(),
  Description: z.string().nullish(),
  StartDate: z.string().nullish(),
  EndDate: z.string().nullish(),
  PercentComplete: z.number().nullish(),
  CompletedDate: z.string().nullish(),
});
const TdxAsset = z.looseObject({ ID: TdxId, SerialNumber: z.string().nullish(), Name: z.string().nullish() });
// Built once: a zod schema costs more to build than to run, and lookups run thousands a time.
const TdxAssets = z.array(TdxAsset);
const TdxTasks = z.array(TdxTask);
const TdxTickets = z.array(TdxTicket);
const TdxFeedEntry = z.looseObject({ ID: TdxId });
// loginadmin answers the JWT as plain text.
const TdxToken = z.string().trim().min(20);

/** StatusClass.Completed: "Closed", "Closed and Approved"… */
const completedStatusClass = 3;

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
  async function call<T>({ method, path, body, schema }: Call<T>, maxWaitMs: number): Promise<T> {
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
   * tasks by its reference. `isEligiblePredecessor` as every public client sends it.
   */
  async function findSentTask(ticketId: string, marker: string, index: number): Promise<string | undefined> {
    const tasks = await write({
      method: 'GET',
      path: `${ticketPath(ticketId)}/tasks?isEligiblePredecessor=false`,
      schema: TdxTasks,
    });
    const reference = creationReference(marker, index);
    const task = tasks.find((t) => t.Description?.trim() === reference);
    return task ? String(task.ID) : undefined;
  }

  /**
   * Creates the ticket, then its tasks one call each. With the outbox request's journal, each
   * step is recorded as soon as TeamDynamix answers it and a retry resumes where the last attempt
   * stopped: the ticket is created once, and each task once. A ticket or task whose creation was
   * sent and not answered is looked for (by its reference) before it is sent again.
   */
  async function createWithTasks(request: CreateTicketInput): Promise<ItsmTicketRef> {
    const journal = request.journal;
    let ticketId = journal?.ticketId;
    if (ticketId === undefined && journal?.sentAt) {
      ticketId = await findSentTicket(journal.marker, journal.sentAt);
      if (ticketId !== undefined) await journal.ticketCreated(ticketId);
    }
    if (ticketId === undefined) {
      const notify = 'EnableNotifyReviewer=false&NotifyRequestor=false&NotifyResponsible=false';
      const path = `${app}/tickets?${notify}&AllowRequestorCreation=false&applyDefaults=true`;
      writeTurnOrFail('POST', path);
      await journal?.ticketSending();
      const reference = journal ? `\n${creationReference(journal.marker)}` : '';
      // Type, account, status and requestor come from the application's defaults.
      const ticket = await write({
        method: 'POST',
        path,
        body: {
          Title: request.title,
          Description: `${request.body}\n\nRequested in Otto by ${request.requestedBy}${request.refreshTicketId ? ` for refresh ticket #${request.refreshTicketId}` : ''}.${reference}`,
        },
        schema: TdxTicket,
      });
      ticketId = String(ticket.ID);
      await journal?.ticketCreated(ticketId);
    }
    const created: ItsmTicketRef = { id: ticketId, tasks: [] };
    const done = new Map((journal?.tasks ?? []).map((t) => [t.index, t]));
    const tasks = request.tasks ?? [];
    for (const [index, task] of tasks.entries()) {
      const recorded = done.get(index);
      if (recorded) {
        created.tasks.push({ id: recorded.id, kind: recorded.kind });
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
            Title: task.title,
            ...(task.dueAt ? { EndDate: task.dueAt } : {}),
            ...(journal ? { Description: creationReference(journal.marker, index) } : {}),
          },
          schema: TdxTask,
        });
        id = String(row.ID);
      }
      const made: CreatedTask = { index, id, kind: task.kind };
      await journal?.taskCreated(made);
      created.tasks.push({ id, kind: task.kind });
    }
    return created;
  }

  return {
    name: 'teamdynamix',

    ticketUrl(id) {
      return `${client}/Apps/${options.appId}/Tickets/TicketDet?TicketID=${encodeURIComponent(id)}`;
    },

    async lookupSystem(serial, readOptions) {
      const assets = await read(
        { method: 'POST', path: `${app}/assets/search`, body: { SerialLike: serial }, schema: TdxAssets },
        readOptions?.maxWaitMs,
      );
      // SerialLike matches parts of serials too; only the same serial counts.
      const asset = assets.find((a) => a.SerialNumber?.trim().toLowerCase() === serial.trim().toLowerCase());
      if (!asset) return { found: false };
      return { found: true, assetId: String(asset.ID), ...(asset.Name ? { name: asset.Name } : {}) };
    },

    createTicket: createWithTasks,

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

    async getTicketState(id, readOptions) {
      const wait = readOptions?.maxWaitMs;
      const ticket = await read({ method: 'GET', path: ticketPath(id), schema: TdxTicket }, wait);
      if (ticket.StatusClass === completedStatusClass) return { installed: true, closed: true };
      // Installed once every task on it (build, delivery and setup) is complete.
      const tasks = await read({ method: 'GET', path: `${ticketPath(id)}/tasks`, schema: TdxTasks }, wait);
      const done = (t: z.infer<typeof TdxTask>) =>
        (t.PercentComplete ?? 0) >= 100 || Boolean(t.CompletedDate);
      return { installed: tasks.length > 0 && tasks.every(done), closed: false };
    },
  };
}
