import { run } from '../autograd/run-kernel.js';
import { sumToShape } from '../ops/expand.js';
import { sliceRaw } from '../ops/slice.js';
import { type Gradient, SAVES_NOTHING } from './grad-func.js';

/** Gradient of `Transpose`: the inverse permutation. */
export const transposeGrad: Gradient<'Transpose'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { attrs }) => {
    const inverse = new Array<number>(attrs.perm.length);
    attrs.perm.forEach((p, i) => {
      inverse[p] = i;
    });
    return { x: run('Transpose', { x: dy }, { perm: inverse }) };
  },
};

/** Gradient of `BroadcastTo`: summed over the repeated dimensions. */
export const broadcastToGrad: Gradient<'BroadcastTo'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { inputs: { x } }) => ({ x: sumToShape(dy, x.shape) }),
};

/** Gradient of `Slice`: scattered back into zeros of the input's shape. */
export const sliceGrad: Gradient<'Slice'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { attrs, inputs: { x } }) => ({
    x: run('SliceScatter', { x: dy }, { shape: x.shape, begin: attrs.begin, step: attrs.step }),
  }),
};

/** Gradient of `SliceScatter`: the slice it wrote. */
export const sliceScatterGrad: Gradient<'SliceScatter'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { attrs, inputs: { x } }) => ({ x: sliceRaw(dy, attrs.begin, x.shape, attrs.step) }),
};

/** Gradient of `Concat`: each input's slab of the gradient. */
export const concatGrad: Gradient<'Concat'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { attrs, inputs: { xs } }) => {
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
  },
};
