import { type DType, promoteTypes, scalarResultType } from '../dtype.js';
import { Expr } from '../elementwise/expr.js';
import { DTypeError, ArgumentError } from '../errors.js';
import { Tensor, type TensorLike } from '../tensor.js';

/**
 * @internal The operands of an elementwise op as expressions of one dtype (PyTorch's type
 * promotion, numbers weak like Python scalars; `force` overrides the computation dtype): tensors
 * become inputs, cast inside the expression where they differ, numbers and booleans constants;
 * `tensors` lists each distinct tensor once, in input order.
 */
export function elementwiseOperands(
  op: string,
  operands: readonly TensorLike[],
  force?: (promoted: DType) => DType,
): { tensors: Tensor[]; exprs: Expr[]; dtype: DType } {
  let dtype: DType | undefined;
  for (const v of operands)
    if (v instanceof Tensor) dtype = dtype === undefined ? v.dtype : promoteTypes(dtype, v.dtype);
  if (dtype === undefined) {
    throw new ArgumentError(
      `${op}: expected at least one tensor operand, got ${operands.map((v) => typeof v).join(' and ')}; wrap a value with tensor().`,
    );
  }
  for (const v of operands) {
    if (v instanceof Tensor) continue;
    if (typeof v !== 'number' && typeof v !== 'boolean') {
      throw new ArgumentError(`${op}: expected a tensor, number or boolean operand, got ${typeof v}.`);
    }
    dtype = scalarResultType(dtype, v);
  }
  if (force) dtype = force(dtype);
  const tensors: Tensor[] = [];
  const leaves = new Map<Tensor, Expr>();
  const exprs = operands.map((v) => {
    if (!(v instanceof Tensor)) {
      if (dtype === 'int32' && !(Number(v) > -2147483649 && Number(v) < 2147483648)) {
        throw new DTypeError(
          `${op}: expected a scalar that fits int32 (-2147483648 to 2147483647) next to an int32 tensor, got ${v}; cast the tensor with .float() or .double() first.`,
        );
      }
      return Expr.constant(v, dtype!);
    }
    let leaf = leaves.get(v);
    if (leaf === undefined) {
      leaf = Expr.input(tensors.push(v) - 1, v.dtype);
      leaves.set(v, leaf);
    }
    return leaf.cast(dtype!);
  });
  return { tensors, exprs, dtype };
}
