import { WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { backoffMs, classifyDeliveryError } from '../../src/effects/retry-policy.js';
import { TemplateError } from '../../src/mail/templates.js';

describe('backoffMs', () => {
  it('doubles from 30 s and stops growing at an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(backoffMs)).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000,
    ]);
    expect(backoffMs(10_000)).toBe(3_600_000);
  });
});

describe('classifyDeliveryError', () => {
  const platform = (error: string) => new WebAPIPlatformError({ ok: false, error });

  it('waits Retry-After seconds on a 429', () => {
    expect(classifyDeliveryError(new WebAPIRateLimitedError(7))).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 7000,
    });
  });

  it('gives up on Slack errors the same call cannot get past', () => {
    for (const error of [
      'invalid_blocks',
      'channel_not_found',
      'user_not_found',
      'is_archived',
      'cannot_dm_bot',
    ]) {
      expect(classifyDeliveryError(platform(error))).toEqual({ kind: 'permanent', reason: error });
    }
  });

  it('retries other Slack errors, network errors and unknown failures', () => {
    expect(classifyDeliveryError(platform('internal_error')).kind).toBe('transient');
    expect(classifyDeliveryError(new WebAPIRequestError(new Error('ECONNRESET'))).kind).toBe('transient');
    expect(classifyDeliveryError(new Error('socket hang up')).kind).toBe('transient');
  });

  it('gives up on a template that cannot be filled and on a recipient the mail server refuses', () => {
    expect(classifyDeliveryError(new TemplateError('unknown e-mail template')).kind).toBe('permanent');
    const refused = Object.assign(new Error('550 no such user'), { code: 'EENVELOPE', responseCode: 550 });
    expect(classifyDeliveryError(refused).kind).toBe('permanent');
    const busy = Object.assign(new Error('451 try later'), { code: 'EENVELOPE', responseCode: 451 });
    expect(classifyDeliveryError(busy).kind).toBe('transient');
  });
});
