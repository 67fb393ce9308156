import { ArgumentError, checkOptions, integerAt } from '@strata/core';
import type { Dataset } from '../types.js';
import { checkDataset } from './check-dataset.js';
import { Subset } from './subset.js';

/** How far from 1 fractions may sum (they are usually decimal literals like 0.7 + 0.2 + 0.1). */
const FRACTION_SUM_TOLERANCE = 1e-6;

/**
 * Options of {@link randomSplit}.
 *
 * @example
 * ```ts
 * const options: RandomSplitOptions = { seed: 42 };
 * ```
 */
export interface RandomSplitOptions {
  /** Seed of the permutation: the same seed gives the same split, run to run. */
  seed: number;
}

/**
 * Splits `dataset` into non-overlapping random subsets (PyTorch's `random_split`). `lengths`
 * are either sample counts summing to `dataset.length`, or fractions summing to 1; fractions
 * are floored and the remainder handed out one sample at a time from the first split on, as
 * PyTorch does. The permutation is a pure function of `seed`.
 *
 * @example
 * ```ts
 * const [train, val] = randomSplit(dataset, [0.9, 0.1], { seed: 42 });
 * const [a, b] = randomSplit(dataset, [50000, 10000], { seed: 42 });
 * ```
 */
export function randomSplit<T>(
  dataset: Dataset<T>,
  lengths: readonly number[],
  options: RandomSplitOptions,
): Subset<T>[] {
  checkDataset('randomSplit', 'the dataset', dataset);
  checkOptions('randomSplit', options, ['seed']);
  const seed = options?.seed;
  if (!Number.isInteger(seed)) {
    throw new ArgumentError(
      `randomSplit: expected options.seed to be an integer, got ${String(seed)}; pass { seed: 42 } so the split is reproducible.`,
    );
  }
  const counts = splitCounts(dataset.length, lengths);
  const order = permutation(dataset.length, seed);
  let offset = 0;
  return counts.map((count) => {
    const subset = new Subset(dataset, order.subarray(offset, offset + count));
    offset += count;
    return subset;
  });
}

function splitCounts(n: number, lengths: readonly number[]): number[] {
  if (
    !Array.isArray(lengths) ||
    lengths.length === 0 ||
    lengths.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v < 0)
  ) {
    throw new ArgumentError(
      `randomSplit: expected lengths to be a non-empty array of counts or fractions >= 0, got ${JSON.stringify(lengths)}.`,
    );
  }
  const sum = lengths.reduce((a, b) => a + b, 0);
  const integers = lengths.every(Number.isInteger);
  if (integers && sum === n) return [...lengths];
  if (Math.abs(sum - 1) <= FRACTION_SUM_TOLERANCE && lengths.every((v) => v <= 1)) {
    const counts = lengths.map((f) => Math.floor(n * f));
    const remainder = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) counts[i % counts.length]! += 1;
    return counts;
  }
  throw new ArgumentError(
    `randomSplit: expected lengths to be counts summing to the dataset's length (${n}) or fractions summing to 1, got ${JSON.stringify(lengths)} (sum ${sum}).`,
  );
}

/** A seeded Fisher-Yates shuffle of `0..n-1`. */
function permutation(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = integerAt(seed, i, 0, i + 1);
    const tmp = order[i]!;
    order[i] = order[j]!;
    order[j] = tmp;
  }
  return order;
}
