import { describe, expect, it } from 'vitest';
import { tidy } from '../../engine/engine.js';
import * as ops from '../../ops/index.js';
import { FUSED_ACTIVATIONS } from '../../ops/epilogue.js';
import { manualSeed } from '../../random/generator.js';
import { sizeFromShape } from '../../shape.js';
import type { Tensor } from '../../tensor.js';
import { type GradcheckOptions, gradcheck } from '../gradcheck.js';
import type { ConformanceContext } from './context.js';

type Fn = (...inputs: Tensor[]) => Tensor;

/** Registers one finite-difference gradient check; `inputs` runs inside the test, after `manualSeed(0)`. */
function check(name: string, fn: Fn, inputs: () => Tensor[], options?: GradcheckOptions): void {
  it(name, () => {
    const result = tidy(() => gradcheck(fn, inputs(), options));
    expect(result.checked).toBeGreaterThan(0);
  });
}

const randn = (shape: readonly number[]): Tensor => ops.randn(shape);

/**
 * Alternating signs `[1, -1, 1, ...]`, one per output of a product followed by relu: with
 * positive inputs and weights of one sign per output, every output is far from relu's kink and
 * both of its sides are taken.
 */
const signs = (n: number): Tensor => ops.tensor(Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1)));

/** Values in [0.5, 1.5): inside the domain of log, sqrt and rsqrt, and safe as divisors. */
const positive = (shape: readonly number[]): Tensor => ops.rand(shape).add(0.5);

// Max-type ops (relu, abs, clamp, maximum/minimum, amax/amin, max/min, max pooling) have kinks at
// 0, at their bounds and at ties, and a central difference whose step straddles one disagrees
// with autograd's one-sided choice. Their inputs are therefore a shuffled grid `offset + 0.3k`
// plus uniform noise below 0.05: with the default offset every value is at least 0.1 from 0 and
// 0.25 from any other, and a grid at offset 0.25 stays at least 0.1 from this one, all far beyond
// the gradcheck step (1e-6 in float64, 1e-2 in float32). Clamp bounds and scalar operands sit
// between grid lines for the same reason.
function distinct(shape: readonly number[], offset = 0.1): Tensor {
  const n = sizeFromShape(shape);
  // 7919 is prime, so i -> 7919 i mod n permutes the grid for every small n.
  const grid = Float64Array.from({ length: n }, (_, i) => offset + 0.3 * (((i * 7919) % n) - Math.floor(n / 2)));
  return ops.tensor(grid, { shape }).add(ops.rand(shape).mul(0.05));
}

/** Values a quarter past an integer (plus noise below 0.1): away from the jumps of sign, floor, ceil and round. */
const offIntegers = (shape: readonly number[]): Tensor =>
  ops.randn(shape).mul(2).floor().add(0.25).add(ops.rand(shape).mul(0.1));

const int32 = (values: number[]): Tensor => ops.tensor(values, { dtype: 'int32' });

// The float32 round trip is the identity up to float32 rounding (~1e-7 per evaluation). The
// identity is linear, so a central difference is exact at any step; a step of 0.1 makes that
// rounding negligible, where the default 1e-6 step would drown in it.
const ROUND_TRIP_STEP = 0.1;

function unaryChecks(): void {
  describe('unary', () => {
    check(
      'neg',
      (x) => x.neg(),
      () => [randn([2, 3])],
    );
    check(
      'abs (inputs away from 0)',
      (x) => x.abs(),
      () => [distinct([2, 3])],
    );
    check(
      'exp',
      (x) => x.exp(),
      () => [randn([2, 3])],
    );
    check(
      'log (positive inputs)',
      (x) => x.log(),
      () => [positive([2, 3])],
    );
    check(
      'sqrt (positive inputs)',
      (x) => x.sqrt(),
      () => [positive([2, 3])],
    );
    check(
      'rsqrt (positive inputs)',
      (x) => x.rsqrt(),
      () => [positive([2, 3])],
    );
    check(
      'square',
      (x) => x.square(),
      () => [randn([2, 3])],
    );
    check(
      'relu (inputs away from 0)',
      (x) => x.relu(),
      () => [distinct([2, 3])],
    );
    check(
      'sigmoid',
      (x) => x.sigmoid(),
      () => [randn([2, 3])],
    );
    check(
      'tanh',
      (x) => x.tanh(),
      () => [randn([2, 3])],
    );
    check(
      'sign, floor, ceil and round have zero gradient',
      (x) => x.sign().add(x.floor()).add(x.ceil()).add(x.round()),
      () => [offIntegers([2, 3])],
    );
  });
}

