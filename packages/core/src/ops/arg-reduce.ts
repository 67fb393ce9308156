import { DTypeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { reshape } from './reshape.js';
import { argReduceRaw } from './reduce.js';

function argReduce(op: 'argmax' | 'argmin', x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  if (x.dtype === 'bool')
    throw new DTypeError(`${op}: expected a numeric tensor, got dtype bool; cast it with .int() first.`);
  if (dim === undefined) {
    const flat = argReduceRaw(op, reshape(x, [-1]), 0, false);
    return keepdim
      ? reshape(
          flat,
          x.shape.map(() => 1),
        )
      : flat;
  }
  return argReduceRaw(op, x, normalizeDim(op, dim, x.rank), keepdim);
}

/**
 * Index of the first largest value along `dim` (of the flattened tensor when omitted), int32.
 *
 * @example
 * ```ts
 * argmax(tensor([[1, 5], [3, 2]]), 1); // tensor([1, 0])
 * ```
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmax', x, dim, keepdim);
}

/**
 * Index of the first smallest value along `dim` (of the flattened tensor when omitted), int32.
 *
 * @example
 * ```ts
 * argmin(tensor([[1, 5], [3, 2]]), 1); // tensor([0, 1])
 * ```
 */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argReduce('argmin', x, dim, keepdim);
}
