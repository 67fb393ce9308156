import { type ChannelLayout, channelLayout } from '../routines/channel-layout.js';
import { PARALLEL_MACS, type WasmHeap } from './wasm-heap.js';

/**
 * What the WebAssembly batch-norm kernels share: the input viewed as `[batch, channels, spatial]`,
 * `eps` as a float64 in the heap (a kernel argument slot holds only an integer), and the least
 * channels per thread.
 *
 * @example
 * ```ts
 * const plan = planBatchNorm(heap, x.shape, 1e-5);
 * heap.parallel('batch_norm_train', plan.channels, plan.grain, (begin, end) => [...args, begin, end]);
 * ```
 */
export interface BatchNormPlan extends ChannelLayout {
  /** Byte offset of `eps` as a float64. */
  eps: number;
  /**
   * The least channels per thread: enough for the passes over each channel's values to be worth
   * waking a thread for, and even for `[N, C]` inputs, whose kernels take channels in pairs.
   */
  grain: number;
}

/**
 * Writes `eps` into the heap (after `heap.reset()`) and sizes the work for an input of `shape`.
 *
 * @example
 * ```ts
 * heap.reset();
 * const { batch, channels, spatial, eps, grain } = planBatchNorm(heap, [128, 16, 16, 16], 1e-5);
 * ```
 */
export function planBatchNorm(heap: WasmHeap, shape: readonly number[], eps: number): BatchNormPlan {
  const layout = channelLayout(shape);
  const ptr = heap.alloc(2);
  heap.f64(ptr, 1)[0] = eps;
  const grain = Math.ceil(PARALLEL_MACS / (3 * layout.count));
  return { ...layout, eps: ptr, grain: layout.spatial === 1 ? grain + (grain % 2) : grain };
}
