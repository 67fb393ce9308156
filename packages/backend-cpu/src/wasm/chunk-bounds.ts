/**
 * The share of a job's work in the first round of chunks (one per thread, each run by its own
 * thread); the rest is cut into a second round of one smaller chunk per thread, which the threads
 * claim as they finish. A thread that runs slower (a busy sibling core, a late wake-up) so leaves
 * more of the second round to the others, and a kernel's setup per chunk (padding, packing) is
 * paid at most twice per thread.
 */
export const FIRST_ROUND = 3 / 4;

/** The most chunks {@link chunkBounds} cuts a job into, per thread. */
export const CHUNKS_PER_THREAD = 2;

/**
 * Cuts `[0, total)` for `threads` threads into chunks of a whole number of `grain` items (the last
 * excepted) in two rounds (see {@link FIRST_ROUND}): writes the bounds into `bounds`, chunk c being
 * `[bounds[c], bounds[c + 1])`, and returns the chunk count (1 when `total` is at most one grain).
 *
 * @example
 * ```ts
 * const bounds: number[] = [];
 * chunkBounds(100, 10, 2, bounds); // 4: [0, 40), [40, 80), [80, 90), [90, 100)
 * ```
 */
export function chunkBounds(total: number, grain: number, threads: number, bounds: number[]): number {
  const grains = Math.ceil(total / grain);
  const first = Math.ceil((grains * FIRST_ROUND) / threads);
  const second = Math.ceil(Math.max(0, grains - first * threads) / threads);
  let chunks = 0;
  bounds[0] = 0;
  while (bounds[chunks]! < total) {
    bounds[chunks + 1] = Math.min(total, bounds[chunks]! + (chunks < threads ? first : second) * grain);
    chunks++;
  }
  return chunks;
}
