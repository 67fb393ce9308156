import { describe, expect, it } from 'vitest';
import type { DType } from '../../dtype.js';
import { tidy } from '../../engine/engine.js';
import { ArgumentError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import fixture from '../__fixtures__/activation-functions.json' with { type: 'json' };
import { expectClose } from '../expect-close.js';
import { gradcheck } from '../gradcheck.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type Tolerance } from '../tolerances.js';
import type { ConformanceContext } from './context.js';

interface ActivationCase {
  name: string;
  op: string;
  options: Record<string, unknown>;
  x: string[];
  dy: string[];
  float32: { output: string[]; grad: string[] };
  float64: { output: string[]; grad: string[] };
}

type Activation = (x: Tensor, options: never) => Tensor;

const ACTIVATIONS: Record<string, Activation> = {
  gelu: ops.gelu,
  silu: ops.silu,
  softplus: ops.softplus,
  elu: ops.elu,
  leakyRelu: ops.leakyRelu,
  hardswish: ops.hardswish,
  hardsigmoid: ops.hardsigmoid,
  mish: ops.mish,
  logSigmoid: ops.logSigmoid,
};

const numbers = (values: string[]): number[] => values.map(Number);

function call(c: ActivationCase, x: Tensor): Tensor {
  const fn = ACTIVATIONS[c.op];
  if (fn === undefined) throw new Error(`activation fixture op '${c.op}' has no call`);
  return fn(x, c.options as never);
}

// Ops whose tails (softplus(-50) = 1.9e-22, logSigmoid(50), mish(-50), silu(-50)) PyTorch keeps
// to full relative precision, which `atol` alone would not see (a plain log(1 + e^x) gives 0).
// Exact gelu is not one: PyTorch's own float32 `1 + erf(x)` cancels in its left tail.
const RELATIVE_TAILS = new Set(['silu', 'softplus', 'mish', 'logSigmoid']);

// The smallest normal numbers: below them (subnormals) relative precision is lost by design.
const SMALLEST_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 };

function expectTails(actual: Tensor, expected: number[], tolerance: Tolerance, label: string): void {
  const values = actual.dataSync();
  const smallest = SMALLEST_NORMAL[actual.dtype as 'float32' | 'float64'];
  expected.forEach((e, i) => {
    if (!(Math.abs(e) >= smallest && Math.abs(e) < tolerance.atol)) return;
    expect(Math.abs(values[i]! - e), `${label} element ${i} (${values[i]}, expected ${e})`).toBeLessThanOrEqual(
      tolerance.rtol * Math.abs(e),
    );
  });
}

function expectCase(actual: Tensor, expected: number[], tolerance: Tolerance, c: ActivationCase, label: string): void {
  expectClose(actual, [expected.length], expected, tolerance, `${c.name} ${label}`);
  if (RELATIVE_TAILS.has(c.op)) expectTails(actual, expected, tolerance, `${c.name} ${label} tail`);
}

function runCase(c: ActivationCase, dtype: 'float32' | 'float64'): void {
  const x = ops.tensor(numbers(c.x), { dtype, requiresGrad: true });
  const y = call(c, x);
  const tolerance = dtype === 'float32' ? FLOAT32_TOLERANCE : FLOAT64_TOLERANCE;
  expect(y.dtype).toBe(dtype);
  expectCase(y, numbers(c[dtype].output), tolerance, c, 'output');
  y.backward(ops.tensor(numbers(c.dy), { dtype }));
  if (x.grad === null) throw new Error(`${c.name}: no gradient reached x`);
  expectCase(x.grad, numbers(c[dtype].grad), tolerance, c, 'grad');
}

// Away from every kink (0, ±3) by more than the gradcheck step, and within the range where the
// functions are not flat: a finite difference there measures the slope the op claims.
const smooth = (dtype: DType): Tensor =>
  ops.tensor([-4.2, -2.6, -1.3, -0.45, 0.35, 1.1, 2.4, 3.7, 6.1], { dtype }).add(ops.rand([9], { dtype }).mul(0.05));

