import { run } from '../autograd/run-kernel.js';
import type { FusedActivation } from '../backend/kernel-map.js';
import { checkOptions, optionKeys } from '../check-options.js';
import { isFloat, promoteTypes } from '../dtype.js';
import { DTypeError, ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { applyActivation, checkActivation, epilogueOf } from './epilogue.js';
import { expand } from './expand.js';
import { reshape } from './reshape.js';

/**
 * Matrix product with `torch.matmul` rules: 1-D operands are vectors (dot product, or a
 * dimension added and removed), and leading batch dimensions broadcast.
 *
 * @example
 * ```ts
 * matmul(ones([2, 3]), ones([3, 4])).shape; // [2, 4]
 * matmul(ones([5, 2, 3]), ones([3, 4])).shape; // [5, 2, 4]
 * ```
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank === 0 || b.rank === 0) {
    throw new ShapeError(
      `matmul: expected tensors of rank at least 1, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}; use mul() for scalars.`,
    );
  }
  if (a.dtype === 'bool' || b.dtype === 'bool') {
    throw new DTypeError('matmul: expected numeric tensors, got a bool tensor; cast it with .float().');
  }
  const dtype = promoteTypes(a.dtype, b.dtype);
  const x = a.rank === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const y = b.rank === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const [m, k] = x.shape.slice(-2) as [number, number];
  const [k2, n] = y.shape.slice(-2) as [number, number];
  if (k !== k2) {
    throw new ShapeError(
      `matmul: expected the last dimension of the first operand (${k}, shape ${formatShape(a.shape)}) to equal the ${b.rank === 1 ? 'size' : 'second-to-last dimension'} of the second (${k2}, shape ${formatShape(b.shape)}).`,
    );
  }
  const batch = broadcastShapes('matmul', x.shape.slice(0, -2), y.shape.slice(0, -2));
  const batchSize = sizeFromShape(batch);
  const lhs = reshape(expand(x.dtype === dtype ? x : cast(x, dtype), [...batch, m, k]), [batchSize, m, k]);
  const rhs = reshape(expand(y.dtype === dtype ? y : cast(y, dtype), [...batch, k, n]), [batchSize, k, n]);
  const out = run('MatMul', { a: lhs, b: rhs }, { transposeA: false, transposeB: false });
  const shape = [...batch, ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])];
  return reshape(out, shape);
}

/**
 * Options of {@link linear}.
 *
 * @example
 * ```ts
 * const o: LinearOptions = { activation: 'relu' };
 * ```
 */
export interface LinearOptions {
  /**
   * An activation applied to the result in the same kernel (as `relu(linear(x, w, b))`, with
   * the same values and gradients, without the intermediate tensor).
   */
  activation?: FusedActivation;
}

const LINEAR_KEYS = optionKeys<LinearOptions>({ activation: true });

/**
 * `x @ weight^T + bias`, as `torch.nn.functional.linear`: `x` is `[..., in]`, `weight`
 * `[out, in]`, `bias` `[out]`. For floats the bias, and an `activation` when asked, are applied
 * by the matrix product's kernel as it writes each value.
 *
 * @example
 * ```ts
 * linear(ones([4, 3]), ones([2, 3]), zeros([2])).shape; // [4, 2]
 * linear(x, w, b, { activation: 'relu' }); // relu(linear(x, w, b)) in one kernel
 * ```
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null, options: LinearOptions = {}): Tensor {
  checkOptions('linear', options, LINEAR_KEYS);
  const activation = checkActivation('linear', options.activation);
  if (weight.rank !== 2) {
    throw new ShapeError(
      `linear: expected a weight of rank 2 (out_features, in_features), got shape ${formatShape(weight.shape)}.`,
    );
  }
  const [outFeatures, inFeatures] = weight.shape as [number, number];
  if (x.rank === 0 || x.shape[x.rank - 1] !== inFeatures) {
    throw new ShapeError(
      `linear: expected input with last dimension ${inFeatures} (weight shape ${formatShape(weight.shape)}), got shape ${formatShape(x.shape)}.`,
    );
  }
  if (bias != null && (bias.rank !== 1 || bias.shape[0] !== outFeatures)) {
    throw new ShapeError(`linear: expected a bias of shape [${outFeatures}], got ${formatShape(bias.shape)}.`);
  }
  const rows = x.size / inFeatures;
  const dtype = promoteTypes(x.dtype, weight.dtype);
  const lhs = reshape(x.dtype === dtype ? x : cast(x, dtype), [1, rows, inFeatures]);
  const w = reshape(weight.dtype === dtype ? weight : cast(weight, dtype), [1, outFeatures, inFeatures]);
  const outShape = [...x.shape.slice(0, -1), outFeatures];
  // The kernel applies an epilogue to floats of one dtype; anything else promotes as the ops do.
  if (isFloat(dtype) && (bias == null || bias.dtype === dtype)) {
    const epilogue = epilogueOf(activation, bias != null, dtype);
    const attrs = { transposeA: false, transposeB: true };
    const product = run(
      'MatMul',
      { a: lhs, b: w, ...(bias == null ? {} : { bias }) },
      epilogue ? { ...attrs, epilogue } : attrs,
    );
    return reshape(product, outShape);
  }
  const product = reshape(run('MatMul', { a: lhs, b: w }, { transposeA: false, transposeB: true }), outShape);
  return applyActivation(bias == null ? product : product.add(bias), activation);
}
