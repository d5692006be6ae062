import { ServiceError } from '../../services/errors.js';

/** Turns what went wrong into the sentence a person sees; unexpected errors are logged, not shown. */
export function explainError(error: unknown, log: (...args: unknown[]) => void): string {
  if (error instanceof ServiceError) return error.message;
  log('unexpected error while handling a Slack request', error);
  return 'Something went wrong on Otto’s side; nothing was changed. Please try again in a minute.';
}
