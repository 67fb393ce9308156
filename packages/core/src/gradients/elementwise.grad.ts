import type { UnaryOp } from '../backend/kernel-map.js';
import { zerosLike } from '../ops/creation.js';
import { sumToShape } from '../ops/expand.js';
import { where } from '../ops/where.js';
import type { Tensor } from '../tensor.js';
import { type Gradient, SAVES_NOTHING, type SaveList } from './grad-func.js';

const UNARY_SAVES: Record<UnaryOp, SaveList<'Unary'>> = {
  neg: {},
  abs: { inputs: ['x'] },
  exp: { outputs: [0] },
  log: { inputs: ['x'] },
  sqrt: { outputs: [0] },
  relu: { outputs: [0] },
  sigmoid: { outputs: [0] },
  tanh: { outputs: [0] },
  sign: {},
  floor: {},
  ceil: {},
  round: {},
  logicalNot: {},
};

/** Gradients of the `Unary` kernel. Piecewise-constant ops (sign, rounding) have zero gradient. */
export const unaryGrad: Gradient<'Unary'> = {
  saves: (attrs) => UNARY_SAVES[attrs.op],
  backward: (dy, ctx) => {
    switch (ctx.attrs.op) {
      case 'neg':
        return { x: dy.neg() };
      case 'abs':
        return { x: dy.mul(ctx.saved('x').sign()) };
      case 'exp':
        return { x: dy.mul(ctx.output(0)) };
      case 'log':
        return { x: dy.div(ctx.saved('x')) };
      case 'sqrt':
        return { x: dy.div(ctx.output(0).mul(2)) };
      case 'relu':
        // NOTE: gradient 0 at x == 0, as PyTorch's: the mask is sign(y), 1 where x > 0 and 0 where
        // x <= 0 or x is NaN, in the gradient's dtype without a comparison and a cast.
        return { x: dy.mul(ctx.output(0).sign()) };
      case 'sigmoid': {
        const y = ctx.output(0);
        return { x: dy.mul(y.mul(y.neg().add(1))) };
      }
      case 'tanh': {
        const y = ctx.output(0);
        return { x: dy.mul(y.mul(y).neg().add(1)) };
      }
      case 'sign':
      case 'floor':
      case 'ceil':
      case 'round':
        return { x: zerosLike(dy) };
      case 'logicalNot':
        return {};
    }
  },
};

/** The share of the gradient `a` gets from maximum/minimum: 1 where it wins, 0.5 on ties (PyTorch). */
function winnerShare(winner: Tensor, tie: Tensor): Tensor {
  return winner.float().add(tie.float().mul(0.5));
}

/**
 * Gradients of the `Binary` kernel, summed back over broadcast dimensions; each side is computed
 * (and its operands kept) only when its input needs a gradient.
 */
export const binaryGrad: Gradient<'Binary'> = {
  saves: ({ op }, needs) => {
    switch (op) {
      case 'mul':
        return { inputs: [...(needs.b ? (['a'] as const) : []), ...(needs.a ? (['b'] as const) : [])] };
      case 'div':
        return { inputs: needs.b ? ['a', 'b'] : ['b'] };
      case 'pow':
        return { inputs: ['a', 'b'], outputs: needs.b ? [0] : [] };
      case 'maximum':
      case 'minimum':
        return { inputs: ['a', 'b'] };
      default:
        return {};
    }
  },
  backward: (dy, { attrs, inputs: { a, b }, saved, output }) => {
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
          () => dy.mul(saved('b')),
          () => dy.mul(saved('a')),
        );
      case 'div':
        return back(
          () => dy.div(saved('b')),
          () => {
            const bv = saved('b');
            return dy.mul(saved('a')).div(bv.mul(bv)).neg();
          },
        );
      case 'pow': {
        const av = saved('a');
        const bv = saved('b');
        return back(
          // b * a^(b-1) is 0 * inf at a = 0, b = 0; PyTorch defines that gradient as 0.
          () => dy.mul(where(bv.eq(0), 0, bv.mul(av.pow(bv.sub(1))))),
          // d(a^b)/db = a^b * ln(a); defined as 0 where a <= 0 (PyTorch masks a == 0 the same way).
          () => dy.mul(where(av.gt(0), output(0).mul(av.log()), 0)),
        );
      }
      case 'maximum':
      case 'minimum': {
        const av = saved('a');
        const bv = saved('b');
        const share = winnerShare(attrs.op === 'maximum' ? av.gt(bv) : av.lt(bv), av.eq(bv)).cast(dy.dtype);
        return back(
          () => dy.mul(share),
          () => dy.mul(share.neg().add(1)),
        );
      }
      default:
        return {};
    }
  },
};

/** Gradient of `Where`: each branch gets the gradient where it was chosen. */
export const whereGrad: Gradient<'Where'> = {
  saves: () => ({ inputs: ['condition'] }),
  backward: (dy, { inputs: { a, b }, saved }) => {
    const condition = saved('condition');
    return {
      ...(a.requiresGrad ? { a: sumToShape(where(condition, dy, 0), a.shape) } : {}),
      ...(b.requiresGrad ? { b: sumToShape(where(condition, 0, dy), b.shape) } : {}),
    };
  },
};

/** Gradient of `Cast`: float-to-float casts pass it back in the input's dtype. */
export const castGrad: Gradient<'Cast'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { inputs: { x } }) => (x.dtype === 'float32' || x.dtype === 'float64' ? { x: dy.cast(x.dtype) } : {}),
};
