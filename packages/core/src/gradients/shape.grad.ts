import { run } from '../autograd/run-kernel.js';
import { sumToShape } from '../ops/expand.js';
import { sliceRaw } from '../ops/slice.js';
import type { GradFunc } from './grad-func.js';

/** Gradient of `Transpose`: the inverse permutation. */
export const transposeGrad: GradFunc<'Transpose'> = (dy, { attrs }) => {
  const inverse = new Array<number>(attrs.perm.length);
  attrs.perm.forEach((p, i) => {
    inverse[p] = i;
  });
  return { x: dy.permute(inverse) };
};

/** Gradient of `BroadcastTo`: summed over the repeated dimensions. */
export const broadcastToGrad: GradFunc<'BroadcastTo'> = (dy, { inputs: { x } }) => ({ x: sumToShape(dy, x.shape) });

/** Gradient of `Slice`: scattered back into zeros of the input's shape. */
export const sliceGrad: GradFunc<'Slice'> = (dy, { inputs: { x }, attrs }) => ({
  x: run('SliceScatter', { x: dy }, { shape: x.shape, begin: attrs.begin, step: attrs.step }),
});

/** Gradient of `SliceScatter`: the slice it wrote. */
export const sliceScatterGrad: GradFunc<'SliceScatter'> = (dy, { inputs: { x }, attrs }) => ({
  x: sliceRaw(dy, attrs.begin, x.shape, attrs.step),
});

/** Gradient of `Concat`: each input's slab of the gradient. */
export const concatGrad: GradFunc<'Concat'> = (dy, { inputs: { xs }, attrs }) => {
  let offset = 0;
  return {
    xs: xs.map((x) => {
      const begin = dy.shape.map((_, i) => (i === attrs.axis ? offset : 0));
      offset += x.shape[attrs.axis]!;
      return sliceRaw(
        dy,
        begin,
        x.shape,
        x.shape.map(() => 1),
      );
    }),
  };
};
