import { run } from '../autograd/run-kernel.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of the batched `MatMul` `C = op(A) op(B)`: `dA = dC op(B)^T` and `dB = op(A)^T dC`,
 * written back in each operand's stored layout; each operand is kept only for the other's gradient.
 */
export const matMulGrad: Gradient<'MatMul'> = {
  saves: (_attrs, needs) => ({ inputs: [...(needs.b ? (['a'] as const) : []), ...(needs.a ? (['b'] as const) : [])] }),
  backward: (dy, { attrs: { transposeA, transposeB }, inputs, saved }) => ({
    ...(inputs.a.requiresGrad
      ? {
          a: transposeA
            ? run('MatMul', { a: saved('b'), b: dy }, { transposeA: transposeB, transposeB: true })
            : run('MatMul', { a: dy, b: saved('b') }, { transposeA: false, transposeB: !transposeB }),
        }
      : {}),
    ...(inputs.b.requiresGrad
      ? {
          b: transposeB
            ? run('MatMul', { a: dy, b: saved('a') }, { transposeA: true, transposeB: transposeA })
            : run('MatMul', { a: saved('a'), b: dy }, { transposeA: !transposeA, transposeB: false }),
        }
      : {}),
  }),
};
