import type { AvgPool2dAttrs } from '../backend/kernel-map.js';
import { avgPoolDivisor, type Pool2dInfo } from '../shape-info/pool2d-info.js';
import type { Tensor } from '../tensor.js';
import { stack } from './cat.js';
import { tensor } from './creation.js';
import { pad } from './pad.js';
import { max, type ValuesIndices } from './reduce.js';
import { sliceRaw } from './slice.js';

/** Every pooling window as a trailing dimension: `[N, C, OH, OW, KH * KW]`, from strided slices. */
function windows(x: Tensor, info: Pool2dInfo, fill: number): Tensor {
  // With ceilMode the last window may reach past the padded input; pad that overhang too, with
  // a value that never wins (max) or that the divisor leaves out (average).
  const needH = (info.outHeight - 1) * info.strideHeight + info.dilationHeight * (info.kernelHeight - 1) + 1;
  const needW = (info.outWidth - 1) * info.strideWidth + info.dilationWidth * (info.kernelWidth - 1) + 1;
  const extraH = Math.max(0, needH - (info.inHeight + 2 * info.padHeight));
  const extraW = Math.max(0, needW - (info.inWidth + 2 * info.padWidth));
  const padded =
    info.padHeight + info.padWidth + extraH + extraW > 0
      ? pad(x, [info.padWidth, info.padWidth + extraW, info.padHeight, info.padHeight + extraH], { value: fill })
      : x;
  const patches: Tensor[] = [];
  for (let i = 0; i < info.kernelHeight; i++) {
    for (let j = 0; j < info.kernelWidth; j++) {
      patches.push(
        sliceRaw(
          padded,
          [0, 0, i * info.dilationHeight, j * info.dilationWidth],
          [info.batch, info.channels, info.outHeight, info.outWidth],
          [1, 1, info.strideHeight, info.strideWidth],
        ),
      );
    }
  }
  return stack(patches, -1);
}

/**
 * @internal Max pooling from required kernels: the max over stacked windows, whose gradient
 * goes to the first maximum of each window, as PyTorch's. Indices are flat `h * W + w`.
 */
export function maxPool2dComposite(x: Tensor, info: Pool2dInfo): ValuesIndices {
  const { values, indices: k } = max(windows(x, info, Number.NEGATIVE_INFINITY), -1);
  const opts = { backend: x.backend };
  const oh = tensor(
    Array.from({ length: info.outHeight }, (_, i) => i * info.strideHeight - info.padHeight),
    opts,
  ).reshape([-1, 1]);
  const ow = tensor(
    Array.from({ length: info.outWidth }, (_, i) => i * info.strideWidth - info.padWidth),
    opts,
  );
  const kernelRow = k.div(info.kernelWidth).floor();
  const kernelCol = k.sub(kernelRow.mul(info.kernelWidth));
  const h = kernelRow.mul(info.dilationHeight).add(oh);
  const w = kernelCol.mul(info.dilationWidth).add(ow);
  return { values, indices: h.mul(info.inWidth).add(w).int() };
}

/** @internal Average pooling from required kernels: window sums over PyTorch's divisors. */
export function avgPool2dComposite(x: Tensor, info: Pool2dInfo, attrs: AvgPool2dAttrs): Tensor {
  const divisors = new Float64Array(info.outHeight * info.outWidth);
  for (let i = 0; i < info.outHeight; i++) {
    for (let j = 0; j < info.outWidth; j++) divisors[i * info.outWidth + j] = avgPoolDivisor(info, attrs, i, j);
  }
  const divisor = tensor(divisors, { dtype: x.dtype, backend: x.backend, shape: [info.outHeight, info.outWidth] });
  return windows(x, info, 0).sum(-1).div(divisor);
}