function binaryChecks(): void {
  describe('binary', () => {
    check(
      'add, same shapes',
      (a, b) => a.add(b),
      () => [randn([2, 3]), randn([2, 3])],
    );
    check(
      'add, [2, 3] + [3]',
      (a, b) => a.add(b),
      () => [randn([2, 3]), randn([3])],
    );
    check(
      'add, [3, 1] + [1, 4]',
      (a, b) => a.add(b),
      () => [randn([3, 1]), randn([1, 4])],
    );
    check(
      'add, tensor + scalar',
      (a) => a.add(2),
      () => [randn([2, 3])],
    );
    check(
      'add, scalar + tensor',
      (a) => ops.add(2, a),
      () => [randn([2, 3])],
    );
    check(
      'add with alpha, broadcasting',
      (a, b) => a.add(b, { alpha: -0.5 }),
      () => [randn([2, 3]), randn([2, 1])],
    );
    check(
      'sub, [2, 3] - [2, 1]',
      (a, b) => a.sub(b),
      () => [randn([2, 3]), randn([2, 1])],
    );
    check(
      'sub with alpha',
      (a, b) => a.sub(b, { alpha: 2 }),
      () => [randn([2, 3]), randn([3])],
    );
    check(
      'sub, scalar - tensor',
      (a) => ops.sub(1, a),
      () => [randn([2, 3])],
    );
    check(
      'mul, [2, 3] * [3]',
      (a, b) => a.mul(b),
      () => [randn([2, 3]), randn([3])],
    );
    check(
      'mul, tensor * scalar',
      (a) => a.mul(-1.5),
      () => [randn([2, 3])],
    );
    check(
      'div, [2, 3] / [3]',
      (a, b) => a.div(b),
      () => [randn([2, 3]), positive([3])],
    );
    check(
      'div, scalar / tensor',
      (a) => ops.div(1, a),
      () => [positive([2, 3])],
    );
    check(
      'pow, tensor exponent (positive base)',
      (a, b) => a.pow(b),
      () => [positive([2, 3]), randn([2, 3])],
    );
    check(
      'pow, broadcast tensor exponent',
      (a, b) => a.pow(b),
      () => [positive([2, 3]), randn([3])],
    );
    check(
      'pow, scalar exponent 2.5',
      (a) => a.pow(2.5),
      () => [positive([2, 3])],
    );
    check(
      'pow, scalar exponent -1.5',
      (a) => a.pow(-1.5),
      () => [positive([2, 3])],
    );
    check(
      'pow, integer exponent of a signed base',
      (a) => a.pow(3),
      () => [randn([2, 3])],
    );
    check(
      'pow, scalar base',
      (b) => ops.pow(2, b),
      () => [randn([2, 3])],
    );
    check(
      'maximum, same shapes (no ties)',
      (a, b) => a.maximum(b),
      () => [distinct([2, 3]), distinct([2, 3], 0.25)],
    );
    check(
      'maximum, [2, 3] and [3] (no ties)',
      (a, b) => a.maximum(b),
      () => [distinct([2, 3]), distinct([3], 0.25)],
    );
    check(
      'maximum, tensor and scalar (no ties)',
      (a) => a.maximum(0.25),
      () => [distinct([2, 3])],
    );
    check(
      'minimum, same shapes (no ties)',
      (a, b) => a.minimum(b),
      () => [distinct([2, 3]), distinct([2, 3], 0.25)],
    );
    check(
      'minimum, [2, 1] and [2, 3] (no ties)',
      (a, b) => a.minimum(b),
      () => [distinct([2, 1]), distinct([2, 3], 0.25)],
    );
    check(
      'minimum, scalar and tensor (no ties)',
      (a) => ops.minimum(0.25, a),
      () => [distinct([2, 3])],
    );
  });
}

