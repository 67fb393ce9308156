import { broadcastShapes, type KernelFunc } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { broadcastStrides, offsetExpr, unravel } from '../programs/index-math.js';

/**
 * `out = condition ? a : b`, all three broadcast to one shape.
 *
 * @example
 * ```ts
 * const y = where({ inputs: { condition, a, b }, attrs: {}, backend });
 * ```
 */
export const where: KernelFunc<'Where', GpuBackend> = ({ inputs: { condition, a, b }, backend }) => {
  const shape = broadcastShapes('where', condition.shape, a.shape, b.shape);
  const at = (inShape: readonly number[]) => offsetExpr(broadcastStrides(inShape, shape));
  const source = [
    'function(c, a, b) {',
    unravel(shape),
    `return c[${at(condition.shape)}] != 0.0 ? a[${at(a.shape)}] : b[${at(b.shape)}];`,
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [condition, a, b] }, shape, a.dtype);
};
