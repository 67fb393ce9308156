import { StrataError } from '@strata/core';
import type { KernelExports } from './kernel-exports.js';

/**
 * The kernel exports that `WasmHeap.parallel` can split across threads, named in a thread's job
 * by their index here (a thread resolves the same list against its own instance). Each takes at
 * most {@link PART_ARGS} integer arguments and covers a work range given in them, writing only the outputs of
 * that range, so that parts on different threads never write the same memory.
 *
 * @example
 * ```ts
 * const id = PARALLEL_KERNELS.indexOf('max_pool2d');
 * ```
 */
export const PARALLEL_KERNELS = [
  'sgemm',
  'max_pool2d',
  'max_pool2d_grad',
  'avg_pool2d',
  'avg_pool2d_grad',
  'conv2d_direct',
  'conv2d_gemm',
  'conv2d_gemm_filter_grad',
  'conv2d_direct_pad',
  'conv2d_direct_filter_grad',
  'sum_channels',
  'batch_norm_train',
  'batch_norm_train_grad',
  'softmax_cross_entropy',
  'softmax_cross_entropy_grad',
] as const satisfies readonly (keyof KernelExports)[];

/**
 * One of {@link PARALLEL_KERNELS}.
 *
 * @example
 * ```ts
 * const kernel: ParallelKernel = 'avg_pool2d';
 * ```
 */
export type ParallelKernel = (typeof PARALLEL_KERNELS)[number];

/**
 * The integer arguments of the part `[begin, end)` of a parallel kernel call; `scratch` is the
 * byte offset of the running thread's own scratch area (`sgemm_scratch_floats()` floats).
 *
 * @example
 * ```ts
 * const argsFor: PartArgs = (begin, end) => [x, geometry, y, indices, begin, end];
 * ```
 */
export type PartArgs = (begin: number, end: number, scratch: number) => readonly number[];

/**
 * The most arguments a part of a parallel kernel call can pass (a worker's slot in the control
 * block holds the kernel and these).
 *
 * @example
 * ```ts
 * if (args.length > PART_ARGS) throw new Error('too many arguments');
 * ```
 */
export const PART_ARGS = 15;

/**
 * `argsFor(begin, end, scratch)`, checked to fit a worker's slot.
 *
 * @example
 * ```ts
 * kernels.max_pool2d(...partArgs('max_pool2d', argsFor, 0, planes, scratch));
 * ```
 */
export function partArgs(
  kernel: ParallelKernel,
  argsFor: PartArgs,
  begin: number,
  end: number,
  scratch: number,
): readonly number[] {
  const args = argsFor(begin, end, scratch);
  if (args.length > PART_ARGS) {
    throw new StrataError(
      `WasmHeap.parallel: expected at most ${PART_ARGS} arguments for '${kernel}', got ${args.length}; pass the rest in a struct in the heap.`,
    );
  }
  return args;
}
