import { computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { type FloatArray, gemm } from '../routines/gemm.js';
import { im2col } from '../routines/im2col.js';
import { convLayout } from '../routines/conv-layout.js';

/**
 * Gradient of `Conv2d` with respect to its filter: per group, `dW += dy x cols^T` summed over
 * the batch, with `cols` the im2col matrix of each input.
 *
 * @example
 * ```ts
 * const dw = conv2dBackpropFilter({ inputs: { x, dy }, attrs: { ...convAttrs, filterShape: filter.shape }, backend });
 * ```
 */
export const conv2dBackpropFilter: KernelFunc<'Conv2dBackpropFilter', CpuBackend> = ({
  inputs: { x, dy },
  attrs,
  backend,
}) => {
  const info = computeConv2dInfo(x.shape, attrs.filterShape, attrs);
  const xValues = backend.values(x.dataId) as FloatArray;
  const dyValues = backend.values(dy.dataId) as FloatArray;
  const dw = backend.allocate(x.dtype, sizeFromShape(attrs.filterShape)) as FloatArray;
  const { plane, inPlane, cg, og, patch, pointwise } = convLayout(info);
  const cols = pointwise ? xValues : (backend.allocate(x.dtype, patch * plane) as FloatArray);
  for (let n = 0; n < info.batch; n++) {
    for (let g = 0; g < info.groups; g++) {
      const xOffset = (n * info.inChannels + g * cg) * inPlane;
      if (!pointwise) im2col(xValues, xOffset, cg, info, cols);
      const dyOffset = (n * info.outChannels + g * og) * plane;
      gemm(og, patch, plane, dyValues, dyOffset, false, cols, pointwise ? xOffset : 0, true, dw, g * og * patch, true);
    }
  }
  if (!pointwise) backend.recycle(cols);
  return backend.makeOutput(dw, attrs.filterShape, x.dtype);
};
