import { type DType, promoteTypes, scalarResultType } from '../dtype.js';
import { ArgumentError } from '../errors.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { cast } from './cast.js';
import { scalarLike } from './creation.js';

/**
 * @internal Turns the operands of a binary op into two tensors of one dtype (PyTorch's type
 * promotion, numbers weak like Python scalars). `force` overrides the computation dtype.
 */
export function binaryOperands(
  op: string,
  a: TensorLike,
  b: TensorLike,
  force?: (promoted: DType) => DType,
): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new ArgumentError(
      `${op}: expected at least one tensor operand, got ${typeof a} and ${typeof b}; wrap a value with tensor().`,
    );
  }
  for (const v of [a, b]) {
    if (!(v instanceof Tensor) && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new ArgumentError(`${op}: expected a tensor, number or boolean operand, got ${typeof v}.`);
    }
  }
  let dtype: DType;
  if (a instanceof Tensor && b instanceof Tensor) dtype = promoteTypes(a.dtype, b.dtype);
  else if (a instanceof Tensor) dtype = scalarResultType(a.dtype, b as number | boolean);
  else dtype = scalarResultType((b as Tensor).dtype, a as number | boolean);
  if (force) dtype = force(dtype);
  const like = (a instanceof Tensor ? a : b) as Tensor;
  const toTensor = (v: TensorLike): Tensor =>
    v instanceof Tensor ? (v.dtype === dtype ? v : cast(v, dtype)) : scalarLike(like, v, dtype);
  return [toTensor(a), toTensor(b)];
}
