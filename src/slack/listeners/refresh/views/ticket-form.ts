import { ticketNoticeModal } from '../../../../../blocks/refresh/messages/ticket-card.js';
import { staleFormView } from '../../../../../blocks/shared/stale-form.js';
import { forActor } from '../../../../../blocks/shared/text.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { explainError } from '../../../plumbing/answers.js';
import type { Answering } from '../../../plumbing/button.js';
import { type FormInputs, type FormValues, readForm } from '../../../plumbing/modal-form.js';
import {
  closeModal,
  fieldErrors,
  handleSubmission,
  replaceModal,
  type Submission,
} from '../../../plumbing/submission.js';
import { type TicketFormMetadata, ticketFormMetadata } from '../../../values/refresh.js';
import { answerTicketAction, type Outcome } from '../actions/ticket-surface.js';

/** Refusals that belong beside their fields in the form, keyed by block_id. */
export class FormFieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(' '));
    this.name = 'FormFieldErrors';
  }
}

const unreadable = 'Otto could not read this form; open it again from the ticket.';

/** Reads a ticket form's inputs; what cannot be read is refused beside its input. */
export function readTicketForm<F extends FormInputs>(inputs: F, submission: Submission): FormValues<F> {
  const form = readForm(inputs, submission.view.state.values, unreadable);
  if (!form.ok) throw new FormFieldErrors(form.errors);
  return form.values;
}

export interface TicketForm<T> {
  /** Reads the form and saves through one service; throws FormFieldErrors or a ServiceError. */
  save(metadata: TicketFormMetadata, submission: Submission): T | Promise<T>;
  /** Puts other refusals on a field (e.g. a ServiceError of kind `invalid`); undefined refuses the form. */
  fieldErrors?(error: unknown, submission: Submission): Record<string, string> | undefined;
  /** What the person is told where they started (Home, card or message). */
  outcome(result: T, metadata: TicketFormMetadata): Omit<Outcome, 'ok'>;
  after?(result: T, answering: Answering): Promise<void>;
}

/**
 * The one way a staff form on a ticket (deny, change request, edit, location, reschedule) is
 * submitted: field refusals stay in the form, any other refusal replaces it with the reason and
 * changes nothing, and success closes it; then, after the answer, Otto answers where the person
 * started.
 */
export function submitTicketForm<T>(ctx: ServiceContext, form: TicketForm<T>) {
  return handleSubmission<() => Promise<void>>(ctx, {
    ack: async (submission) => {
      const metadata = ticketFormMetadata.parse(submission.view.private_metadata);
      if (!metadata) return { answer: replaceModal(staleFormView()) };
      let result: T;
      try {
        result = await form.save(metadata, submission);
      } catch (error) {
        const errors =
          error instanceof FormFieldErrors ? error.errors : form.fieldErrors?.(error, submission);
        if (errors && Object.keys(errors).length > 0) return { answer: fieldErrors(errors) };
        const note = explainError(error, submission.log);
        const answer = replaceModal(ticketNoticeModal('Nothing was changed', forActor(note)));
        if (error instanceof ServiceError && error.kind === 'invalid') return { answer };
        const refusal = { ok: false, note, ticketId: metadata.ticketId };
        return { answer, later: () => answerTicketAction(submission, metadata.source, refusal) };
      }
      return {
        answer: closeModal(),
        later: async () => {
          await answerTicketAction(submission, metadata.source, {
            ok: true,
            ...form.outcome(result, metadata),
          });
          await form.after?.(result, submission);
        },
      };
    },
    lazy: (answerWhereStarted) => answerWhereStarted(),
  });
}

/** A ServiceError of kind `invalid` shown on one field. */
export const invalidOn =
  (blockId: string) =>
  (error: unknown): Record<string, string> | undefined =>
    error instanceof ServiceError && error.kind === 'invalid' ? { [blockId]: error.message } : undefined;