function selectionChecks(): void {
  describe('where and clamp', () => {
    const condition = () =>
      ops.tensor([
        [true, false, true],
        [false, true, true],
      ]);
    check(
      'where, broadcasting [2, 3] and [3]',
      (a, b) => ops.where(condition(), a, b),
      () => [randn([2, 3]), randn([3])],
    );
    check(
      'where, scalar other',
      (a) => ops.where(condition(), a, 0.5),
      () => [randn([2, 3])],
    );
    check(
      'x.where(condition, y)',
      (a, b) => a.where(condition(), b),
      () => [randn([2, 3]), randn([2, 3])],
    );
    check(
      'clamp to [min, max] (inputs away from the bounds)',
      (x) => x.clamp(-0.05, 0.25),
      () => [distinct([3, 4])],
    );
    check(
      'clamp with min only',
      (x) => x.clamp(-0.05),
      () => [distinct([3, 4])],
    );
    check(
      'clamp with max only',
      (x) => x.clamp(null, 0.25),
      () => [distinct([3, 4])],
    );
  });
}

function reductionChecks(): void {
  describe('reductions', () => {
    const x = () => [randn([2, 3, 4])];
    const d = () => [distinct([2, 3, 4])];
    check('sum over all', (a) => a.sum(), x);
    check('sum over one dim', (a) => a.sum(1), x);
    check('sum over several dims', (a) => a.sum([0, 2]), x);
    check('sum over a negative dim, keepdim', (a) => a.sum(-1, true), x);
    check('sum over negative dims, keepdim', (a) => a.sum([-1, -3], true), x);
    check('mean over all', (a) => a.mean(), x);
    check('mean over one dim', (a) => a.mean(1), x);
    check('mean over several dims, keepdim', (a) => a.mean([0, 2], true), x);
    check('mean over a negative dim', (a) => a.mean(-2), x);
    check('amax over all (no ties)', (a) => a.amax(), d);
    check('amax over one dim (no ties)', (a) => a.amax(1), d);
    check('amax over several dims, keepdim (no ties)', (a) => a.amax([0, 2], true), d);
    check('amin over a negative dim (no ties)', (a) => a.amin(-1), d);
    check('amin over several dims (no ties)', (a) => a.amin([0, 1]), d);
    check('max over all (no ties)', (a) => a.max(), d);
    check('max(x, dim).values (no ties)', (a) => a.max(1).values, d);
    check('max(x, -1, keepdim).values (no ties)', (a) => a.max(-1, true).values, d);
    check('min(x, dim).values (no ties)', (a) => a.min(0).values, d);
    check('min(x, dim, keepdim).values (no ties)', (a) => a.min(2, true).values, d);
    check('logsumexp over one dim', (a) => a.logsumexp(1), x);
    check('logsumexp over several dims, keepdim', (a) => a.logsumexp([0, 2], true), x);
    check('var over all (correction 1)', (a) => a.var(), x);
    check('var over one dim (correction 0)', (a) => a.var(1, { correction: 0 }), x);
    check('var over several dims, keepdim (correction 1)', (a) => a.var([0, 2], { keepdim: true }), x);
    check('std over all (correction 0)', (a) => a.std(undefined, { correction: 0 }), x);
    check('std over one dim (correction 1)', (a) => a.std(0), x);
    check('std over a negative dim, keepdim (correction 0)', (a) => a.std(-1, { correction: 0, keepdim: true }), x);
  });
}

