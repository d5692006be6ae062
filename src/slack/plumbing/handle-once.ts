// Slack resends a delivery it thinks went unanswered (X-Slack-Retry-Num, or retry_attempt in Socket
// Mode) and now and then delivers one twice. Events are told apart by event_id; a modal submission
// by its view's id and hash, which change whenever the modal does. Both are recorded in the
// database, so a copy is recognised after a restart and by another replica too. Buttons carry no
// such id: their services save with guarded updates, so a copy finds the work done.
import type { AnyMiddlewareArgs, Middleware, ViewResponseAction } from '@slack/bolt';
import { formInProgressView } from '../../../blocks/shared/stale-form.js';
import type { ServiceContext } from '../../services/context.js';
import {
  claimEvent,
  claimSubmission,
  recordSubmissionAnswer,
  releaseSubmission,
} from '../../services/slack-receipts.js';
import type { ViewArgs } from '../listeners/register.js';

type Receipts = Pick<ServiceContext, 'db' | 'clock'>;

/** Slack waits 3 s for an answer; a claim still unanswered after this long belongs to a handler that died. */
const abandonAfterMs = 10_000;
/** How long a copy waits for the first one's answer, leaving time to answer Slack itself. */
const waitForAnswerMs = 2_000;
const pollMs = 50;

/**
 * Global middleware: an Events API event whose event_id was handled already goes no further
 * (Bolt has acknowledged it before any middleware runs). Everything else passes straight on.
 */
export function handleEachEventOnce(receipts: Receipts): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next, context, logger }) => {
    const { type, event_id: eventId } = body as { type?: unknown; event_id?: unknown };
    if (
      type === 'event_callback' &&
      typeof eventId === 'string' &&
      !(await claimEvent(receipts.db, eventId, receipts.clock.now()))
    ) {
      logger.debug(`event ${eventId} was handled already (retry ${context.retryNum ?? '-'}); ignored`);
      return;
    }
    await next();
  };
}

type ViewAck = (response?: ViewResponseAction) => Promise<void>;

/**
 * Handles a modal submission once. The first copy is claimed and handled; its answer is kept,
 * and a copy that comes later gets that same answer without being handled again. A copy that
 * comes while the first is still being handled waits for its answer. A submission answered with
 * field errors, or whose handler failed before answering, is released: the person may send it again.
 */
export async function submitOnce(
  receipts: Receipts,
  args: Pick<ViewArgs, 'body' | 'ack' | 'logger'>,
  handle: (ack: ViewAck) => Promise<void>,
): Promise<void> {
  const ack = args.ack as ViewAck;
  const { body } = args;
  if (body.type !== 'view_submission' || !body.view.id || !body.view.hash) {
    await handle(ack);
    return;
  }
  const key = `view:${body.view.id}:${body.view.hash}`;
  const deadline = performance.now() + waitForAnswerMs;
  for (;;) {
    const claim = await claimSubmission(receipts.db, key, receipts.clock.now(), abandonAfterMs);
    if (claim.kind === 'claimed') break;
    if (claim.kind === 'answered') {
      args.logger.debug(`submission ${key} was handled already; answering as the first time`);
      await ack(claim.answer as ViewResponseAction | undefined);
      return;
    }
    if (performance.now() >= deadline) {
      await ack({ response_action: 'update', view: formInProgressView() });
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  let answered = false;
  const answer: ViewAck = async (response) => {
    answered = true;
    try {
      if (response?.response_action === 'errors') await releaseSubmission(receipts.db, key);
      else await recordSubmissionAnswer(receipts.db, key, response);
    } catch (error) {
      args.logger.error('could not record the answer to a modal submission', error);
    }
    await ack(response);
  };
  try {
    await handle(answer);
  } finally {
    if (!answered) await releaseSubmission(receipts.db, key);
  }
}
