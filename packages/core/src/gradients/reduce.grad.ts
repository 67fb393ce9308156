import { reducedShape } from '../ops/reduce.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of `Reduce`: sums spread the gradient over the reduced elements; max/min share it
 * evenly among the elements equal to the result (PyTorch's `amax` rule).
 */
export const reduceGrad: Gradient<'Reduce'> = {
  saves: ({ op }) => (op === 'max' || op === 'min' ? { inputs: ['x'], outputs: [0] } : {}),
  backward: (dy, { attrs, inputs: { x }, saved, output }) => {
    const kept = reducedShape(x.shape, attrs.axes, true);
    const g = dy.reshape(kept);
    switch (attrs.op) {
      case 'sum':
        return { x: g.expand(x.shape) };
      case 'max':
      case 'min': {
        const winners = saved('x').eq(output(0).reshape(kept)).cast(dy.dtype);
        return { x: winners.mul(g).div(winners.sum(attrs.axes, true)) };
      }
      default:
        return {};
    }
  },
};
