import { ArgumentError } from '@strata/core';

/** @internal Throws unless `index` is an integer in `[0, length)`. */
export function checkIndex(caller: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new ArgumentError(`${caller}: expected an integer index in [0, ${length}), got ${String(index)}.`);
  }
}
