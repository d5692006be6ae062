import { z } from 'zod';
import { ItsmError } from './errors.js';
import type { ItsmPort, ItsmTicketRef } from './port.js';

export interface TeamDynamixOptions {
  /** The Web API root, e.g. https://example.teamdynamix.com/TDWebApi */
  baseUrl: string;
  beid: string;
  webServicesKey: string;
  /** The ticketing application (tickets, tasks, feed) and the asset application. */
  appId: number;
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
  StatusClass: z.number().int().nullish(),
});
const TdxTask = z.looseObject({
  ID: TdxId,
  Title: z.string().nullish(),
  StartDate: z.string().nullish(),
  EndDate: z.string().nullish(),
  PercentComplete: z.number().nullish(),
  CompletedDate: z.string().nullish(),
});
const TdxAsset = z.looseObject({ ID: TdxId, SerialNumber: z.string().nullish(), Name: z.string().nullish() });
const TdxFeedEntry = z.looseObject({ ID: TdxId });
// loginadmin answers the JWT as plain text.
const TdxToken = z.string().trim().min(20);

/** StatusClass.Completed: "Closed", "Closed and Approved"… */
const completedStatusClass = 3;
const defaultRateLimitWaitMs = 60_000;

interface Answer {
  status: number;
  ok: boolean;
  headers: Headers;
  text: string;
}

interface Call<T> {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  schema: z.ZodType<T>;
}

/** `X-RateLimit-Reset` is an RFC 1123 date; the wait until then, at least a second. */
export function rateLimitWaitMs(reset: string | null, now: number): number {
  const at = reset ? Date.parse(reset) : Number.NaN;
  if (Number.isNaN(at)) return defaultRateLimitWaitMs;
  return Math.max(at - now, 1000);
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

  async function send(method: string, path: string, body: unknown, bearer?: string): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    try {
      const response = await fetch(`${root}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: controller.signal,
      });
      // Read the body under the same deadline: a server may stall after the headers.
      const text = await response.text();
      return { status: response.status, ok: response.ok, headers: response.headers, text };
    } catch (error) {
      if (controller.signal.aborted) {
        throw new ItsmError(`TeamDynamix did not answer ${method} ${path} within ${timeoutMs} ms`);
      }
      const cause =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
      throw new ItsmError(`TeamDynamix could not be reached for ${method} ${path}: ${String(cause)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  function failure(method: string, path: string, response: Answer): ItsmError {
    const what = `TeamDynamix answered ${response.status} to ${method} ${path}`;
    if (response.status === 429) {
      const waitMs = rateLimitWaitMs(response.headers.get('X-RateLimit-Reset'), now());
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

  async function call<T>({ method, path, body, schema }: Call<T>): Promise<T> {
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

  return {
    name: 'teamdynamix',

    async lookupSystem(serial) {
      const assets = await read({
        method: 'POST',
        path: `${app}/assets/search`,
        body: { SerialLike: serial },
        schema: z.array(TdxAsset),
      });
      // SerialLike matches parts of serials too; only the same serial counts.
      const asset = assets.find((a) => a.SerialNumber?.trim().toLowerCase() === serial.trim().toLowerCase());
      if (!asset) return { found: false };
      return { found: true, assetId: String(asset.ID), ...(asset.Name ? { name: asset.Name } : {}) };
    },

    async createTicket(request) {
      const notify = 'EnableNotifyReviewer=false&NotifyRequestor=false&NotifyResponsible=false';
      // Type, account, status and requestor come from the application's defaults.
      const ticket = await call({
        method: 'POST',
        path: `${app}/tickets?${notify}&AllowRequestorCreation=false&applyDefaults=true`,
        body: {
          Title: request.title,
          Description: `${request.body}\n\nRequested in Otto by ${request.requestedBy}${request.refreshTicketId ? ` for refresh ticket #${request.refreshTicketId}` : ''}.`,
        },
        schema: TdxTicket,
      });
      const created: ItsmTicketRef = { id: String(ticket.ID), tasks: [] };
      for (const task of request.tasks ?? []) {
        const row = await call({
          method: 'POST',
          path: `${ticketPath(created.id)}/tasks`,
          body: { Title: task.title, ...(task.dueAt ? { EndDate: task.dueAt } : {}) },
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

    async getTicketState(id) {
      const ticket = await read({ method: 'GET', path: ticketPath(id), schema: TdxTicket });
      if (ticket.StatusClass === completedStatusClass) return { installed: true, closed: true };
      // Installed once every task on it (build, delivery and setup) is complete.
      const tasks = await read({ method: 'GET', path: `${ticketPath(id)}/tasks`, schema: z.array(TdxTask) });
      const done = (t: z.infer<typeof TdxTask>) =>
        (t.PercentComplete ?? 0) >= 100 || Boolean(t.CompletedDate);
      return { installed: tasks.length > 0 && tasks.every(done), closed: false };
    },
  };
}
