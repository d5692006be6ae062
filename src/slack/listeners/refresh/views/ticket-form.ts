import { ticketNoticeModal } from '../../../../../blocks/refresh/messages/ticket-card.js';
import { staleFormView } from '../../../../../blocks/shared/stale-form.js';
import type { ServiceContext } from '../../../../services/context.js';
import { ServiceError } from '../../../../services/errors.js';
import { explainError } from '../../../plumbing/answers.js';
import type { Answering } from '../../../plumbing/button.js';
import type { TicketFormMetadata } from '../../../values/refresh.js';
import { ticketFormMetadata } from '../../../values/refresh.js';
import type { ViewArgs } from '../../register.js';
import { answerTicketAction, type Outcome } from '../actions/ticket-surface.js';

/** Refusals that belong beside their fields in the form, keyed by block_id. */
export class FormFieldErrors extends Error {
  constructor(readonly errors: Record<string, string>) {
    super(Object.values(errors).join(' '));
    this.name = 'FormFieldErrors';
  }
}

export interface TicketForm<T> {
  /** Reads the form and saves through one service; throws FormFieldErrors or a ServiceError. */
  save(metadata: TicketFormMetadata, answering: Answering): T | Promise<T>;
  /** Puts other refusals on a field (e.g. a ServiceError of kind `invalid`); undefined refuses the form. */
  fieldErrors?(error: unknown): Record<string, string> | undefined;
  /** What the person is told where they started (Home, card or message). */
  outcome(result: T, metadata: TicketFormMetadata): Omit<Outcome, 'ok'>;
  after?(result: T, answering: Answering): Promise<void>;
}

/**
 * The one way a staff form on a ticket (deny, change request, edit, location) is submitted:
 * field refusals stay in the form, any other refusal replaces it with the reason and changes
 * nothing, and success closes it and answers where the person started.
 */
export async function submitTicketForm<T>(
  ctx: ServiceContext,
  { ack, body, view, client, logger }: ViewArgs,
  form: TicketForm<T>,
): Promise<void> {
  const metadata = ticketFormMetadata.parse(view.private_metadata);
  if (!metadata) {
    await ack({ response_action: 'update', view: staleFormView() });
    return;
  }
  const answering: Answering = { ctx, client, userId: body.user.id, log: logger.error.bind(logger) };
  let result: T;
  try {
    result = await form.save(metadata, answering);
  } catch (error) {
    const errors = error instanceof FormFieldErrors ? error.errors : form.fieldErrors?.(error);
    if (errors && Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const note = explainError(error, answering.log);
    await ack({ response_action: 'update', view: ticketNoticeModal('Nothing was changed', note) });
    if (!(error instanceof ServiceError && error.kind === 'invalid')) {
      await answerTicketAction(answering, metadata.source, { ok: false, note, ticketId: metadata.ticketId });
    }
    return;
  }
  await ack();
  await answerTicketAction(answering, metadata.source, { ok: true, ...form.outcome(result, metadata) });
  await form.after?.(result, answering);
}

/** A ServiceError of kind `invalid` shown on one field. */
export const invalidOn =
  (blockId: string) =>
  (error: unknown): Record<string, string> | undefined =>
    error instanceof ServiceError && error.kind === 'invalid' ? { [blockId]: error.message } : undefined;
