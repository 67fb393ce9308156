import { ArgumentError } from '@strata/core';

/** @internal How a value reads in an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}

/** @internal Whether `value` is a number other than NaN. */
export function isNumber(value: unknown): value is number {
  return typeof value === 'number' && !Number.isNaN(value);
}

/** @internal Whether `value` is an integer at least `min`. */
export function isIntegerAtLeast(value: unknown, min: number): value is number {
  return Number.isInteger(value) && (value as number) >= min;
}

/**
 * @internal Throws `<op>: expected <contract>, got <value>[; <fix>].` as an ArgumentError
 * unless `ok`.
 */
export function checkOption(ok: boolean, op: string, contract: string, value: unknown, fix?: string): void {
  if (ok) return;
  throw new ArgumentError(`${op}: expected ${contract}, got ${describe(value)}${fix === undefined ? '' : `; ${fix}`}.`);
}
