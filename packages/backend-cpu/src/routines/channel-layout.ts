import type { Shape } from '@strata/core';

/**
 * An `[N, C, ...]` tensor seen as `[N, C, S]`, for kernels that work per channel: value
 * `(n, c, s)` is at `c * spatial + n * stride + s`.
 *
 * @example
 * ```ts
 * const { batch, channels, spatial, count, stride } = channelLayout([8, 3, 5, 5]);
 * // 8, 3, 25, 200 values per channel, 75 between items
 * ```
 */
export interface ChannelLayout {
  batch: number;
  channels: number;
  /** Product of the dimensions after the channels (1 for `[N, C]`). */
  spatial: number;
  /** Values per channel: `batch * spatial`. */
  count: number;
  /** Distance between batch items: `channels * spatial`. */
  stride: number;
}

/**
 * The {@link ChannelLayout} of `shape` (rank 2 or more).
 *
 * @example
 * ```ts
 * channelLayout([4, 3]).spatial; // 1
 * ```
 */
export function channelLayout(shape: Shape): ChannelLayout {
  const [batch, channels] = shape as [number, number];
  let spatial = 1;
  for (let d = 2; d < shape.length; d++) spatial *= shape[d]!;
  return { batch, channels, spatial, count: batch * spatial, stride: channels * spatial };
}