function matmulChecks(): void {
  describe('matmul and linear', () => {
    check(
      'matmul, 1-D . 1-D',
      (a, b) => a.matmul(b),
      () => [randn([4]), randn([4])],
    );
    check(
      'matmul, 2-D',
      (a, b) => a.matmul(b),
      () => [randn([2, 3]), randn([3, 4])],
    );
    check(
      'matmul, batched with broadcast batch dims',
      (a, b) => a.matmul(b),
      () => [randn([2, 1, 2, 3]), randn([3, 3, 2])],
    );
    check(
      'matmul, vector . matrix',
      (a, b) => a.matmul(b),
      () => [randn([3]), randn([3, 4])],
    );
    check(
      'matmul, batched matrix . vector',
      (a, b) => a.matmul(b),
      () => [randn([2, 2, 3]), randn([3])],
    );
    check(
      'linear with bias',
      (x, w, b) => ops.linear(x, w, b),
      () => [randn([2, 3]), randn([4, 3]), randn([4])],
    );
    check(
      'linear without bias, 3-D input',
      (x, w) => ops.linear(x, w),
      () => [randn([2, 2, 3]), randn([4, 3])],
    );
    for (const activation of FUSED_ACTIVATIONS) {
      check(
        `linear with bias, activation '${activation}'`,
        (x, w, b) => ops.linear(x, w, b, { activation }),
        () =>
          activation === 'relu'
            ? [positive([2, 2, 3]), positive([4, 3]).mul(signs(4).reshape([4, 1])), randn([4]).mul(0.1)]
            : [randn([2, 2, 3]), randn([4, 3]), randn([4])],
      );
    }
    check(
      "linear without bias, activation 'tanh'",
      (x, w) => ops.linear(x, w, null, { activation: 'tanh' }),
      () => [randn([3, 3]), randn([2, 3])],
    );
  });
}

function shapeChecks(): void {
  describe('shape ops', () => {
    const x = () => [randn([2, 3, 4])];
    check('reshape with -1', (a) => a.reshape([4, -1]), x);
    check('view', (a) => a.view([6, 4]), x);
    check('flatten', (a) => a.flatten(), x);
    check('flatten(1)', (a) => a.flatten(1), x);
    check('flatten(0, 1)', (a) => a.flatten(0, 1), x);
    check('unsqueeze', (a) => a.unsqueeze(1), x);
    check('unsqueeze at a negative dim', (a) => a.unsqueeze(-1), x);
    check(
      'squeeze all',
      (a) => a.squeeze(),
      () => [randn([2, 1, 3, 1])],
    );
    check(
      'squeeze one dim',
      (a) => a.squeeze(1),
      () => [randn([2, 1, 3, 1])],
    );
    check(
      'squeeze several dims',
      (a) => a.squeeze([0, -1]),
      () => [randn([1, 3, 1])],
    );
    check('transpose', (a) => a.transpose(0, 2), x);
    check('transpose with negative dims', (a) => a.transpose(-1, -2), x);
    check('permute', (a) => a.permute([2, 0, 1]), x);
    check(
      't of a matrix',
      (a) => a.t(),
      () => [randn([3, 4])],
    );
    check(
      't of a vector',
      (a) => a.t(),
      () => [randn([3])],
    );
    check('movedim forward', (a) => a.movedim(0, -1), x);
    check('movedim backward', (a) => a.movedim(-1, 0), x);
    check(
      'expand [3, 1] to [2, 3, 4]',
      (a) => a.expand([2, 3, 4]),
      () => [randn([3, 1])],
    );
    check(
      'expand with -1',
      (a) => a.expand([3, -1]),
      () => [randn([1, 4])],
    );
    check(
      'expandAs',
      (a, b) => a.expandAs(b).mul(b),
      () => [randn([3, 1]), randn([3, 4])],
    );
    check(
      'slice with step',
      (a) => a.slice(1, 1, null, 2),
      () => [randn([2, 5, 3])],
    );
    check(
      'slice with a negative start and step 3',
      (a) => a.slice(-1, -5, null, 3),
      () => [randn([2, 6])],
    );
    check(
      'slice with an end',
      (a) => a.slice(0, 1, 3),
      () => [randn([4, 3])],
    );
    check('narrow', (a) => a.narrow(1, 1, 2), x);
    check('narrow at a negative dim', (a) => a.narrow(-1, 0, 3), x);
    check(
      'cat along dim 1',
      (a, b) => ops.cat([a, b], 1),
      () => [randn([2, 3]), randn([2, 2])],
    );
    check(
      'cat of three along dim 0',
      (a, b, c) => ops.cat([a, b, c]),
      () => [randn([1, 3]), randn([2, 3]), randn([1, 3])],
    );
    check(
      'cat with the same tensor twice',
      (a) => ops.cat([a, a.mul(2)], -1),
      () => [randn([2, 3])],
    );
    check(
      'stack along dim 0',
      (a, b) => ops.stack([a, b]),
      () => [randn([2, 3]), randn([2, 3])],
    );
    check(
      'stack along dim -1',
      (a, b) => ops.stack([a, b], -1),
      () => [randn([2, 3]), randn([2, 3])],
    );
    check(
      'indexSelect with repeated indices',
      (a, i) => a.indexSelect(0, i!),
      () => [randn([4, 3]), int32([2, 0, 2])],
    );
    check(
      'indexSelect along dim 1',
      (a, i) => a.indexSelect(1, i!),
      () => [randn([2, 4]), int32([3, 3, 1, 0, 3])],
    );
  });
}

