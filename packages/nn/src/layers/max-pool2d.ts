import { ArgumentError, maxPool2d, type Tensor } from '@strata/core';
import { assertRank, Module } from '../module/module.js';
import { argSpec, is, parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { checkPoolWindow } from './pool-window.js';
import { pyBool, pyValue } from './python-repr.js';
import type { Size2 } from './pair.js';

/**
 * Options of {@link MaxPool2d} (PyTorch's keyword arguments, camelCase).
 *
 * @example
 * ```ts
 * const o: MaxPool2dLayerOptions = { stride: 2, padding: 1 };
 * ```
 */
export interface MaxPool2dLayerOptions {
  /** Window step (default, or `null`: the kernel size). */
  stride?: Size2 | null;
  /** Implicit -inf padding per side (default 0), at most half the kernel. */
  padding?: Size2;
  /** Spacing of the window's elements (default 1). */
  dilation?: Size2;
  /** PyTorch's `return_indices`; only `false`: the layer returns one tensor (use `maxPool2d` for the indices). */
  returnIndices?: false;
  /** Round the output size up instead of down (default false). */
  ceilMode?: boolean;
}

const MAX_POOL2D = argSpec(
  'MaxPool2d',
  ['kernelSize', 'stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
  1,
  {
    kernelSize: is.size,
    stride: is.nullable(is.size),
    padding: is.size,
    dilation: is.size,
    returnIndices: is.boolean,
    ceilMode: is.boolean,
  },
);

/**
 * The arguments of {@link MaxPool2d}: PyTorch's `(kernel_size, stride=None, padding=0,
 * dilation=1, return_indices=False, ceil_mode=False)`, positionally or by name in an options
 * object.
 *
 * @example
 * ```ts
 * const args: MaxPool2dArgs = [3, 2]; // as [{ kernelSize: 3, stride: 2 }]
 * ```
 */
export type MaxPool2dArgs = PyTorchArgs<
  [
    kernelSize: Size2,
    stride?: Size2 | null,
    padding?: Size2,
    dilation?: Size2,
    returnIndices?: false,
    ceilMode?: boolean,
  ],
  ['kernelSize', 'stride', 'padding', 'dilation', 'returnIndices', 'ceilMode'],
  MaxPool2dLayerOptions & { kernelSize: Size2 }
>;

/**
 * 2-D max pooling as a layer (`nn.MaxPool2d`) over `[N, C, H, W]` or `[C, H, W]`; `stride`
 * defaults to the kernel size. Arguments as PyTorch's, positionally or by name
 * ({@link MaxPool2dArgs}); they keep the form they were given in (a number or a pair), as
 * PyTorch prints them.
 *
 * @example
 * ```ts
 * const pool = new MaxPool2d(3, 2); // nn.MaxPool2d(3, 2), as new MaxPool2d(3, { stride: 2 })
 * pool.forward(rand([1, 96, 54, 54])).shape; // [1, 96, 26, 26]
 * String(pool); // 'MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * ```
 */
export class MaxPool2d extends Module {
  readonly kernelSize: number | readonly [number, number];
  readonly stride: number | readonly [number, number];
  readonly padding: number | readonly [number, number];
  readonly dilation: number | readonly [number, number];
  readonly ceilMode: boolean;

  constructor(...args: MaxPool2dArgs) {
    super();
    const options = parseArgs<
      Omit<MaxPool2dLayerOptions, 'returnIndices'> & { kernelSize: Size2; returnIndices?: boolean }
    >(MAX_POOL2D, args);
    if (options.returnIndices === true) {
      throw new ArgumentError(
        'MaxPool2d: returnIndices is not supported by the layer, whose forward returns one tensor; call maxPool2d(x, kernelSize, { returnIndices: true }) for the indices.',
      );
    }
    this.kernelSize = options.kernelSize;
    this.stride = options.stride ?? options.kernelSize;
    this.padding = options.padding ?? 0;
    this.dilation = options.dilation ?? 1;
    this.ceilMode = options.ceilMode ?? false;
    checkPoolWindow('MaxPool2d', this.kernelSize, this.stride, this.padding, this.dilation);
  }

  /**
   * Takes the maximum of each window.
   *
   * @example
   * ```ts
   * pool.forward(x);
   * ```
   */
  forward(x: Tensor): Tensor {
    assertRank('MaxPool2d', x, [4, 3], '(N, C, H, W) or (C, H, W)');
    return maxPool2d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    });
  }

  override extraRepr(): string {
    return `kernel_size=${pyValue(this.kernelSize)}, stride=${pyValue(this.stride)}, padding=${pyValue(this.padding)}, dilation=${pyValue(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}
