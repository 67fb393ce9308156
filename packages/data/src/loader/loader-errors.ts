import { ArgumentError, DTypeError, ShapeError, StrataError } from '@strata/core';

type ErrorClass = new (message: string, options?: { cause?: unknown }) => StrataError;

// Errors cross the worker boundary as plain data; rebuilding them by name keeps `instanceof
// ShapeError` (and friends) true in the consumer's catch, whichever thread the sample ran on.
const CLASSES: Record<string, ErrorClass> = { ArgumentError, DTypeError, ShapeError, StrataError };

// Own keys only: an error named `constructor` or `toString` must not find Object's members.
const classNamed = (name: string): ErrorClass | undefined => (Object.hasOwn(CLASSES, name) ? CLASSES[name] : undefined);

/** @internal An error as it travels from a worker to the main thread. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly cause?: SerializedError;
}

/** @internal The plain-data form of `error`, for `postMessage`. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const out: { -readonly [K in keyof SerializedError]: SerializedError[K] } = {
    name: error.name,
    message: error.message,
  };
  if (error.stack !== undefined) out.stack = error.stack;
  if (error.cause !== undefined) out.cause = serializeError(error.cause);
  return out;
}

/** @internal Rebuilds a serialized error: a strata error class by name, or a plain `Error`. */
export function reviveError(data: SerializedError): Error {
  const cause = data.cause === undefined ? undefined : reviveError(data.cause);
  const Class = classNamed(data.name);
  let error: Error;
  if (Class === undefined) {
    error = new Error(data.message, { cause });
    error.name = data.name;
  } else {
    error = new Class(data.message, { cause });
  }
  if (data.stack !== undefined) error.stack = data.stack;
  return error;
}

/**
 * @internal The error the loader raises when a transform throws on dataset sample `index`: the
 * strata class of the original (a plain `StrataError` for other errors), a message naming the
 * sample, and the original as `cause`.
 */
export function transformError(error: unknown, index: number): StrataError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const Class = classNamed(name) ?? StrataError;
  return new Class(`DataLoader: expected the transform to accept sample ${index}, got ${name}: ${message}`, {
    cause: error,
  });
}
