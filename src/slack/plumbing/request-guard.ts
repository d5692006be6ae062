import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseForm } from 'node:querystring';
import { HTTPModuleFunctions, isRawBodyError } from '@slack/bolt';
import type { Logger } from '../../logger.js';
import { checkSlackBody } from './envelope.js';
import { answeringSlackRequest } from './slack-traffic.js';

/** Slack's replay window, both ways: a request signed further from our time than this is refused. */
const maxClockSkewSeconds = 5 * 60;

export interface SlackRequestGuardOptions {
  signingSecret: string;
  /** The path Slack posts to; other requests go straight on. */
  endpoint: string;
  /** Bodies larger than this, in bytes, are answered 413. */
  bodyLimit: number;
  logger: Logger;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
};

/** Why a request is not Slack's, or undefined when its signature and time are good. */
function signatureProblem(options: {
  signingSecret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): string | undefined {
  const { timestamp, signature, nowMs } = options;
  if (timestamp === undefined || signature === undefined) return 'signature headers are missing';
  if (!/^\d{1,12}$/.test(timestamp)) return 'x-slack-request-timestamp is not a Unix time in seconds';
  const skew = Number(timestamp) - Math.floor(nowMs / 1000);
  if (Math.abs(skew) > maxClockSkewSeconds) {
    return `signed ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} the server's time (at most ${maxClockSkewSeconds} s)`;
  }
  // Slack's v0 scheme (what Bolt's verifySlackRequest checks), compared with timingSafeEqual:
  // Bolt's comparison draws random bytes and computes two more HMACs on every request.
  const [version, given] = signature.split('=');
  if (version !== 'v0') return 'unknown signature version';
  const expected = createHmac('sha256', options.signingSecret)
    .update(`v0:${Number(timestamp)}:${options.body}`)
    .digest('hex');
  // As UTF-8, a character beyond ASCII takes two bytes or more: it cannot stand in for a hex digit.
  const givenBytes = Buffer.from(given ?? '', 'utf8');
  const expectedBytes = Buffer.from(expected, 'utf8');
  if (givenBytes.length !== expectedBytes.length || !timingSafeEqual(givenBytes, expectedBytes)) {
    return 'signature mismatch';
  }
  return undefined;
}

function answer(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

/**
 * Stands in front of the receiver on Slack's endpoint: reads the body, refuses forged, replayed or
 * future-dated requests (401), over-large ones (413) and signed ones Bolt could not handle (400),
 * each with one log line, and hands the rest on with the body already read. It is the only
 * signature check (the receiver's own is off), and nothing reaches Bolt that makes it throw
 * outside its own error handling. Bolt parses the body again: it takes no parsed body from outside.
 */
export function guardSlackRequests(
  next: RequestListener,
  options: SlackRequestGuardOptions,
): RequestListener {
  const { logger, endpoint, signingSecret, bodyLimit } = options;

  const refuse = (res: ServerResponse, status: number, why: string) => {
    logger.warn(`Slack request refused (${status}): ${why}`);
    answer(res, status);
  };

  const guard = async (req: IncomingMessage, res: ServerResponse) => {
    let rawBody: Buffer;
    try {
      ({ rawBody } = await HTTPModuleFunctions.bufferIncomingMessage(req, bodyLimit));
    } catch (error) {
      if (isRawBodyError(error) && error.statusCode === 413) {
        refuse(res, 413, `body larger than ${bodyLimit} bytes`);
      } else refuse(res, 400, `body could not be read (${(error as Error).message})`);
      return;
    }
    const body = rawBody.toString();
    const contentType = header(req, 'content-type');
    // Slack's SSL check comes unsigned and does nothing; Bolt answers it the same way.
    if (contentType === 'application/x-www-form-urlencoded' && parseForm(body).ssl_check === '1') {
      answer(res, 200);
      return;
    }
    const unsigned = signatureProblem({
      signingSecret,
      body,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature: header(req, 'x-slack-signature'),
      // Real time, not the app's Clock: Slack signs with its wall clock, while the app's clock is
      // business time that tests freeze and clock control moves ahead.
      nowMs: Date.now(),
    });
    if (unsigned) {
      refuse(res, 401, unsigned);
      return;
    }
    const checked = checkSlackBody(contentType, body);
    if (!checked.ok) {
      refuse(res, 400, checked.reason);
      return;
    }
    next(req, res);
  };

  return (req, res) => {
    let path: string | undefined;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      // Left to the receiver, which answers what it does not route.
    }
    if (path !== endpoint || req.method?.toUpperCase() !== 'POST') {
      next(req, res);
      return;
    }
    answeringSlackRequest(res);
    void guard(req, res).catch((error: unknown) => {
      logger.error('Slack request failed before Bolt saw it', error);
      answer(res, 500);
    });
  };
}
