import { computeConv2dInfo, type KernelFunc, sizeFromShape } from '@strata/core';
import type { CpuBackend } from '../cpu-backend.js';
import { type FloatArray, gemm } from '../routines/gemm.js';
import { im2col } from '../routines/im2col.js';
import { convLayout } from '../routines/conv-layout.js';
import { applyEpilogue } from './epilogue.js';

/**
 * NCHW convolution with an OIHW filter: per batch item and group, im2col of the input, then
 * `out = W[O/g, C/g * KH * KW] x cols[C/g * KH * KW, OH * OW]` with the blocked GEMM; then the
 * epilogue in place.
 *
 * @example
 * ```ts
 * const y = conv2d({ inputs: { x, filter }, attrs: { strides: [1, 1], pad: [1, 1, 1, 1], dilations: [1, 1], groups: 1 }, backend });
 * ```
 */
export const conv2d: KernelFunc<'Conv2d', CpuBackend> = ({ inputs, attrs, backend }) => {
  const { x, filter } = inputs;
  const info = computeConv2dInfo(x.shape, filter.shape, attrs);
  const xValues = backend.values(x.dataId) as FloatArray;
  const filterValues = backend.values(filter.dataId) as FloatArray;
  const out = backend.allocate(x.dtype, sizeFromShape(info.outShape)) as FloatArray;
  const { plane, inPlane, cg, og, patch, pointwise } = convLayout(info);
  const cols = pointwise ? xValues : (backend.allocate(x.dtype, patch * plane) as FloatArray);
  for (let n = 0; n < info.batch; n++) {
    for (let g = 0; g < info.groups; g++) {
      const xOffset = (n * info.inChannels + g * cg) * inPlane;
      if (!pointwise) im2col(xValues, xOffset, cg, info, cols);
      const outOffset = (n * info.outChannels + g * og) * plane;
      gemm(
        og,
        plane,
        patch,
        filterValues,
        g * og * patch,
        false,
        cols,
        pointwise ? xOffset : 0,
        false,
        out,
        outOffset,
        false,
      );
    }
  }
  if (!pointwise) backend.recycle(cols);
  if (attrs.epilogue !== undefined) {
    const bias = inputs.bias && (backend.values(inputs.bias.dataId) as FloatArray);
    applyEpilogue(attrs.epilogue, out, bias, { outer: info.batch, channels: info.outChannels, inner: plane });
  }
  return backend.makeOutput(out, info.outShape, x.dtype);
};
