import type { DeliveryFailure } from '../effects/retry-policy.js';

/**
 * An ITSM call that failed. `retryAfterMs` is set when the ITSM said when to come back (429);
 * `permanent` when the same call can never succeed (the ITSM refused the request itself).
 */
export class ItsmError extends Error {
  override name = 'ItsmError';
  readonly retryAfterMs: number | undefined;
  readonly permanent: boolean;
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { retryAfterMs?: number; permanent?: boolean; status?: number } = {},
  ) {
    super(message);
    this.retryAfterMs = options.retryAfterMs;
    this.permanent = options.permanent ?? false;
    this.status = options.status;
  }
}

/** How the outbox treats a failed ITSM request: waits out a rate limit, drops what cannot work. */
export function itsmDeliveryFailure(error: unknown): DeliveryFailure | undefined {
  if (!(error instanceof ItsmError)) return undefined;
  if (error.retryAfterMs !== undefined) {
    return { kind: 'rate_limited', retryAfterMs: error.retryAfterMs, reason: error.message };
  }
  return error.permanent
    ? { kind: 'permanent', reason: error.message }
    : { kind: 'transient', reason: error.message };
}
