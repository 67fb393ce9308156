import type { DType } from '../dtype.js';
import { StrataError } from '../errors.js';
import { PRIMITIVE_SIGNATURES, type Primitive } from './primitive.js';

/**
 * What an expression node is: a primitive applied to its arguments, or a leaf. Leaves are the
 * kernel's inputs (`input`, by position), constants (`const`), and, only in gradient
 * expressions, the gradient of the output (`gradOutput`) and the output itself (`output`).
 *
 * @example
 * ```ts
 * const op: ExprOp = 'input';
 * ```
 */
export type ExprOp = Primitive | 'input' | 'const' | 'gradOutput' | 'output';

/**
 * What expression builders accept as an operand: an expression, or a number or boolean that
 * becomes a constant of the other operand's dtype.
 *
 * @example
 * ```ts
 * const half: Operand = 0.5;
 * ```
 */
export type Operand = Expr | number | boolean;

function roundTo(value: number, dtype: DType): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(value);
    case 'int32':
      return value | 0;
    case 'bool':
      return value !== 0 ? 1 : 0;
    default:
      return value;
  }
}

/**
 * A node of an elementwise expression: the attribute of the `Elementwise` kernel. Core ops build
 * expressions with these methods and backends render them (see `compileExpr`); nodes are
 * immutable, and a node shared by two parents is computed once. Methods after the primitives
 * are compositions: `x.sub(y)` is `x.add(y.neg())`, so a backend never sees them.
 *
 * @example
 * ```ts
 * const x = Expr.input(0, 'float32');
 * const gelu = x.mul(0.5).mul(x.mul(Math.SQRT1_2).erf().add(1));
 * ```
 */
export class Expr {
  readonly op: ExprOp;
  readonly dtype: DType;
  readonly args: readonly Expr[];
  /** A constant's value (already rounded to its dtype), an input's position; 0 for other nodes. */
  readonly value: number;

  private constructor(op: ExprOp, dtype: DType, args: readonly Expr[], value: number) {
    this.op = op;
    this.dtype = dtype;
    this.args = args;
    this.value = value;
  }

  /** The kernel's input at `index`, of `dtype`. */
  static input(index: number, dtype: DType): Expr {
    return new Expr('input', dtype, [], index);
  }

  /** `value` as a constant of `dtype` (rounded to it: float32 rounds, int32 truncates, bool is `!= 0`). */
  static constant(value: number | boolean, dtype: DType): Expr {
    return new Expr('const', dtype, [], roundTo(Number(value), dtype));
  }

  /** In a gradient expression: the gradient flowing into the output. */
  static gradOutput(dtype: DType): Expr {
    return new Expr('gradOutput', dtype, [], 0);
  }

  /** In a gradient expression: the forward output (what the gradient keeps instead of inputs). */
  static output(dtype: DType): Expr {
    return new Expr('output', dtype, [], 0);
  }

  /** Primitive `p` of `args`; `target` is the dtype of a `cast`. Checks arity and dtypes. */
  static apply(p: Primitive, args: readonly Expr[], target?: DType): Expr {
    const signature = PRIMITIVE_SIGNATURES[p];
    if (args.length !== signature.arity) {
      throw new StrataError(`elementwise: primitive '${p}' takes ${signature.arity} operands, got ${args.length}.`);
    }
    const dtype = signature.dtype(
      args.map((a) => a.dtype),
      target ?? args[0]!.dtype,
    );
    return new Expr(p, dtype, args, 0);
  }

  /** `a` where `condition` is true, else `b` (numbers take the other branch's dtype). */
  static where(condition: Expr, a: Operand, b: Operand): Expr {
    const dtype = a instanceof Expr ? a.dtype : b instanceof Expr ? b.dtype : undefined;
    if (dtype === undefined) throw new StrataError('elementwise: where needs an expression in one branch.');
    return Expr.apply('where', [condition, Expr.of(a, dtype), Expr.of(b, dtype)]);
  }

  /** An operand as an expression: numbers and booleans become constants of `dtype`. */
  static of(operand: Operand, dtype: DType): Expr {
    return operand instanceof Expr ? operand : Expr.constant(operand, dtype);
  }