function padChecks(): void {
  describe('pad', () => {
    const x = () => [randn([1, 2, 3, 4])];
    check('constant', (a) => ops.pad(a, [1, 2, 2, 1]), x);
    check('constant with a value', (a) => ops.pad(a, [1, 0, 0, 2], { value: 0.5 }), x);
    check('reflect', (a) => ops.pad(a, [1, 3, 2, 1], { mode: 'reflect' }), x);
    check('replicate', (a) => ops.pad(a, [2, 1, 1, 3], { mode: 'replicate' }), x);
    check('circular', (a) => ops.pad(a, [1, 4, 3, 1], { mode: 'circular' }), x);
    check('negative amounts crop', (a) => ops.pad(a, [-1, 2, 1, -2]), x);
    check('crop then reflect', (a) => ops.pad(a, [-1, 1, 1, -1], { mode: 'reflect' }), x);
    check(
      'last dimension only, 3-D input',
      (a) => ops.pad(a, [2, 1], { mode: 'reflect' }),
      () => [randn([2, 3, 4])],
    );
  });
}

function softmaxAndLossChecks(): void {
  describe('softmax and losses', () => {
    check(
      'softmax over dim 1',
      (a) => a.softmax(1),
      () => [randn([2, 3, 4])],
    );
    check(
      'softmax over dim -1',
      (a) => a.softmax(-1),
      () => [randn([2, 3, 4])],
    );
    check(
      'logSoftmax over dim 0',
      (a) => a.logSoftmax(0),
      () => [randn([2, 3, 4])],
    );
    check(
      'logSoftmax over dim -1',
      (a) => a.logSoftmax(-1),
      () => [randn([2, 3, 4])],
    );
    const logits = () => randn([4, 3]);
    const target = () => int32([0, 2, 1, 2]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      check(
        `crossEntropy, index targets, reduction '${reduction}'`,
        (l, t) => ops.crossEntropy(l, t!, { reduction }),
        () => [logits(), target()],
      );
    }
    check(
      'crossEntropy, labelSmoothing',
      (l, t) => ops.crossEntropy(l, t!, { labelSmoothing: 0.2 }),
      () => [logits(), target()],
    );
    check(
      'crossEntropy, default ignoreIndex -100',
      (l, t) => ops.crossEntropy(l, t!),
      () => [logits(), int32([0, -100, 1, 2])],
    );
    check(
      'crossEntropy, ignoreIndex',
      (l, t) => ops.crossEntropy(l, t!, { ignoreIndex: 1 }),
      () => [logits(), int32([0, 1, 2, 1])],
    );
    check(
      'crossEntropy, ignoreIndex with labelSmoothing, reduction none',
      (l, t) => ops.crossEntropy(l, t!, { ignoreIndex: 1, labelSmoothing: 0.1, reduction: 'none' }),
      () => [logits(), int32([0, 1, 2, 1])],
    );
    check(
      'crossEntropy, [9, 7] logits, ignored rows, labelSmoothing, reduction sum',
      (l, t) => ops.crossEntropy(l, t!, { labelSmoothing: 0.25, reduction: 'sum' }),
      () => [randn([9, 7]).mul(3), int32([6, -100, 0, 3, 3, 5, -100, 1, 2])],
    );
    check(
      'crossEntropy, K-dim [2, 5, 3] logits, ignoreIndex, reduction mean',
      (l, t) => ops.crossEntropy(l, t!, { ignoreIndex: 4 }),
      () => [randn([2, 5, 3]), int32([0, 4, 1, 2, 4, 3]).reshape([2, 3])],
    );
    check(
      'crossEntropy, probability targets',
      (l, p) => ops.crossEntropy(l, p!),
      () => [logits(), randn([4, 3]).softmax(1)],
    );
    check(
      'crossEntropy, probability targets with labelSmoothing, reduction none',
      (l, p) => ops.crossEntropy(l, p!, { labelSmoothing: 0.3, reduction: 'none' }),
      () => [logits(), randn([4, 3]).softmax(1)],
    );
    check(
      'crossEntropy, K-dim logits [N, C, d]',
      (l, t) => ops.crossEntropy(l, t!),
      () => [randn([2, 3, 4]), int32([0, 1, 2, 2, 1, 0, 0, 2]).reshape([2, 4])],
    );
    check(
      'crossEntropy, K-dim probability targets',
      (l, p) => ops.crossEntropy(l, p!, { reduction: 'sum' }),
      () => [randn([2, 3, 2]), randn([2, 3, 2]).softmax(1)],
    );
    check(
      'crossEntropy, unbatched [C] logits',
      (l, t) => ops.crossEntropy(l, t!),
      () => [randn([5]), int32([3]).reshape([])],
    );
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      check(
        `mseLoss, reduction '${reduction}'`,
        (a, b) => ops.mseLoss(a, b!, { reduction }),
        () => [randn([2, 3]), randn([2, 3])],
      );
    }
  });
}

