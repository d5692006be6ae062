import type { ViewOutput } from '@slack/bolt';
import type { ModalView } from '@slack/types';
import type { ServiceContext } from '../../services/context.js';
import type { ViewArgs } from '../listeners/register.js';
import type { Answering } from './button.js';
import type { SubmissionReceipt } from './handle-once.js';

/** How a modal submission is answered within Slack's 3 seconds. */
export type ViewAnswer =
  /** Closes the modal. */
  | undefined
  /** Keeps the modal open with a sentence beside each input named (block_id → sentence). */
  | { response_action: 'errors'; errors: Record<string, string> }
  /** Replaces the modal, e.g. by the outcome or by why nothing changed. */
  | { response_action: 'update'; view: ModalView };

export const closeModal = (): ViewAnswer => undefined;
/**
 * Slack shows a field error as plain text, where `code` would show its backticks: commands and
 * formats are quoted instead (“/otto create”).
 */
export const plainFieldError = (sentence: string): string =>
  sentence.replace(/`([^`\n]+)`/g, '“$1”').replaceAll('`', '');

export const fieldErrors = (errors: Record<string, string>): ViewAnswer => ({
  response_action: 'errors',
  errors: Object.fromEntries(
    Object.entries(errors).map(([block, sentence]) => [block, plainFieldError(sentence)]),
  ),
});
export const replaceModal = (view: ModalView): ViewAnswer => ({ response_action: 'update', view });

export interface Submission extends Answering {
  readonly view: ViewOutput;
  readonly triggerId: string;
  /** Given to handlers registered with `receiptInTransaction`, for their verb (`SubmissionReceipt`). */
  readonly receipt?: SubmissionReceipt | undefined;
}

/** What `ack` decided: Slack's answer, and (to go on after it) what `lazy` needs. */
export interface Acked<T> {
  answer: ViewAnswer;
  // Not `then`: an object with a `then` is taken for a promise when an async `ack` returns it.
  later?: T | undefined;
}

/**
 * A modal's submission split in two (seratch/slack-edge's view handler): `ack` reads the form,
 * calls the verb and decides the answer, which Slack shows only if it comes within 3 seconds;
 * `lazy` does what may take longer (posting, progress, lookups) once Slack has it. Field errors
 * exist only in the answer, so a Slack call whose outcome is one (users.info on a picked person,
 * an attached file) belongs in `ack`, under its own time limit.
 */
export interface SubmissionHandler<T> {
  ack(submission: Submission): Acked<T> | Promise<Acked<T>>;
  lazy?(carried: T, submission: Submission): Promise<void>;
}

export function handleSubmission<T>(ctx: ServiceContext, handler: SubmissionHandler<T>) {
  return async ({
    ack,
    body,
    view,
    client,
    logger,
    receipt,
  }: ViewArgs & { receipt?: SubmissionReceipt }): Promise<void> => {
    const submission: Submission = {
      ctx,
      client,
      userId: body.user.id,
      log: logger.error.bind(logger),
      view,
      triggerId: (body as { trigger_id?: string }).trigger_id ?? '',
      receipt,
    };
    const { answer, later } = await handler.ack(submission);
    await ack(answer);
    if (later === undefined || !handler.lazy) return;
    try {
      await handler.lazy(later, submission);
    } catch (error) {
      submission.log(`${view.callback_id}: the work after the answer failed`, error);
    }
  };
}