  #binary(p: Primitive, other: Operand): Expr {
    return Expr.apply(p, [this, Expr.of(other, this.dtype)]);
  }

  /** The sum. */
  add(other: Operand): Expr {
    return this.#binary('add', other);
  }

  /** The product. */
  mul(other: Operand): Expr {
    return this.#binary('mul', other);
  }

  /** The quotient (IEEE: division by zero gives ±inf or NaN). */
  div(other: Operand): Expr {
    return this.#binary('div', other);
  }

  /** The larger operand; NaN if either is NaN. */
  max(other: Operand): Expr {
    return this.#binary('max', other);
  }

  /** This to the power `other`. */
  pow(other: Operand): Expr {
    return this.#binary('pow', other);
  }

  /** Whether equal (bool; NaN equals nothing). */
  eq(other: Operand): Expr {
    return this.#binary('eq', other);
  }

  /** Whether less than `other` (bool; false where either is NaN). */
  lt(other: Operand): Expr {
    return this.#binary('lt', other);
  }

  /** The negation. */
  neg(): Expr {
    // Folded for constants, so that `x.sub(1)` carries the constant -1.
    if (this.op === 'const') return Expr.constant(-this.value, this.dtype);
    if (this.op === 'neg') return this.args[0]!;
    return Expr.apply('neg', [this]);
  }

  /** `e` to the power of this. */
  exp(): Expr {
    return Expr.apply('exp', [this]);
  }

  /** The natural logarithm. */
  log(): Expr {
    return Expr.apply('log', [this]);
  }

  /** The square root. */
  sqrt(): Expr {
    return Expr.apply('sqrt', [this]);
  }

  /** The hyperbolic tangent. */
  tanh(): Expr {
    return Expr.apply('tanh', [this]);
  }

  /** The logistic sigmoid `1 / (1 + exp(-x))`. */
  sigmoid(): Expr {
    return Expr.apply('sigmoid', [this]);
  }

  /** The Gauss error function. */
  erf(): Expr {
    return Expr.apply('erf', [this]);
  }

  /** Rounded down to an integer. */
  floor(): Expr {
    return Expr.apply('floor', [this]);
  }

  /** Converted to `dtype` (the same dtype is this node). */
  cast(dtype: DType): Expr {
    return dtype === this.dtype ? this : Expr.apply('cast', [this], dtype);
  }

  // Compositions. Each is exact: the same value, NaN, infinities and signed zeros as the
  // operation computed directly.

  /** The difference. */
  sub(other: Operand): Expr {
    return this.add(Expr.of(other, this.dtype).neg());
  }

  /** The smaller operand; NaN if either is NaN. */
  min(other: Operand): Expr {
    return this.neg().max(Expr.of(other, this.dtype).neg()).neg();
  }

  /** Whether greater than `other` (bool). */
  gt(other: Operand): Expr {
    return Expr.of(other, this.dtype).lt(this);
  }

  /** Whether less than or equal to `other` (bool). */
  le(other: Operand): Expr {
    return this.lt(other).or(this.eq(other));
  }

  /** Whether greater than or equal to `other` (bool). */
  ge(other: Operand): Expr {
    return Expr.of(other, this.dtype).le(this);
  }

  /** Whether not equal (bool; NaN differs from everything). */
  ne(other: Operand): Expr {
    return this.eq(other).not();
  }

  /** Logical not: true where this is zero (false or 0; NaN is true, so its not is false). */
  not(): Expr {
    return this.eq(0);
  }

  /** Logical and of bools. */
  and(other: Expr): Expr {
    return Expr.where(this, other, false);
  }

  /** Logical or of bools. */
  or(other: Expr): Expr {
    return Expr.where(this, true, other);
  }

  /** `|x|`; the `+ 0` makes both zeros +0 (the maximum of +0 and -0 is the second one). */
  abs(): Expr {
    return this.max(this.neg()).add(0);
  }

  /** -1, 0 or 1 by the sign; 0 for zeros and NaN, as `torch.sign`. */
  sign(): Expr {
    return this.gt(0).cast(this.dtype).sub(this.lt(0).cast(this.dtype));
  }

  /** Rounded up to an integer. */
  ceil(): Expr {
    return this.neg().floor().neg();
  }

  /** Rounds half to even, as `torch.round`; every step is exact. */
  round(): Expr {
    const f = this.floor();
    const d = this.sub(f);
    const up = f.add(1);
    const even = f.sub(f.mul(0.5).floor().mul(2)).eq(0);
    return Expr.where(d.gt(0.5), up, Expr.where(d.lt(0.5), f, Expr.where(even, f, up)));
  }

  /**
   * `log(1 + x)`, accurate where `x` is tiny. Near 0 (below 1e-2 in magnitude, 1e-4 in float64)
   * it is the series `x - x²/2 + x³/3 - x⁴/4`, whose truncation is below the dtype's rounding;
   * elsewhere `log(u) * x / (u - 1)` with `u = 1 + x`, which cancels the rounding of `1 + x`
   * (Goldberg), and `log(u)` itself where `x` is too large for that (and infinite). Each branch
   * stays right if a compiler folds `(1 + x) - 1` into `x`, as GL compilers may.
   */
  log1p(): Expr {
    const wide = this.dtype === 'float64';
    const series = this.mul(this.mul(this.mul(this.mul(-0.25).add(1 / 3)).add(-0.5)).add(1));
    const u = this.add(1);
    const corrected = u.log().mul(this.div(u.sub(1)));
    return Expr.where(
      this.abs().lt(wide ? 1e-4 : 1e-2),
      series,
      Expr.where(this.lt(wide ? 2 ** 53 : 2 ** 24), corrected, u.log()),
    );
  }

  /** This times itself. */
  square(): Expr {
    return this.mul(this);
  }

  /** Limited to `[low, high]` (either may be omitted); NaN stays NaN. */
  clamp(low?: Operand, high?: Operand): Expr {
    let out: Expr = this;
    if (low !== undefined) out = Expr.where(out.lt(low), low, out);
    if (high !== undefined) out = Expr.where(out.gt(high), high, out);
    return out;
  }
}
