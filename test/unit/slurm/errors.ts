import { ValidationError } from '../../../src/errors';

/** Runs `fn`, expecting a ValidationError, and returns it so a test can read what the user sees. */
export function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
