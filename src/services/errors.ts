/** Errors a service raises for the listener to turn into a clear answer; nothing was changed. */
export class ServiceError extends Error {
  constructor(
    readonly kind: 'not_allowed' | 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export const notAllowed = (message: string) => new ServiceError('not_allowed', message);
export const notFound = (message: string) => new ServiceError('not_found', message);
export const conflict = (message: string) => new ServiceError('conflict', message);
export const invalid = (message: string) => new ServiceError('invalid', message);
