// Slack resends a delivery it thinks went unanswered (X-Slack-Retry-Num, or retry_attempt in Socket
// Mode) and now and then delivers one twice. Events are told apart by event_id; a modal submission
// by its view's id and hash, which change whenever the modal does. Both are recorded in the
// database, so a copy is recognised after a restart and by another replica too. Buttons carry no
// such id: their services save with guarded updates, so a copy finds the work done.
import type { AnyMiddlewareArgs, Middleware, ViewResponseAction } from '@slack/bolt';
import { formInProgressView } from '../../../blocks/shared/stale-form.js';
import type { ServiceContext } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import type { InSameTransaction } from '../../services/same-transaction.js';
import {
  claimEvent,
  claimSubmission,
  claimSubmissionIn,
  keepSubmissionAnswer,
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
 * A submission whose receipt its handler keeps in the transaction of the verb it calls
 * (`along`): claimed first in it and answered last in it, so a booking commits once, not three
 * times. A copy that finds it claimed there is rolled back and answered as the first one was.
 */
export interface SubmissionReceipt {
  along<R>(answerOf: (outcome: R) => ViewResponseAction | undefined): InSameTransaction<R>;
}

/** A copy's claim, made in its own transaction, found the submission claimed by another copy. */
class SubmissionTaken extends ServiceError {
  constructor() {
    super('conflict', 'This form was sent twice; Otto answers it once.');
  }
}

/** Waits for the first copy's answer (or takes over a claim its handler abandoned). */
async function claimOrAnswer(
  receipts: Receipts,
  key: string,
  ack: ViewAck,
  logger: ViewArgs['logger'],
): Promise<'claimed' | 'answered'> {
  const deadline = performance.now() + waitForAnswerMs;
  for (;;) {
    const claim = await claimSubmission(receipts.db, key, receipts.clock.now(), abandonAfterMs);
    if (claim.kind === 'claimed') return 'claimed';
    if (claim.kind === 'answered') {
      logger.debug(`submission ${key} was handled already; answering as the first time`);
      await ack(claim.answer as ViewResponseAction | undefined);
      return 'answered';
    }
    if (performance.now() >= deadline) {
      await ack({ response_action: 'update', view: formInProgressView() });
      return 'answered';
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * Handles a modal submission once. The first copy is claimed and handled; its answer is kept,
 * and a copy that comes later gets that same answer without being handled again. A copy that
 * comes while the first is still being handled waits for its answer. A submission answered with
 * field errors, or whose handler failed before answering, is released: the person may send it again.
 * With `inTransaction`, the handler is given the receipt to keep in its verb's transaction instead
 * (`SubmissionReceipt`); a failed transaction leaves no claim behind.
 */
export async function submitOnce(
  receipts: Receipts,
  args: Pick<ViewArgs, 'body' | 'ack' | 'logger'>,
  handle: (ack: ViewAck, receipt?: SubmissionReceipt) => Promise<void>,
  options: { inTransaction?: boolean } = {},
): Promise<void> {
  const ack = args.ack as ViewAck;
  const { body } = args;
  if (body.type !== 'view_submission' || !body.view.id || !body.view.hash) {
    await handle(ack);
    return;
  }
  const key = `view:${body.view.id}:${body.view.hash}`;
  // A copy of one handled already is told so by its own claim, inside its transaction.
  if (options.inTransaction) {
    await submitInTransaction(receipts, args, key, handle);
    return;
  }
  if ((await claimOrAnswer(receipts, key, ack, args.logger)) === 'claimed')
    await handleClaimed(receipts, args, key, handle);
}

/** Handles a claimed submission, keeping its answer (or giving the claim up). */
async function handleClaimed(
  receipts: Receipts,
  args: Pick<ViewArgs, 'ack' | 'logger'>,
  key: string,
  handle: (ack: ViewAck) => Promise<void>,
): Promise<void> {
  const ack = args.ack as ViewAck;
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

/** A first copy whose receipt is claimed and answered in its verb's transaction. */
async function submitInTransaction(
  receipts: Receipts,
  args: Pick<ViewArgs, 'ack' | 'logger'>,
  key: string,
  handle: (ack: ViewAck, receipt?: SubmissionReceipt) => Promise<void>,
): Promise<void> {
  const ack = args.ack as ViewAck;
  const now = receipts.clock.now();
  /** The answer committed with the verb's work; `taken`: another copy held the claim. */
  let recorded = false;
  let taken = false;
  const receipt: SubmissionReceipt = {
    along: (answerOf) => ({
      begin: async (tx) => {
        if (await claimSubmissionIn(tx, key, now)) return;
        taken = true;
        throw new SubmissionTaken();
      },
      end: async (tx, outcome) => {
        await recordSubmissionAnswer(tx, key, answerOf(outcome));
        recorded = true;
      },
    }),
  };
  const answer: ViewAck = async (response) => {
    // A copy that lost the claim answers as the first one did, once its handler is done.
    if (taken) return;
    if (!recorded && response?.response_action !== 'errors') {
      // Answered without a transaction that kept it (nothing to book, or it failed and rolled back).
      try {
        await keepSubmissionAnswer(receipts.db, key, now, response);
      } catch (error) {
        args.logger.error('could not record the answer to a modal submission', error);
      }
    }
    await ack(response);
  };
  try {
    await handle(answer, receipt);
  } catch (error) {
    if (!taken) throw error;
  }
  // The other copy's transaction failed and let the claim go meanwhile: this one is handled after all.
  if (taken && (await claimOrAnswer(receipts, key, ack, args.logger)) === 'claimed')
    await handleClaimed(receipts, args, key, handle);
}
