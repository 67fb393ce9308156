import { computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { col2im } from '../routines/col2im.js';
import { type FloatArray, gemm } from '../routines/gemm.js';
import { convLayout } from '../routines/conv-layout.js';

/**
 * Gradient of `Conv2d` with respect to its input: per batch item and group,
 * `cols = W^T x dy`, then col2im adds each column entry back where im2col read it.
 *
 * @example
 * ```ts
 * const dx = conv2dBackpropInput({ inputs: { dy, filter }, attrs: { ...convAttrs, inputShape: x.shape }, backend });
 * ```
 */
export const conv2dBackpropInput: KernelFunc<'Conv2dBackpropInput', CpuBackend> = ({
  inputs: { dy, filter },
  attrs,
  backend,
}) => {
  const info = computeConv2dInfo(attrs.inputShape, filter.shape, attrs);
  const dyValues = backend.values(dy.dataId) as FloatArray;
  const filterValues = backend.values(filter.dataId) as FloatArray;
  const dx = backend.allocate(dy.dtype, sizeFromShape(attrs.inputShape)) as FloatArray;
  const { plane, inPlane, cg, og, patch, pointwise } = convLayout(info);
  const cols = pointwise ? dx : (backend.allocate(dy.dtype, patch * plane) as FloatArray);
  for (let n = 0; n < info.batch; n++) {
    for (let g = 0; g < info.groups; g++) {
      const dxOffset = (n * info.inChannels + g * cg) * inPlane;
      const dyOffset = (n * info.outChannels + g * og) * plane;
      // A pointwise convolution's cols are this group's slice of dx, written exactly once.
      gemm(
        patch,
        plane,
        og,
        filterValues,
        g * og * patch,
        true,
        dyValues,
        dyOffset,
        false,
        cols,
        pointwise ? dxOffset : 0,
        false,
      );
      if (!pointwise) col2im(cols, dx, dxOffset, cg, info);
    }
  }
  if (!pointwise) backend.recycle(cols);
  return backend.makeOutput(dx, attrs.inputShape, dy.dtype);
};