function batchNormChecks(): void {
  describe('batchNorm', () => {
    const x = () => randn([3, 2, 2, 2]);
    // Running statistics are inputs (recreated for every evaluation) but not differentiated: they are buffers.
    check(
      'training, affine, with running statistics',
      (a, rm, rv, w, b) => ops.batchNorm(a, rm!, rv!, w, b, { training: true }),
      () => [x(), ops.zeros([2]), ops.ones([2]), randn([2]), randn([2])],
      { check: [true, false, false, true, true] },
    );
    check(
      'training, no affine, no running statistics',
      (a) => ops.batchNorm(a, null, null, null, null, { training: true }),
      () => [x()],
    );
    check(
      'training, 2-D input [N, C]',
      (a, w, b) => ops.batchNorm(a, null, null, w, b, { training: true }),
      () => [randn([4, 3]), randn([3]), randn([3])],
    );
    for (const activation of FUSED_ACTIVATIONS) {
      check(
        `training, affine, activation '${activation}'`,
        (a, w, b) => ops.batchNorm(a, null, null, w, b, { training: true, activation }),
        () => [x(), randn([2]), randn([2])],
      );
    }
    check(
      "eval, affine, activation 'sigmoid'",
      (a, rm, rv, w, b) => ops.batchNorm(a, rm!, rv!, w, b, { activation: 'sigmoid' }),
      () => [x(), randn([2]), positive([2]), randn([2]), randn([2])],
      { check: [true, false, false, true, true] },
    );
    check(
      'eval, affine',
      (a, rm, rv, w, b) => ops.batchNorm(a, rm!, rv!, w, b),
      () => [x(), randn([2]), positive([2]), randn([2]), randn([2])],
      { check: [true, false, false, true, true] },
    );
  });
}

