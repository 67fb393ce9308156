import type { KernelFunc } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { PARALLEL_MACS, type WasmHeap } from '../wasm/wasm-heap.js';
import { reduce } from './reduce.js';

/**
 * `shape` viewed as `[outer, channels, inner]` with the kept dimensions (those not in `axes`,
 * ignoring any of size 1) all in `channels`, or `undefined` where kept dimensions are split by a
 * reduced one.
 *
 * @example
 * ```ts
 * channelView([256, 6, 28, 28], [0, 2, 3]); // { outer: 256, channels: 6, inner: 784 }
 * ```
 */
export function channelView(
  shape: readonly number[],
  axes: readonly number[],
): { outer: number; channels: number; inner: number } | undefined {
  const reduced = new Set(axes);
  const product = (from: number, to: number) => shape.slice(from, to).reduce((p, s) => p * s, 1);
  const kept = shape.flatMap((size, d) => (size > 1 && !reduced.has(d) ? [d] : []));
  if (kept.length === 0) return { outer: 1, channels: 1, inner: product(0, shape.length) };
  const first = kept[0]!;
  const last = kept.at(-1)!;
  if (shape.slice(first, last + 1).some((size, i) => size > 1 && reduced.has(first + i))) {
    return undefined;
  }
  return { outer: product(0, first), channels: product(first, last + 1), inner: product(last + 1, shape.length) };
}

/**
 * `Reduce` with float32 sums on the WebAssembly kernels where the kept dimensions are contiguous
 * (a convolution's bias gradient, summed over items and positions; a linear layer's, summed over
 * rows): per-channel sums in double, split across threads by channel. Every other reduction takes
 * the TypeScript kernel.
 *
 * @example
 * ```ts
 * registerKernel('cpu', 'Reduce', reduceWasm(heap));
 * ```
 */
export function reduceWasm(heap: WasmHeap): KernelFunc<'Reduce', CpuBackend> {
  return (args) => {
    const { inputs, attrs, output, backend } = args;
    const { x } = inputs;
    const view =
      attrs.op === 'sum' && x.dtype === 'float32' && output.dtype === 'float32'
        ? channelView(x.shape, attrs.axes)
        : undefined;
    if (view === undefined || view.outer * view.channels * view.inner === 0) return reduce(args);
    const { outer, channels, inner } = view;
    heap.reset();
    const src = heap.copyIn(backend.values(x.dataId) as Float32Array);
    const out = backend.allocateOutput('float32', channels);
    const y = heap.outputPointer(out);
    const grain = Math.ceil(PARALLEL_MACS / (outer * inner));
    heap.parallel('sum_channels', channels, grain, (begin, end) => [src, outer, channels, inner, y, begin, end]);
    heap.copyBack(out, y);
    return backend.makeOutput(out, output.shape, 'float32');
  };
}
