/**
 * The median of `values` (the mean of the middle two for an even count), the figure a benchmark
 * reports because one slow run (a GC pause, another process) does not move it.
 *
 * @example
 * ```ts
 * median([3, 1, 2]); // 2
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median: expected at least one value, got none.');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Rounds to `digits` significant digits, so that the JSON shows what the measurement supports.
 *
 * @example
 * ```ts
 * significant(1234.5678, 3); // 1230
 * ```
 */
export function significant(value: number, digits = 3): number {
  return value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits));
}
