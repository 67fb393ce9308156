import { ArgumentError } from '@strata/core';
import type { Dataset } from '../types.js';

/** @internal Throws unless `value` looks like a `Dataset` (an integer `length` and a `get`). */
export function checkDataset(caller: string, what: string, value: unknown): asserts value is Dataset<unknown> {
  const candidate = value as Partial<Dataset<unknown>> | null | undefined;
  const length = candidate?.length;
  if (typeof candidate?.get !== 'function' || typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new ArgumentError(
      `${caller}: expected ${what} to be a Dataset (an integer length >= 0 and a get(index) method), got ${describe(value)}.`,
    );
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object with keys [${Object.keys(value).join(', ')}]`;
  return `${typeof value} ${String(value)}`;
}
