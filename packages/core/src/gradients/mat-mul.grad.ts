import { run } from '../autograd/run-kernel.js';
import { epilogueBackward } from '../ops/epilogue.js';
import { sumToShape } from '../ops/expand.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of the batched `MatMul` `C = op(A) op(B)`: `dA = dC op(B)^T` and `dB = op(A)^T dC`,
 * written back in each operand's stored layout; each operand is kept only for the other's
 * gradient. With an epilogue, `dC` is first taken back through its activation (from the kept
 * output) and the bias gets its column sums.
 */
export const matMulGrad: Gradient<'MatMul'> = {
  saves: ({ epilogue }, needs) => ({
    inputs: [...(needs.b ? (['a'] as const) : []), ...(needs.a ? (['b'] as const) : [])],
    outputs: epilogue?.vjp ? [0] : [],
  }),
  backward: (dy, { attrs: { transposeA, transposeB, epilogue }, inputs, saved, output }) => {
    const dc = epilogue?.vjp ? epilogueBackward(epilogue, dy, output(0)) : dy;
    return {
      ...(inputs.a.requiresGrad
        ? {
            a: transposeA
              ? run('MatMul', { a: saved('b'), b: dc }, { transposeA: transposeB, transposeB: true })
              : run('MatMul', { a: dc, b: saved('b') }, { transposeA: false, transposeB: !transposeB }),
          }
        : {}),
      ...(inputs.b.requiresGrad
        ? {
            b: transposeB
              ? run('MatMul', { a: dc, b: saved('a') }, { transposeA: true, transposeB: transposeA })
              : run('MatMul', { a: saved('a'), b: dc }, { transposeA: !transposeA, transposeB: false }),
          }
        : {}),
      ...(inputs.bias?.requiresGrad ? { bias: sumToShape(dc, inputs.bias.shape) } : {}),
    };
  },
};
