import { checkOptions, optionKeys } from '../check-options.js';
import { Expr } from '../elementwise/expr.js';
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { floatUnary } from './unary-op.js';

// Every activation here is an expression over the elementwise primitives: no backend has a
// kernel for any of them. Where differentiating the expression would not give PyTorch's gradient
// (at a kink, at NaN or the infinities, or through a branch that only serves precision, such as
// `log1p`'s) the op states PyTorch's rule as its own `vjp`.

const shown = (value: unknown): string => (typeof value === 'string' ? `'${value}'` : String(value));

function finiteOption(fn: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(
      `${fn}: expected ${name} to be a finite number, got ${shown(value)}; pass a number such as ${fallback}.`,
    );
  }
  return value;
}

/**
 * Options of {@link gelu} (PyTorch's keyword argument).
 *
 * @example
 * ```ts
 * const o: GeluOptions = { approximate: 'tanh' };
 * ```
 */
export interface GeluOptions {
  /** `'none'` (default): the exact `x * Φ(x)` through `erf`; `'tanh'`: the tanh approximation. */
  approximate?: 'none' | 'tanh';
}

const GELU_KEYS = optionKeys<GeluOptions>({ approximate: true });

/**
 * The Gaussian error linear unit `x * Φ(x)` (PyTorch's `F.gelu`): exact through `erf`, or with
 * `{ approximate: 'tanh' }` as `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
 *
 * @example
 * ```ts
 * gelu(tensor([-1, 0, 1])); // tensor([-0.1587,  0.0000,  0.8413])
 * gelu(tensor([1]), { approximate: 'tanh' }); // tensor([0.8412])
 * ```
 */
