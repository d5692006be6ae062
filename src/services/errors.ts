/** Errors a service raises for the listener to turn into a clear answer; nothing was changed. */
export class ServiceError extends Error {
  constructor(
    readonly kind: 'not_allowed' | 'not_found' | 'conflict' | 'invalid',
    message: string,
    /** The input the refusal is about (a field of the verb's input), so a form can show it there. */
    readonly field?: string | undefined,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notAllowed = (message: string) => new ServiceError('not_allowed', message);
export const notFound = (message: string, field?: string) => new ServiceError('not_found', message, field);
export const conflict = (message: string) => new ServiceError('conflict', message);
export const invalid = (message: string, field?: string) => new ServiceError('invalid', message, field);
