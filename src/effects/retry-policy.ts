import { ErrorCode } from '@slack/web-api';
import { TemplateError } from '../mail/templates.js';

const baseDelayMs = 30_000;
const maxDelayMs = 60 * 60_000;

/** 30 s after the first failed attempt, doubling, capped at an hour: a notice is never dropped. */
export function backoffMs(attempts: number): number {
  const doublings = Math.min(Math.max(attempts - 1, 0), 20);
  return Math.min(baseDelayMs * 2 ** doublings, maxDelayMs);
}

/** Slack errors that the same call cannot get past by waiting. */
export const permanentSlackErrors: ReadonlySet<string> = new Set([
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'msg_too_long',
  'no_text',
  'too_many_blocks',
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'user_disabled',
  'not_in_channel',
  'is_archived',
  'thread_not_found',
  // A message to update that was deleted, or that Otto may not edit.
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'account_inactive',
  'cannot_dm_bot',
  'restricted_action',
]);

/** A row the dispatcher cannot turn into a message (its payload no longer parses). */
export class UndeliverableNotice extends Error {
  override name = 'UndeliverableNotice';
}

export type DeliveryFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; reason: string }
  | { kind: 'permanent'; reason: string }
  | { kind: 'transient'; reason: string };

interface MaybeCoded {
  code?: unknown;
  retryAfter?: unknown;
  data?: { error?: unknown };
  responseCode?: unknown;
  message?: unknown;
}

export function classifyDeliveryError(error: unknown): DeliveryFailure {
  if (error instanceof TemplateError || error instanceof UndeliverableNotice)
    return { kind: 'permanent', reason: error.message };
  const e = (typeof error === 'object' && error !== null ? error : {}) as MaybeCoded;
  const reason = error instanceof Error ? error.message : String(error);
  if (e.code === ErrorCode.RateLimitedError) {
    const seconds = typeof e.retryAfter === 'number' && e.retryAfter > 0 ? e.retryAfter : 1;
    return {
      kind: 'rate_limited',
      retryAfterMs: seconds * 1000,
      reason: `rate_limited (retry after ${seconds} s)`,
    };
  }
  if (e.code === ErrorCode.PlatformError && typeof e.data?.error === 'string') {
    const slackError = e.data.error;
    return permanentSlackErrors.has(slackError)
      ? { kind: 'permanent', reason: slackError }
      : { kind: 'transient', reason: slackError };
  }
  // An SMTP server refusing the recipient (5xx) will refuse it again; other SMTP trouble passes.
  if (e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500) {
    return { kind: 'permanent', reason };
  }
  return { kind: 'transient', reason };
}
