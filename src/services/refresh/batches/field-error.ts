import { ServiceError } from '../../errors.js';

/** The form fields the batch and creation verbs read; a bad one is answered on that field. */
export type CreationField = 'name' | 'serials' | 'config' | 'delegate';

/** An `invalid` answer that belongs next to one field of the form that sent it. */
export class FieldError extends ServiceError {
  constructor(
    override readonly field: CreationField,
    message: string,
  ) {
    super('invalid', message, field);
    this.name = 'FieldError';
  }
}

/** Moves an `invalid` answer onto `field`. */
function moveToField(field: CreationField, error: unknown): unknown {
  if (error instanceof ServiceError && error.kind === 'invalid' && !(error instanceof FieldError)) {
    return new FieldError(field, error.message);
  }
  return error;
}

/** Runs `read` and moves an `invalid` answer it throws onto `field`. */
export function onField<T>(field: CreationField, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw moveToField(field, error);
  }
}

/** `onField` for a read that waits on the database. */
export async function onFieldAsync<T>(field: CreationField, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw moveToField(field, error);
  }
}
