import type { Conv2dInfo } from '@strata/core';

/**
 * Whether a convolution is a plain 1x1 with stride 1 and no padding, whose im2col matrix is the
 * input itself: the kernels then run GEMM straight on the input and skip the copy.
 *
 * @example
 * ```ts
 * isPointwise(computeConv2dInfo([1, 8, 4, 4], [16, 8, 1, 1], attrs)); // true without stride or padding
 * ```
 */
export function isPointwise(info: Conv2dInfo): boolean {
  return (
    info.kernelHeight === 1 &&
    info.kernelWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.padTop === 0 &&
    info.padBottom === 0 &&
    info.padLeft === 0 &&
    info.padRight === 0
  );
}
