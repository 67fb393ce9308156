import { isFloat } from '../dtype.js';
import { Expr } from './expr.js';
import type { Primitive } from './primitive.js';

/**
 * The reverse-mode rule of a primitive: given its operands, the gradient `g` flowing into its
 * result and the result itself (`self`: the node, or the kernel's saved output when the node is
 * the expression's root), the gradient of each operand, or `null` where none flows.
 *
 * @example
 * ```ts
 * const expRule: DerivativeRule = (_operands, g, self) => [g.mul(self)];
 * ```
 */
export type DerivativeRule = (operands: readonly Expr[], g: Expr, self: Expr) => readonly (Expr | null)[];

/** The share of the gradient the first operand of `max` gets: 1 where it wins, 0.5 on ties (PyTorch). */
function maxShare(a: Expr, b: Expr, dtype: Expr['dtype']): Expr {
  return b.lt(a).cast(dtype).add(a.eq(b).cast(dtype).mul(0.5));
}

/**
 * The derivative rule of every primitive, `null` for those whose result carries no gradient
 * (comparisons give bool, `floor` is piecewise constant). Total over {@link Primitive}: a
 * primitive without an entry does not compile. Rules that use `self` make a kernel whose
 * expression is that primitive keep its output rather than its input, as PyTorch's `exp`,
 * `sqrt`, `tanh`, `sigmoid` and `pow` do.
 *
 * @example
 * ```ts
 * DERIVATIVES.floor; // null
 * ```
 */
export const DERIVATIVES: { readonly [P in Primitive]: DerivativeRule | null } = {
  add: (_, g) => [g, g],
  mul: ([a, b], g) => [g.mul(b!), g.mul(a!)],
  div: ([a, b], g) => [g.div(b!), g.mul(a!).div(b!.mul(b!)).neg()],
  max: ([a, b], g) => {
    const share = maxShare(a!, b!, g.dtype);
    return [g.mul(share), g.mul(share.neg().add(1))];
  },
  pow: ([a, b], g, self) => [
    // b * a^(b-1) is 0 * inf at a = 0, b = 0; PyTorch defines that gradient as 0.
    g.mul(Expr.where(b!.eq(0), 0, b!.mul(a!.pow(b!.sub(1))))),
    // d(a^b)/db = a^b * ln(a); defined as 0 where a <= 0 (PyTorch masks a == 0 the same way).
    g.mul(Expr.where(a!.gt(0), self.mul(a!.log()), 0)),
  ],
  eq: null,
  lt: null,
  where: ([c], g) => [null, Expr.where(c!, g, 0), Expr.where(c!, 0, g)],
  neg: (_, g) => [g.neg()],
  exp: (_, g, self) => [g.mul(self)],
  log: ([x], g) => [g.div(x!)],
  sqrt: (_, g, self) => [g.div(self.mul(2))],
  tanh: (_, g, self) => [g.mul(self.mul(self).neg().add(1))],
  sigmoid: (_, g, self) => [g.mul(self.mul(self.neg().add(1)))],
  erf: ([x], g) => [
    g.mul(
      x!
        .mul(x!)
        .neg()
        .exp()
        .mul(2 / Math.sqrt(Math.PI)),
    ),
  ],
  floor: null,
  // Only a float-to-float cast passes a gradient, converted back to the operand's dtype.
  cast: ([x], g) => [isFloat(x!.dtype) && isFloat(g.dtype) ? g.cast(x!.dtype) : null],
};
