import { ArgumentError } from '../errors.js';

/** @internal An int-or-pair argument as a pair, checked against `min`. */
export function toPair(
  op: string,
  name: string,
  value: number | readonly [number, number],
  min: number,
): [number, number] {
  const pair =
    typeof value === 'number' ? ([value, value] as [number, number]) : ([value[0], value[1]] as [number, number]);
  if (typeof value !== 'number' && (!Array.isArray(value) || value.length !== 2)) {
    throw new ArgumentError(`${op}: expected ${name} as a number or a pair [h, w], got ${JSON.stringify(value)}.`);
  }
  if (pair.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ArgumentError(`${op}: expected ${name} of integers >= ${min}, got ${JSON.stringify(value)}.`);
  }
  return pair;
}
