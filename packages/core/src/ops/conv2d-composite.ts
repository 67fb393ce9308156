import type { Conv2dInfo } from '../shape-info/conv2d-info.js';
import type { Tensor } from '../tensor.js';
import { cat, stack } from './cat.js';
import { pad } from './pad.js';
import { reshape } from './reshape.js';
import { sliceAlong, sliceRaw } from './slice.js';
import { permuteRaw } from './transpose.js';

/**
 * @internal Convolution from required kernels only, for backends without a fused `Conv2d`:
 * im2col as one strided `Slice` per kernel offset, then one matrix product per group. Autograd
 * differentiates it through those primitives.
 */
export function conv2dComposite(x: Tensor, weight: Tensor, info: Conv2dInfo): Tensor {
  const padded =
    info.padTop + info.padBottom + info.padLeft + info.padRight > 0
      ? pad(x, [info.padLeft, info.padRight, info.padTop, info.padBottom])
      : x;
  const { batch: n, outHeight: oh, outWidth: ow, kernelHeight: kh, kernelWidth: kw } = info;
  const cg = info.inChannelsPerGroup;
  const og = info.outChannelsPerGroup;
  const outputs: Tensor[] = [];
  for (let g = 0; g < info.groups; g++) {
    const xg = info.groups > 1 ? sliceAlong('conv2d', padded, 1, g * cg, (g + 1) * cg) : padded;
    const wg = info.groups > 1 ? sliceAlong('conv2d', weight, 0, g * og, (g + 1) * og) : weight;
    const patches: Tensor[] = [];
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        patches.push(
          sliceRaw(
            xg,
            [0, 0, i * info.dilationHeight, j * info.dilationWidth],
            [n, cg, oh, ow],
            [1, 1, info.strideHeight, info.strideWidth],
          ),
        );
      }
    }
    const cols = reshape(permuteRaw(stack(patches, -1), [0, 2, 3, 1, 4]), [n * oh * ow, cg * kh * kw]);
    const product = cols.matmul(permuteRaw(reshape(wg, [og, cg * kh * kw]), [1, 0]));
    outputs.push(permuteRaw(reshape(product, [n, oh, ow, og]), [0, 3, 1, 2]));
  }
  return outputs.length === 1 ? outputs[0]! : cat(outputs, 1);
}
