/**
 * Pacing of TeamDynamix Web API calls, as its rate-limiting guide describes them (TDWebApi, "Rate
 * Limiting", /TDWebApi/Home/AboutRateLimiting): each method has its own budget per IP address
 * (its page in the API reference names it, e.g. "60 calls per IP address every 60 seconds"), the
 * period starts with the first call and resets a fixed time after, one method's budget does not
 * touch another's, and a call over budget is answered 429 with `X-RateLimit-Reset` (RFC 1123),
 * after which TeamDynamix recommends waiting at least 5 s past the reset for clock skew.
 *
 * One pacer serves every adapter talking to the same TeamDynamix (the budget is per IP address,
 * not per adapter): calls wait their turn here instead of meeting a 429.
 */

/** A method's budget: at most `limit` calls in any `windowMs`. */
export interface RateBudget {
  limit: number;
  windowMs: number;
}

/** Wall-clock time in ms and a way to wait; tests inject a simulated pair. */
export interface PacerClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** TeamDynamix recommends waiting at least this long past `X-RateLimit-Reset` (clock skew). */
export const resetSkewMs = 5000;

/**
 * The budgets of the methods Otto calls, from each method's "Rate/Submission Limitations" in the
 * TDWebApi reference (section Tickets, Ticket Tasks, Assets, People): ticket creation 30 per 60 s;
 * ticket reads, task reads and writes, feed entries, searches, the people lookup, a ticket's
 * workflow assignment and an asset's attach to a ticket 60 per 60 s, each method on its own
 * budget. A method not listed is paced at 60 per 60 s, the reference's most common limit.
 */
const minute = 60_000;
const budgets: ReadonlyArray<{ method: string; path: RegExp; budget: RateBudget }> = [
  { method: 'POST', path: /^\/\d+\/tickets$/, budget: { limit: 30, windowMs: minute } },
];
const defaultBudget: RateBudget = { limit: 60, windowMs: minute };

/**
 * The method a call is counted against: its verb and route, ids and the query left out
 * (`GET /42/tickets/123/tasks` → `GET /{n}/tickets/{n}/tasks`).
 */
export function methodKey(method: string, path: string): string {
  const route = path.replace(/\?.*$/, '').replace(/\/\d+(?=\/|$)/g, '/{n}');
  return `${method} ${route}`;
}

export function budgetOf(method: string, path: string): RateBudget {
  const route = path.replace(/\?.*$/, '');
  return budgets.find((b) => b.method === method && b.path.test(route))?.budget ?? defaultBudget;
}

/**
 * Sent calls arrive a little apart from when they left: a call is sent only when fewer than the
 * limit were sent in the last window and this margin, so no window TeamDynamix counts (however it
 * is aligned) holds more than the limit.
 */
const arrivalMarginMs = 1000;

interface MethodState {
  /** When the calls of the current window were sent, oldest first (at most `limit`). */
  sent: number[];
  /** No call before this instant (a 429, or the budget spent by someone else). */
  blockedUntil: number;
}

export interface PacerStats {
  /** Calls let through. */
  calls: number;
  /** Waits before a call, and their total. */
  waits: number;
  waitedMs: number;
  /** 429s TeamDynamix answered (each waited out). */
  rateLimited: number;
}

export class TdxPacer {
  readonly #clock: PacerClock;
  readonly #paced: boolean;
  readonly #methods = new Map<string, MethodState>();
  readonly stats: PacerStats = { calls: 0, waits: 0, waitedMs: 0, rateLimited: 0 };

  /**
   * `paced: false` only waits out what TeamDynamix said (429s, a spent budget): for measuring
   * Otto's own throughput against a stand-in without budgets, never for a real TeamDynamix.
   */
  constructor(clock: PacerClock, options: { paced?: boolean } = {}) {
    this.#clock = clock;
    this.#paced = options.paced ?? true;
  }

  get clock(): PacerClock {
    return this.#clock;
  }

  #state(key: string): MethodState {
    let state = this.#methods.get(key);
    if (!state) {
      state = { sent: [], blockedUntil: 0 };
      this.#methods.set(key, state);
    }
    return state;
  }

  /** How long a call of this method must wait from now (0: it may go). */
  delayFor(key: string, budget: RateBudget): number {
    const state = this.#state(key);
    const now = this.#clock.now();
    const window = budget.windowMs + arrivalMarginMs;
    while (state.sent.length > 0 && state.sent[0]! <= now - window) state.sent.shift();
    const blocked = Math.max(0, state.blockedUntil - now);
    const full = this.#paced && state.sent.length >= budget.limit ? state.sent[0]! + window - now : 0;
    return Math.max(blocked, full);
  }

  /**
   * Waits until a call of this method fits its budget, then counts it as sent. With `maxWaitMs`,
   * a longer wait is not made: its length is returned instead, and nothing is counted.
   */
  async acquire(key: string, budget: RateBudget, maxWaitMs = Number.POSITIVE_INFINITY): Promise<number> {
    for (;;) {
      const delay = this.delayFor(key, budget);
      if (delay <= 0) {
        this.#state(key).sent.push(this.#clock.now());
        this.stats.calls += 1;
        return 0;
      }
      if (delay > maxWaitMs) return delay;
      this.stats.waits += 1;
      this.stats.waitedMs += delay;
      await this.#clock.sleep(delay);
    }
  }

  /** TeamDynamix said the budget is spent until `until` (a 429, or `X-RateLimit-Remaining: 0`). */
  block(key: string, until: number, rateLimited: boolean): void {
    const state = this.#state(key);
    state.blockedUntil = Math.max(state.blockedUntil, until);
    if (rateLimited) this.stats.rateLimited += 1;
  }
}

/**
 * The instant after which a method's budget is available again, from an answer's
 * `X-RateLimit-Reset` (RFC 1123) read against the same answer's `Date` (both TeamDynamix's
 * clock, so Otto's own clock's skew does not count), plus TeamDynamix's recommended 5 s.
 * Without a readable reset: a whole window from now.
 */
export function resetInstant(
  reset: string | undefined,
  serverDate: string | undefined,
  now: number,
  budget: RateBudget,
): number {
  const at = reset ? Date.parse(reset) : Number.NaN;
  if (Number.isNaN(at)) return now + budget.windowMs + resetSkewMs;
  const server = serverDate ? Date.parse(serverDate) : Number.NaN;
  const untilReset = Number.isNaN(server) ? at - now : at - server;
  return now + Math.max(0, untilReset) + resetSkewMs;
}

const shared = new Map<string, TdxPacer>();

export const realClock: PacerClock = {
  now: Date.now,
  sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

const pacerKey = (baseUrl: string) => baseUrl.replace(/\/+$/, '').toLowerCase();

/** The pacer of one TeamDynamix (by its Web API root): every adapter in the process shares it. */
export function sharedPacer(baseUrl: string, clock: PacerClock = realClock): TdxPacer {
  const key = pacerKey(baseUrl);
  let pacer = shared.get(key);
  if (!pacer) {
    pacer = new TdxPacer(clock);
    shared.set(key, pacer);
  }
  return pacer;
}

/** Makes `pacer` the one every adapter for `baseUrl` shares from now on (benchmarks). */
export function shareTdxPacer(baseUrl: string, pacer: TdxPacer): void {
  shared.set(pacerKey(baseUrl), pacer);
}
