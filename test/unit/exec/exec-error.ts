import { ExecError } from '../../../src/errors';

/** Awaits a promise that must reject with an ExecError of this code, and returns the error to read its message. */
export async function expectExecError(promise: Promise<unknown>, code: ExecError['code']): Promise<ExecError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ExecError);
  expect((error as ExecError).code).toBe(code);
  return error as ExecError;
}