function convChecks(): void {
  describe('conv2d', () => {
    const x = () => randn([1, 2, 5, 5]);
    const w = () => randn([3, 2, 3, 3]);
    const b = () => randn([3]);
    // Positive inputs and filters of one sign per output channel put every output at least 2 from
    // relu's kink (each of at least 8 products is over 0.25), so both sides of it are checked.
    const signedChannels = () => [
      positive([1, 2, 5, 5]),
      positive([3, 2, 3, 3]).mul(signs(3).reshape([3, 1, 1, 1])),
      randn([3]).mul(0.1),
    ];
    check(
      'bias, no padding',
      (a, k, c) => ops.conv2d(a, k!, c),
      () => [x(), w(), b()],
    );
    check(
      'no bias',
      (a, k) => ops.conv2d(a, k!),
      () => [x(), w()],
    );
    for (const activation of FUSED_ACTIVATIONS) {
      check(
        `bias, padding 1, activation '${activation}'`,
        (a, k, c) => ops.conv2d(a, k!, c, { padding: 1, activation }),
        () => (activation === 'relu' ? signedChannels() : [x(), w(), b()]),
      );
    }
    check(
      "no bias, stride 2, activation 'sigmoid'",
      (a, k) => ops.conv2d(a, k!, null, { stride: 2, activation: 'sigmoid' }),
      () => [x(), w()],
    );
    check(
      'stride 2, padding 1',
      (a, k, c) => ops.conv2d(a, k!, c, { stride: 2, padding: 1 }),
      () => [x(), w(), b()],
    );
    check(
      'stride [2, 1], padding [1, 0]',
      (a, k, c) => ops.conv2d(a, k!, c, { stride: [2, 1], padding: [1, 0] }),
      () => [x(), w(), b()],
    );
    check(
      "padding 'same'",
      (a, k, c) => ops.conv2d(a, k!, c, { padding: 'same' }),
      () => [x(), w(), b()],
    );
    check(
      "padding 'same' with an even kernel",
      (a, k) => ops.conv2d(a, k!, null, { padding: 'same' }),
      () => [x(), randn([2, 2, 2, 2])],
    );
    for (const paddingMode of ['reflect', 'circular', 'replicate'] as const) {
      check(
        `paddingMode '${paddingMode}'`,
        (a, k, c) => ops.conv2d(a, k!, c, { padding: 1, paddingMode }),
        () => [x(), w(), b()],
      );
    }
    check(
      "paddingMode 'reflect' with padding 'same'",
      (a, k) => ops.conv2d(a, k!, null, { padding: 'same', paddingMode: 'reflect' }),
      () => [x(), w()],
    );
    check(
      'dilation 2, padding 2',
      (a, k, c) => ops.conv2d(a, k!, c, { dilation: 2, padding: 2 }),
      () => [x(), w(), b()],
    );
    check(
      'groups 2',
      (a, k, c) => ops.conv2d(a, k!, c, { groups: 2, padding: 1 }),
      () => [randn([1, 4, 4, 4]), randn([4, 2, 2, 2]), randn([4])],
    );
    check(
      'batch of 2',
      (a, k, c) => ops.conv2d(a, k!, c, { padding: 1 }),
      () => [randn([2, 2, 4, 4]), w(), b()],
    );
    check(
      'unbatched 3-D input',
      (a, k, c) => ops.conv2d(a, k!, c),
      () => [randn([2, 5, 5]), w(), b()],
    );
    check(
      'corr2d',
      (a, k) => ops.corr2d(a, k!),
      () => [randn([4, 5]), randn([2, 3])],
    );
  });
}