const GRADCHECKS: [string, (x: Tensor) => Tensor][] = [
  ['gelu', (x) => ops.gelu(x)],
  ['gelu tanh', (x) => ops.gelu(x, { approximate: 'tanh' })],
  ['silu', (x) => ops.silu(x)],
  ['softplus', (x) => ops.softplus(x)],
  ['softplus beta 2 threshold 3 (both sides of the threshold)', (x) => ops.softplus(x, { beta: 2, threshold: 3 })],
  ['elu alpha 0.5', (x) => ops.elu(x, { alpha: 0.5 })],
  ['leakyRelu negativeSlope 0.2', (x) => ops.leakyRelu(x, { negativeSlope: 0.2 })],
  ['hardswish', (x) => ops.hardswish(x)],
  ['hardsigmoid', (x) => ops.hardsigmoid(x)],
  ['mish', (x) => ops.mish(x)],
  ['logSigmoid', (x) => ops.logSigmoid(x)],
];

// A throwaway activation written here as a user would, from `Expr` through core's public
// `elementwise`, with no kernel of its own: softsign x / (1 + |x|), whose derivative
// 1 / (1 + |x|)^2 comes from the IR's `differentiate`.
const softsign = (x: Tensor): Tensor => ops.elementwise([x], (v) => v.div(v.abs().add(1)), { name: 'softsign' });

/**
 * The activation functions (gelu, silu, softplus, elu, leakyRelu, hardswish, hardsigmoid, mish,
 * logSigmoid) forward and backward against PyTorch in float32 and float64
 * (`packages/core/scripts/make-activation-fixtures.py`: NaN, infinities, kinks, thresholds and
 * tails), finite-difference gradient checks, and an activation defined only in core from `Expr`.
 */
export function defineActivationTests(ctx: ConformanceContext): void {
  describe(`activations (PyTorch ${fixture.torch} fixture)`, () => {
    for (const c of fixture.cases as ActivationCase[]) {
      it(`${c.name} [float32]`, () => runCase(c, 'float32'));
      if (ctx.float64) it(`${c.name} [float64]`, () => runCase(c, 'float64'));
    }

    describe('gradients (finite differences)', () => {
      const dtype = ctx.float64 ? 'float64' : 'float32';
      for (const [name, fn] of GRADCHECKS) {
        it(name, () => {
          const result = tidy(() => gradcheck(fn, [smooth(dtype)]));
          expect(result.checked).toBeGreaterThan(0);
        });
      }
    });

    const badOptions: [() => unknown, string][] = [
      [
        () => ops.gelu(ops.ones([1]), { approximate: 'fast' as never }),
        "gelu: expected approximate to be 'none' or 'tanh', got 'fast'; pass one of them.",
      ],
      [
        () => ops.softplus(ops.ones([1]), { beta: '2' as never }),
        "softplus: expected beta to be a finite number, got '2'; pass a number such as 1.",
      ],
      [
        () => ops.softplus(ops.ones([1]), { threshold: Number.NaN }),
        'softplus: expected threshold to be a finite number, got NaN; pass a number such as 20.',
      ],
      [
        () => ops.elu(ops.ones([1]), { alpha: Number.POSITIVE_INFINITY }),
        'elu: expected alpha to be a finite number, got Infinity; pass a number such as 1.',
      ],
      [
        () => ops.leakyRelu(ops.ones([1]), { negativeSlope: null as never }),
        'leakyRelu: expected negativeSlope to be a finite number, got null; pass a number such as 0.01.',
      ],
    ];
    // A loop, not it.each: the suite also runs in a browser page with a smaller vitest.
    for (const [i, [call, message]] of badOptions.entries()) {
      it(`rejects a bad option value: ${i}`, () => {
        expect(call).toThrow(new ArgumentError(message));
      });
    }

    it('computes integer inputs in float32, as sigmoid does', () => {
      const y = ops.silu(ops.tensor([-1, 0, 2], { dtype: 'int32' }));
      expect(y.dtype).toBe('float32');
      expectClose(y, [3], [-1 / (1 + Math.E), 0, 2 / (1 + Math.exp(-2))], FLOAT32_TOLERANCE, 'silu of int32');
    });

    it('an activation composed from Expr in core alone runs forward and backward', () => {
      const values = [-3, -0.5, 0, 0.25, 2];
      const x = ops.tensor(values, { requiresGrad: true });
      const y = softsign(x);
      expectClose(
        y,
        [5],
        values.map((v) => v / (1 + Math.abs(v))),
        FLOAT32_TOLERANCE,
        'softsign',
      );
      y.sum().backward();
      expectClose(
        x.grad!,
        [5],
        values.map((v) => 1 / (1 + Math.abs(v)) ** 2),
        FLOAT32_TOLERANCE,
        'softsign grad',
      );
      const result = tidy(() => gradcheck(softsign, [smooth(ctx.float64 ? 'float64' : 'float32')]));
      expect(result.checked).toBeGreaterThan(0);
    });
  });
}
