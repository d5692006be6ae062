import { forActor, type MessageText, messageText } from '../../../blocks/shared/text.js';
import { ServiceError } from '../../services/errors.js';

/** Slack refused a trigger_id used once already: an earlier copy of the same click opened the form. */
function isExchangedTrigger(error: unknown): boolean {
  return (error as { data?: { error?: unknown } } | null)?.data?.error === 'exchanged_trigger_id';
}

/** Turns what went wrong into the sentence a person sees; unexpected errors are logged, not shown. */
export function explainError(error: unknown, log: (...args: unknown[]) => void): string {
  if (error instanceof ServiceError) return error.message;
  if (isExchangedTrigger(error)) return 'That form is open already; nothing was done twice.';
  log('unexpected error while handling a Slack request', error);
  return 'Something went wrong on Otto’s side; nothing was changed. Please try again in a minute.';
}

/** The same sentence as a reply's `text`: escaped, as every message text is (see blocks/shared/text.ts). */
export function explainErrorText(error: unknown, log: (...args: unknown[]) => void): MessageText {
  return messageText(forActor(explainError(error, log)));
}

/**
 * A refusal as a modal's field error: beside the input whose block the service's `field` maps
 * to, else beside `fallback`.
 */
export function refusalOnField(
  error: unknown,
  blockOf: Readonly<Record<string, string | undefined>>,
  fallback: string,
  log: (...args: unknown[]) => void,
): Record<string, string> {
  const field = error instanceof ServiceError && error.field !== undefined ? blockOf[error.field] : undefined;
  return { [field ?? fallback]: explainError(error, log) };
}