function poolChecks(): void {
  describe('pooling', () => {
    const d = () => [distinct([1, 2, 5, 5])];
    const x = () => [randn([1, 2, 5, 5])];
    check('maxPool2d (no ties)', (a) => ops.maxPool2d(a, 2), d);
    check('maxPool2d, stride 2, padding 1 (no ties)', (a) => ops.maxPool2d(a, 3, { stride: 2, padding: 1 }), d);
    check('maxPool2d, stride 1, dilation 2 (no ties)', (a) => ops.maxPool2d(a, 2, { stride: 1, dilation: 2 }), d);
    check('maxPool2d, ceilMode (no ties)', (a) => ops.maxPool2d(a, 2, { ceilMode: true }), d);
    check(
      'maxPool2d, kernel [3, 2], stride [2, 1], padding [1, 0] (no ties)',
      (a) => ops.maxPool2d(a, [3, 2], { stride: [2, 1], padding: [1, 0] }),
      d,
    );
    check(
      'maxPool2d, unbatched (no ties)',
      (a) => ops.maxPool2d(a, 2),
      () => [distinct([2, 4, 4])],
    );
    check('avgPool2d', (a) => ops.avgPool2d(a, 2), x);
    check('avgPool2d, stride 2, padding 1', (a) => ops.avgPool2d(a, 3, { stride: 2, padding: 1 }), x);
    check(
      'avgPool2d, padding 1, countIncludePad false',
      (a) => ops.avgPool2d(a, 3, { stride: 2, padding: 1, countIncludePad: false }),
      x,
    );
    check('avgPool2d, ceilMode', (a) => ops.avgPool2d(a, 2, { ceilMode: true }), x);
    check(
      'avgPool2d, ceilMode, padding 1, countIncludePad false',
      (a) => ops.avgPool2d(a, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
      () => [randn([1, 2, 6, 6])],
    );
    check('avgPool2d, divisorOverride', (a) => ops.avgPool2d(a, 2, { divisorOverride: 3 }), x);
    check(
      'avgPool2d, unbatched',
      (a) => ops.avgPool2d(a, 2, { stride: 1 }),
      () => [randn([2, 4, 4])],
    );
    check(
      'adaptiveAvgPool2d, divisible',
      (a) => ops.adaptiveAvgPool2d(a, [2, 3]),
      () => [randn([1, 2, 4, 6])],
    );
    check('adaptiveAvgPool2d, non-divisible', (a) => ops.adaptiveAvgPool2d(a, 3), x);
    check('adaptiveAvgPool2d to 1x1', (a) => ops.adaptiveAvgPool2d(a, 1), x);
    check(
      'adaptiveAvgPool2d, [2, null], unbatched',
      (a) => ops.adaptiveAvgPool2d(a, [2, null]),
      () => [randn([2, 5, 3])],
    );
    check(
      'adaptiveMaxPool2d, divisible (no ties)',
      (a) => ops.adaptiveMaxPool2d(a, [2, 3]),
      () => [distinct([1, 2, 4, 6])],
    );
    check('adaptiveMaxPool2d, non-divisible (no ties)', (a) => ops.adaptiveMaxPool2d(a, 3), d);
    check('adaptiveMaxPool2d to 1x1 (no ties)', (a) => ops.adaptiveMaxPool2d(a, 1), d);
    check(
      'adaptiveMaxPool2d, [3, 2], unbatched (no ties)',
      (a) => ops.adaptiveMaxPool2d(a, [3, 2]),
      () => [distinct([2, 5, 7])],
    );
  });
}

function copyChecks(ctx: ConformanceContext): void {
  describe('casts and copies', () => {
    it.skipIf(!ctx.float64)('cast float64 -> float32 -> float64 round trip (needs float64)', () => {
      const result = tidy(() => gradcheck((a) => a.float().double(), [randn([2, 3])], { eps: ROUND_TRIP_STEP }));
      expect(result.dtype).toBe('float64');
    });
    check(
      'clone',
      (a) => a.clone(),
      () => [randn([2, 3])],
    );
    check(
      'clone feeding a product with its source',
      (a) => a.clone().mul(a),
      () => [randn([2, 3])],
    );
    check(
      `toBackend to the same backend`,
      (a) => ops.toBackend(a, ctx.backend).mul(a),
      () => [randn([2, 3])],
    );
    check(
      'dropout with a fixed seed',
      (a) => {
        // Reseeding draws the same mask at every evaluation, so the function is deterministic.
        manualSeed(1);
        return ops.dropout(a, 0.5);
      },
      () => [randn([3, 4])],
    );
    check(
      'dropout, not training',
      (a) => ops.dropout(a, 0.5, false),
      () => [randn([3, 4])],
    );
  });
}

/**
 * Finite-difference gradient checks of every differentiable op, through whichever kernels the
 * backend has: fused ones where it registers them, the composites of required kernels otherwise.
 */
export function defineGradientTests(ctx: ConformanceContext): void {
  describe('gradients (finite differences)', () => {
    unaryChecks();
    binaryChecks();
    selectionChecks();
    reductionChecks();
    matmulChecks();
    shapeChecks();
    padChecks();
    softmaxAndLossChecks();
    batchNormChecks();
    convChecks();
    poolChecks();
    copyChecks(ctx);
  });
}
