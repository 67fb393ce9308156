import { sumToShape } from '../ops/expand.js';
import { zerosLike } from '../ops/creation.js';
import { where } from '../ops/where.js';
import type { Tensor } from '../tensor.js';
import type { GradFunc } from './grad-func.js';

/** Gradients of the `Unary` kernel. Piecewise-constant ops (sign, rounding) have zero gradient. */
export const unaryGrad: GradFunc<'Unary'> = (dy, { inputs: { x }, outputs, attrs }) => {
  const y = outputs[0]!;
  switch (attrs.op) {
    case 'neg':
      return { x: dy.neg() };
    case 'abs':
      return { x: dy.mul(x.sign()) };
    case 'exp':
      return { x: dy.mul(y) };
    case 'log':
      return { x: dy.div(x) };
    case 'sqrt':
      return { x: dy.div(y.mul(2)) };
    case 'relu':
      // NOTE: gradient 0 at x == 0, as PyTorch's: the mask is sign(y), 1 where x > 0 and 0 where
      // x <= 0 or x is NaN, in the gradient's dtype without a comparison and a cast.
      return { x: dy.mul(y.sign()) };
    case 'sigmoid':
      return { x: dy.mul(y.mul(y.neg().add(1))) };
    case 'tanh':
      return { x: dy.mul(y.mul(y).neg().add(1)) };
    case 'sign':
    case 'floor':
    case 'ceil':
    case 'round':
      return { x: zerosLike(dy) };
    case 'logicalNot':
      return {};
  }
};

/** The share of the gradient `a` gets from maximum/minimum: 1 where it wins, 0.5 on ties (PyTorch). */
function winnerShare(winner: Tensor, tie: Tensor): Tensor {
  return winner.float().add(tie.float().mul(0.5));
}

/**
 * Gradients of the `Binary` kernel, summed back over broadcast dimensions; each side is computed
 * only when its input needs a gradient.
 */
export const binaryGrad: GradFunc<'Binary'> = (dy, { inputs: { a, b }, outputs, attrs }) => {
  const back = (ga: () => Tensor, gb: () => Tensor) => ({
    ...(a.requiresGrad ? { a: sumToShape(ga(), a.shape) } : {}),
    ...(b.requiresGrad ? { b: sumToShape(gb(), b.shape) } : {}),
  });
  switch (attrs.op) {
    case 'add':
      return back(
        () => dy,
        () => dy,
      );
    case 'sub':
      return back(
        () => dy,
        () => dy.neg(),
      );
    case 'mul':
      return back(
        () => dy.mul(b),
        () => dy.mul(a),
      );
    case 'div':
      return back(
        () => dy.div(b),
        () => dy.mul(a).div(b.mul(b)).neg(),
      );
    case 'pow': {
      const y = outputs[0]!;
      return back(
        // b * a^(b-1) is 0 * inf at a = 0, b = 0; PyTorch defines that gradient as 0.
        () => dy.mul(where(b.eq(0), 0, b.mul(a.pow(b.sub(1))))),
        // d(a^b)/db = a^b * ln(a); defined as 0 where a <= 0 (PyTorch masks a == 0 the same way).
        () => dy.mul(where(a.gt(0), y.mul(a.log()), 0)),
      );
    }
    case 'maximum':
    case 'minimum': {
      const share = winnerShare(attrs.op === 'maximum' ? a.gt(b) : a.lt(b), a.eq(b)).cast(dy.dtype);
      return back(
        () => dy.mul(share),
        () => dy.mul(share.neg().add(1)),
      );
    }
    default:
      return {};
  }
};

/** Gradient of `Where`: each branch gets the gradient where it was chosen. */
export const whereGrad: GradFunc<'Where'> = (dy, { inputs: { condition, a, b } }) => ({
  a: sumToShape(where(condition, dy, 0), a.shape),
  b: sumToShape(where(condition, 0, dy), b.shape),
});

/** Gradient of `Cast`: float-to-float casts pass it back in the input's dtype. */
export const castGrad: GradFunc<'Cast'> = (dy, { inputs: { x } }) =>
  x.dtype === 'float32' || x.dtype === 'float64' ? { x: dy.cast(x.dtype) } : {};
