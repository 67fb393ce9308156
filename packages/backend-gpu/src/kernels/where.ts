import { broadcastShapes, type KernelFunc, type TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { at, broadcastStrides, coordTerms, unravel } from '../programs/index-math.js';

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
  const read = (name: string, input: TensorInfo) =>
    `${name}${at(backend, input, coordTerms(broadcastStrides(input.shape, shape), shape))}`;
  const source = [
    'function(c, a, b) {',
    unravel(shape, backend.layout),
    `return ${read('c', condition)} != 0.0 ? ${read('a', a)} : ${read('b', b)};`,
    '}',
  ].join('\n');
  return backend.runProgram({ source, inputs: [condition, a, b] }, shape, a.dtype);
};
