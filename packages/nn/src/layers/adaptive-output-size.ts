import { type AdaptiveOutputSize, ArgumentError } from '@strata/core';

/**
 * @internal Throws unless `outputSize` is a positive integer or a pair of them (`null` keeps
 * that input size).
 *
 * @example
 * ```ts
 * checkOutputSize('AdaptiveAvgPool2d', [7, null]);
 * ```
 */
export function checkOutputSize(layer: string, outputSize: AdaptiveOutputSize): void {
  const values =
    typeof outputSize === 'number'
      ? [outputSize]
      : Array.isArray(outputSize) && outputSize.length === 2
        ? outputSize
        : null;
  if (values === null || values.some((v) => v !== null && (!Number.isInteger(v) || v < 1))) {
    throw new ArgumentError(
      `${layer}: expected outputSize as a positive integer or a pair [h, w] of them (null keeps that input size), got ${JSON.stringify(outputSize)}.`,
    );
  }
}
