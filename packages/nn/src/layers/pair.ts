import { ArgumentError } from '@strata/core';

/**
 * A layer's size argument: one integer for both dimensions or a pair `[h, w]` (PyTorch's
 * `_size_2_t`).
 *
 * @example
 * ```ts
 * const kernel: Size2 = [3, 5];
 * ```
 */
export type Size2 = number | readonly [number, number];

/**
 * @internal A layer's int-or-pair argument as a pair of integers `>= min`, validated in the
 * constructor so that a bad argument fails where it was written.
 *
 * @example
 * ```ts
 * toPair('Conv2d', 'stride', 2, 1);      // [2, 2]
 * toPair('Conv2d', 'padding', [1, 0], 0); // [1, 0]
 * ```
 */
export function toPair(layer: string, name: string, value: Size2, min: number): [number, number] {
  const pair =
    typeof value === 'number'
      ? [value, value]
      : Array.isArray(value) && value.length === 2
        ? [value[0], value[1]]
        : null;
  if (pair === null || pair.some((v) => !Number.isInteger(v) || v < min)) {
    const kind = min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer >= ${min}`;
    throw new ArgumentError(
      `${layer}: expected ${name} as ${kind} or a pair [h, w] of them, got ${JSON.stringify(value)}.`,
    );
  }
  return pair as [number, number];
}
