import { type DType, isFloat } from '../dtype.js';
import { StrataError } from '../errors.js';

/**
 * The operations an elementwise expression is made of. Every elementwise op of strata is a
 * composition of these; a backend renders each once. A value's dtype is its node's, and every
 * node's result is rounded to its dtype (float32 rounds, int32 wraps modulo 2^32, bool is 0 or 1).
 *
 * - `add`, `mul`: IEEE-754 sum and product; int32 wraps.
 * - `div`: IEEE-754 quotient of floats (kept apart from `mul` by a reciprocal, which rounds twice).
 * - `max`: the larger operand, NaN if either is NaN (`torch.maximum`); on equal operands (+0 and
 *   -0 included) the second.
 * - `pow`: C's `pow` for floats (`pow(x, 0)` and `pow(1, y)` are 1, even for NaN); for int32,
 *   repeated wrapping multiplication, with negative exponents as PyTorch's integer `pow`.
 * - `eq`, `lt`: comparisons giving bool; false when either operand is NaN.
 * - `where(c, a, b)`: `a` where `c` is true, else `b`.
 * - `neg`: the negation (int32 wraps).
 * - `exp`, `log`, `sqrt`, `tanh`, `sigmoid`, `erf`: the functions of floats, NaN in NaN out; `log`
 *   of a negative number and `sqrt` of one below -0 are NaN, `log(0)` is -Infinity.
 * - `floor`: rounds a float down.
 * - `cast`: converts to the node's dtype: float to int32 truncates toward zero and wraps (NaN
 *   and the infinities give 0), anything to bool is `!= 0` (NaN is true), bool to a number is 0 or 1.
 *
 * @example
 * ```ts
 * const p: Primitive = 'max';
 * ```
 */
export type Primitive = (typeof PRIMITIVES)[number];

/**
 * Every primitive, in a fixed order.
 *
 * @example
 * ```ts
 * PRIMITIVES.includes('erf'); // true
 * ```
 */
export const PRIMITIVES = [
  'add',
  'mul',
  'div',
  'max',
  'pow',
  'eq',
  'lt',
  'where',
  'neg',
  'exp',
  'log',
  'sqrt',
  'tanh',
  'sigmoid',
  'erf',
  'floor',
  'cast',
] as const;

/**
 * A primitive's dtype rule: the result dtype for operands of these dtypes (`target` is a cast's
 * dtype); throws for operands the primitive does not take.
 *
 * @example
 * ```ts
 * PRIMITIVE_SIGNATURES.lt.dtype(['float32', 'float32'], 'float32'); // 'bool'
 * ```
 */
export type DTypeRule = (operands: readonly DType[], target: DType) => DType;

const invalid = (p: Primitive, operands: readonly DType[]): StrataError =>
  new StrataError(`elementwise: primitive '${p}' does not take operands of dtype ${operands.join(', ')}.`);

const same =
  (p: Primitive, accepts: (d: DType) => boolean): DTypeRule =>
  (operands) => {
    const first = operands[0]!;
    if (!accepts(first) || operands.some((d) => d !== first)) throw invalid(p, operands);
    return first;
  };

const any = () => true;
const numeric = (d: DType) => d !== 'bool';
const comparison =
  (p: Primitive): DTypeRule =>
  (operands) => {
    same(p, any)(operands, 'bool');
    return 'bool';
  };

/**
 * The number of operands of each primitive and the dtype of its result, which every operand
 * must agree with (ops insert casts before; nothing promotes inside an expression).
 */
export const PRIMITIVE_SIGNATURES: {
  readonly [P in Primitive]: { readonly arity: 1 | 2 | 3; readonly dtype: DTypeRule };
} = {
  add: { arity: 2, dtype: same('add', any) },
  mul: { arity: 2, dtype: same('mul', any) },
  div: { arity: 2, dtype: same('div', isFloat) },
  max: { arity: 2, dtype: same('max', any) },
  pow: { arity: 2, dtype: same('pow', numeric) },
  eq: { arity: 2, dtype: comparison('eq') },
  lt: { arity: 2, dtype: comparison('lt') },
  where: {
    arity: 3,
    dtype: ([c, a, b]) => {
      if (c !== 'bool' || a !== b) throw invalid('where', [c!, a!, b!]);
      return a!;
    },
  },
  neg: { arity: 1, dtype: same('neg', numeric) },
  exp: { arity: 1, dtype: same('exp', isFloat) },
  log: { arity: 1, dtype: same('log', isFloat) },
  sqrt: { arity: 1, dtype: same('sqrt', isFloat) },
  tanh: { arity: 1, dtype: same('tanh', isFloat) },
  sigmoid: { arity: 1, dtype: same('sigmoid', isFloat) },
  erf: { arity: 1, dtype: same('erf', isFloat) },
  floor: { arity: 1, dtype: same('floor', isFloat) },
  cast: { arity: 1, dtype: (_operands, target) => target },
};
