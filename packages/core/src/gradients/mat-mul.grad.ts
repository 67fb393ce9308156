import { run } from '../autograd/run-kernel.js';
import type { GradFunc } from './grad-func.js';

/**
 * Gradient of the batched `MatMul` `C = op(A) op(B)`: `dA = dC op(B)^T` and `dB = op(A)^T dC`,
 * written back in each operand's stored layout.
 */
export const matMulGrad: GradFunc<'MatMul'> = (dy, { inputs: { a, b }, attrs: { transposeA, transposeB } }) => ({
  ...(a.requiresGrad
    ? {
        a: transposeA
          ? run('MatMul', { a: b, b: dy }, { transposeA: transposeB, transposeB: true })
          : run('MatMul', { a: dy, b }, { transposeA: false, transposeB: !transposeB }),
      }
    : {}),
  ...(b.requiresGrad
    ? {
        b: transposeB
          ? run('MatMul', { a: dy, b: a }, { transposeA: true, transposeB: transposeA })
          : run('MatMul', { a, b: dy }, { transposeA: !transposeA, transposeB: false }),
      }
    : {}),
});