export function gelu(x: Tensor, options: GeluOptions = {}): Tensor {
  checkOptions('gelu', options, GELU_KEYS);
  const approximate = options.approximate ?? 'none';
  if (approximate === 'tanh') {
    return floatUnary('gelu', x, (v) => {
      const inner = v.add(v.mul(v).mul(v).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
      return v.mul(0.5).mul(inner.tanh().add(1));
    });
  }
  if (approximate !== 'none') {
    throw new ArgumentError(
      `gelu: expected approximate to be 'none' or 'tanh', got ${shown(approximate)}; pass one of them.`,
    );
  }
  return floatUnary('gelu', x, (v) => v.mul(0.5).mul(v.mul(Math.SQRT1_2).erf().add(1)));
}

/**
 * The sigmoid linear unit `x * sigmoid(x)`, also called swish (PyTorch's `F.silu`).
 *
 * @example
 * ```ts
 * silu(tensor([-1, 0, 1])); // tensor([-0.2689,  0.0000,  0.7311])
 * ```
 */
export function silu(x: Tensor): Tensor {
  return floatUnary('silu', x, (v) => v.mul(v.sigmoid()));
}

/**
 * Options of {@link softplus} (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: SoftplusOptions = { beta: 2, threshold: 10 };
 * ```
 */
export interface SoftplusOptions {
  /** The sharpness `β` (default 1). */
  beta?: number;
  /** Above this value of `β x` the result is `x` itself (default 20). */
  threshold?: number;
}

const SOFTPLUS_KEYS = optionKeys<SoftplusOptions>({ beta: true, threshold: true });

/**
 * `log(1 + e^(βx)) / β`, and `x` where `βx > threshold` (PyTorch's `F.softplus`): a smooth ReLU.
 *
 * @example
 * ```ts
 * softplus(tensor([0, 30])); // tensor([ 0.6931, 30.0000])
 * softplus(tensor([1]), { beta: 2, threshold: 10 }); // tensor([1.0635])
 * ```
 */
export function softplus(x: Tensor, options: SoftplusOptions = {}): Tensor {
  checkOptions('softplus', options, SOFTPLUS_KEYS);
  const beta = finiteOption('softplus', 'beta', options.beta, 1);
  const threshold = finiteOption('softplus', 'threshold', options.threshold, 20);
  return floatUnary(
    'softplus',
    x,
    (v) => {
      const bx = v.mul(beta);
      return Expr.where(bx.gt(threshold), v, bx.exp().log1p().div(beta));
    },
    // PyTorch's rule, e^(βx) / (e^(βx) + 1) below the threshold.
    (dy, _y, v) => {
      const bx = v.mul(beta);
      const z = bx.exp();
      return Expr.where(bx.gt(threshold), dy, dy.mul(z).div(z.add(1)));
    },
  );
}

/**
 * Options of {@link elu} (PyTorch's keyword argument).
 *
 * @example
 * ```ts
 * const o: EluOptions = { alpha: 0.5 };
 * ```
 */
export interface EluOptions {
  /** The value the output tends to as `x -> -∞` is `-alpha` (default 1). */
  alpha?: number;
}

const ELU_KEYS = optionKeys<EluOptions>({ alpha: true });

/**
 * The exponential linear unit: `x` for `x > 0`, `alpha (e^x - 1)` otherwise (PyTorch's `F.elu`).
 *
 * @example
 * ```ts
 * elu(tensor([-1, 2])); // tensor([-0.6321,  2.0000])
 * ```
 */
export function elu(x: Tensor, options: EluOptions = {}): Tensor {
  checkOptions('elu', options, ELU_KEYS);
  const alpha = finiteOption('elu', 'alpha', options.alpha, 1);
  // `x <= 0`, as PyTorch tests it: the gradient at 0 is alpha, and NaN takes the linear branch's.
  return floatUnary('elu', x, (v) => Expr.where(v.le(0), v.exp().sub(1).mul(alpha), v));
}

/**
 * Options of {@link leakyRelu} (PyTorch's keyword argument).
 *
 * @example
 * ```ts
 * const o: LeakyReluOptions = { negativeSlope: 0.2 };
 * ```
 */
export interface LeakyReluOptions {
  /** The slope for `x <= 0` (default 0.01). */
  negativeSlope?: number;
}

const LEAKY_RELU_KEYS = optionKeys<LeakyReluOptions>({ negativeSlope: true });

/**
 * `x` for `x > 0`, `negativeSlope * x` otherwise (PyTorch's `F.leaky_relu`); the gradient at 0 is
 * `negativeSlope`, as PyTorch's.
 *
 * @example
 * ```ts
 * leakyRelu(tensor([-2, 3])); // tensor([-0.0200,  3.0000])
 * leakyRelu(tensor([-2]), { negativeSlope: 0.2 }); // tensor([-0.4000])
 * ```
 */
export function leakyRelu(x: Tensor, options: LeakyReluOptions = {}): Tensor {
  checkOptions('leakyRelu', options, LEAKY_RELU_KEYS);
  const slope = finiteOption('leakyRelu', 'negativeSlope', options.negativeSlope, 0.01);
  return floatUnary('leakyRelu', x, (v) => Expr.where(v.gt(0), v, v.mul(slope)));
}

/**
 * `x * relu6(x + 3) / 6` (PyTorch's `F.hardswish`); its gradient is 0 at -3 and 1 at 3, as
 * PyTorch's.
 *
 * @example
 * ```ts
 * hardswish(tensor([-4, 0, 1, 4])); // tensor([0.0000, 0.0000, 0.6667, 4.0000])
 * ```
 */
export function hardswish(x: Tensor): Tensor {
  return floatUnary(
    'hardswish',
    x,
    (v) => v.mul(v.add(3).clamp(0, 6)).div(6),
    (dy, _y, v) => Expr.where(v.le(-3), 0, Expr.where(v.lt(3), dy.mul(v.div(3).add(0.5)), dy)),
  );
}

/**
 * `relu6(x + 3) / 6` (PyTorch's `F.hardsigmoid`); its gradient is 0 at ±3, as PyTorch's.
 *
 * @example
 * ```ts
 * hardsigmoid(tensor([-4, 0, 1.5, 4])); // tensor([0.0000, 0.5000, 0.7500, 1.0000])
 * ```
 */
export function hardsigmoid(x: Tensor): Tensor {
  return floatUnary(
    'hardsigmoid',
    x,
    (v) => v.add(3).clamp(0, 6).div(6),
    (dy, _y, v) => Expr.where(v.gt(-3).and(v.lt(3)), dy.div(6), 0),
  );
}

// tanh(softplus(x)) without tanh or log: with e = e^x, tanh(log(1 + e)) = n / (n + 2) where
// n = e (e + 2). It keeps full relative precision where e is tiny (there it is e), which
// tanh(log1p(e)) loses wherever tanh of a tiny argument does; above 20 it is 1 in float64 too.
function tanhSoftplus(v: Expr): Expr {
  const e = v.exp();
  const n = e.mul(e.add(2));
  return Expr.where(v.gt(20), 1, n.div(n.add(2)));
}

/**
 * `x * tanh(softplus(x))` (PyTorch's `F.mish`).
 *
 * @example
 * ```ts
 * mish(tensor([-1, 0, 1])); // tensor([-0.3034,  0.0000,  0.8651])
 * ```
 */
export function mish(x: Tensor): Tensor {
  return floatUnary(
    'mish',
    x,
    (v) => v.mul(tanhSoftplus(v)),
    // PyTorch's rule, t + x sigmoid(x) (1 - t^2) with t = tanh(softplus(x)).
    (dy, _y, v) => {
      const t = tanhSoftplus(v);
      return dy.mul(t.add(v.mul(v.sigmoid()).mul(t.mul(t).neg().add(1))));
    },
  );
}

/**
 * `log(sigmoid(x))`, computed as `min(x, 0) - log(1 + e^-|x|)` so that it stays finite for large
 * `|x|` (PyTorch's `F.logsigmoid`).
 *
 * @example
 * ```ts
 * logSigmoid(tensor([-10, 0, 10])); // tensor([-1.0000e+01, -6.9315e-01, -4.5399e-05])
 * ```
 */
export function logSigmoid(x: Tensor): Tensor {
  return floatUnary(
    'logSigmoid',
    x,
    (v) => v.min(0).sub(v.abs().neg().exp().log1p()),
    (dy, _y, v) => dy.mul(v.neg().sigmoid()),
  );
}
