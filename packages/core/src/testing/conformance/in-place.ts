import { describe, expect, it } from 'vitest';
import { noGrad } from '../../autograd/grad-mode.js';
import type { DType } from '../../dtype.js';
import { memory, tidy } from '../../engine/engine.js';
import { AutogradError, DTypeError, ShapeError } from '../../errors.js';
import * as ops from '../../ops/index.js';
import { tensor } from '../../ops/creation.js';
import type { Tensor } from '../../tensor.js';
import inPlace from '../__fixtures__/in-place.json' with { type: 'json' };
import { expectClose } from '../expect-close.js';
import { gradcheck } from '../gradcheck.js';
import { FLOAT32_TOLERANCE, FLOAT64_TOLERANCE, type Tolerance } from '../tolerances.js';
import type { ConformanceContext } from './context.js';
import { type FixtureTensor, fixtureTensor } from './fixture-cases.js';

type Scenario = (...inputs: Tensor[]) => Record<string, Tensor>;

/**
 * The scenarios of `packages/core/scripts/indexing_fixtures.py`, line for line: each is the
 * PyTorch function of the same name written with strata's in-place ops and indexing.
 */
const SCENARIOS: Record<string, Scenario> = {
  'relu_ on a product': (a, b) => {
    const y = a.mul(b);
    y.relu_();
    return { out: y.mul(2) };
  },
  'add_ of a tensor that requires grad (Y += X in Residual)': (a, w) => {
    const Y = a.mul(w);
    Y.add_(a);
    return { out: Y.relu() };
  },
  'mul_ by a tensor that requires grad': (a, b) => ({ out: a.mul(1).mul_(b) }),
  'div_ by a tensor that requires grad': (a, b) => ({ out: a.mul(1).div_(b.abs().add(1)) }),
  'sub_ with alpha then used twice': (a, b) => {
    const c = a.mul(2).sub_(b, { alpha: 3 });
    return { out: c.mul(c) };
  },
  'sigmoid_ then mul': (a, b) => ({ out: a.mul(3).sigmoid_().mul(b) }),
  'clamp_ inside the bounds and at them': (a, b) => ({ out: a.mul(2).clamp_(-0.5, 0.5).mul(b) }),
  'pow_ by 2': (a) => ({ out: a.mul(1).pow_(2) }),
  'exp_ then used': (a, b) => ({ out: a.mul(1).exp_().mul(b) }),
  'fill_ cuts the gradient of the old value': (a, b) => ({ out: a.mul(2).fill_(3).mul(b) }),
  'zero_ cuts the gradient of the old value': (a, b) => ({ out: a.mul(2).zero_().add(b) }),
  'copy_ from a tensor that requires grad': (a, b) => {
    const c = a.mul(1);
    c.copy_(b);
    return { out: c.mul(c) };
  },
  'd2l corr2d writing Y[i, j] in a loop': (X, K) => {
    const [h, w] = K.shape as [number, number];
    const Y = ops.zeros([X.shape[0]! - h + 1, X.shape[1]! - w + 1], { dtype: X.dtype });
    for (let i = 0; i < Y.shape[0]!; i++) {
      for (let j = 0; j < Y.shape[1]!; j++) {
        Y.indexPut_(
          [i, j],
          X.index(ops.slice(i, i + h), ops.slice(j, j + w))
            .mul(K)
            .sum(),
        );
      }
    }
    return { out: Y };
  },
  'setitem on a non-leaf with a slice of another': (a, b) => {
    const c = a.mul(1);
    c.indexPut_(':, 1:', b.index(':, :2').mul(2));
    return { out: c };
  },
  'setitem with a mask taken from the tensor': (a) => {
    const c = a.mul(1);
    c.indexPut_(c.gt(0), 0);
    return { out: c.mul(a) };
  },
  'index_put_ with accumulate on a non-leaf': (a, b) => ({
    out: a.mul(1).indexPut_([tensor([0, 2, 0], { dtype: 'int32' })], b, { accumulate: true }),
  }),
  'write through a reshape rebases the base': (a, b) => {
    const c = a.mul(1);
    c.view([-1]).mul_(b.view([-1]));
    return { out: c };
  },
  'write through a reshape of a plain tensor makes it require grad': (a, b) => {
    const y = ops.zeros([4], { dtype: a.dtype });
    const v = y.view([2, 2]);
    v.indexPut_([0, 1], a.mul(b).sum());
    return { out: y.mul(1), view: v.mul(1) };
  },
  'a write through detach() is seen but not differentiated': (a, b) => {
    const c = a.mul(1);
    c.detach().mul_(2);
    return { out: c.mul(b), c: c.mul(1) };
  },
  'error: in-place on a leaf that requires grad': (a) => ({ out: a.add_(1) }),
  'error: in-place on a reshape of a leaf that requires grad': (a) => ({ out: a.view([-1]).mul_(2) }),
  'error: relu_ overwrites the output exp saved': (a) => ({ out: a.exp().relu_() }),
  'error: tanh_ twice overwrites the output the first saved': (a) => {
    const c = a.mul(1);
    c.tanh_();
    c.tanh_();
    return { out: c };
  },
  'error: mul_ of a tensor by itself': (a) => {
    const c = a.mul(1);
    return { out: c.mul_(c) };
  },
  'error: a write through detach() after the value was saved': (a, b) => {
    const c = a.mul(1);
    const out = c.mul(b);
    c.detach().add_(1);
    return { out };
  },
};

interface InPlaceCase {
  name: string;
  inputs: Record<string, FixtureTensor>;
  outputs?: Record<string, FixtureTensor>;
  dy?: FixtureTensor;
  grads?: Record<string, FixtureTensor>;
  error?: 'leaf' | 'view-of-leaf' | 'version';
}

/** The part of PyTorch's message each refusal repeats. */
const ERRORS = {
  leaf: /a leaf Variable that requires grad is being used in an in-place operation/,
  'view-of-leaf': /a view of a leaf Variable that requires grad is being used in an in-place operation/,
  version: /one of the variables needed for gradient computation has been modified by an inplace operation/,
};

function runCase(c: InPlaceCase, dtype: DType, tolerance: Tolerance): void {
  const scenario = SCENARIOS[c.name];
  if (scenario === undefined) throw new Error(`in-place fixture '${c.name}' has no scenario here`);
  const inputs = Object.values(c.inputs).map((t) => fixtureTensor(t, dtype, true));
  if (c.error !== undefined) {
    const attempt = () => {
      const { out } = scenario(...inputs);
      out!.backward(out!.onesLike());
    };
    expect(attempt).toThrow(AutogradError);
    expect(attempt).toThrow(ERRORS[c.error]);
    return;
  }
  const outputs = scenario(...inputs);
  for (const [name, expected] of Object.entries(c.outputs!)) {
    expectClose(outputs[name]!, expected.shape, expected.data, tolerance, `${c.name} output ${name}`);
  }
  outputs.out!.backward(fixtureTensor(c.dy!, dtype));
  Object.entries(c.grads!).forEach(([name, expected], i) => {
    const leaf = inputs[i]!;
    expectClose(leaf.grad ?? leaf.zerosLike(), expected.shape, expected.data, tolerance, `${c.name} grad ${name}`);
  });
}

function fixtureChecks(ctx: ConformanceContext): void {
  describe(`in-place.json (PyTorch ${inPlace.torch} fixtures)`, () => {
    for (const c of inPlace.cases as unknown as InPlaceCase[]) {
      it(`${c.name} [float32]`, () => tidy(() => runCase(c, 'float32', FLOAT32_TOLERANCE)));
      if (ctx.float64) it(`${c.name} [float64]`, () => tidy(() => runCase(c, 'float64', FLOAT64_TOLERANCE)));
    }
  });
}

function aliasChecks(): void {
  describe('aliases share storage', () => {
    it('a write through a reshape, a view or a detach() is seen by every alias', () => {
      const x = ops.arange(6, { dtype: 'float32' });
      const grid = x.reshape([2, 3]);
      const flat = grid.view([-1]);
      const detached = x.detach();
      grid.add_(1);
      expect(x.toArray()).toEqual([1, 2, 3, 4, 5, 6]);
      detached.mul_(2);
      expect(flat.toArray()).toEqual([2, 4, 6, 8, 10, 12]);
      x.zero_();
      expect(grid.sum().item() + detached.sum().item()).toBe(0);
    });

    it("w.detach().normal_() initialises w, as d2l's net[0].weight.data.normal_(0, 0.01)", () => {
      const w = ops.zeros([50, 4], { requiresGrad: true });
      w.detach().normal_(0, 0.01);
      expect(w.abs().max().item()).toBeGreaterThan(0);
      expect(w.abs().max().item()).toBeLessThan(0.1);
      expect(w.isLeaf && w.requiresGrad).toBe(true);
      w.detach().fill_(1);
      expect(w.sum().item()).toBe(200);
    });

    it('the error names the op that saved the tensor and the in-place op that wrote it', () => {
      const a = ops.tensor([1, 2], { requiresGrad: true });
      const y = a.exp();
      y.sigmoid_();
      expect(() => y.sum().backward()).toThrow(
        /backward: a tensor of shape \[2\] saved by ExpBackward was modified in place by sigmoid_ after it was saved/,
      );
    });

    it('in-place errors name the in-place op and its out-of-place form', () => {
      expect(() => ops.zeros([2]).add_(ops.zeros([3, 2]))).toThrow(ShapeError);
      expect(() => ops.zeros([2]).add_(ops.zeros([3, 2]))).toThrow(/^add_: .*x\.add\(\.\.\.\)/);
      expect(() => ops.zeros([2]).add_(ops.zeros([3]))).toThrow(/^add_: expected shapes that broadcast/);
      expect(() => ops.zeros([2], { dtype: 'int32' }).add_(1.5)).toThrow(DTypeError);
      expect(() => ops.zeros([2], { dtype: 'int32' }).div_(2)).toThrow(/^div_: expected a result that can be written/);
      const w = ops.ones([2], { requiresGrad: true });
      expect(() => w.mul_(2)).toThrow(/^mul_: .*noGrad\(\(\) => \.\.\.\), or use the out-of-place x\.mul\(\.\.\.\)/);
      expect(noGrad(() => w.mul_(2)).toArray()).toEqual([2, 2]);
      expect(() => w.fill_(0)).toThrow(/^fill_: .*or use the out-of-place fullLike\(x, value\)\.$/);
    });

    it('an int32 tensor takes an int result and a float tensor a bool one (PyTorch casts)', () => {
      expect(ops.tensor([1, 2], { dtype: 'int32' }).mul_(3).toArray()).toEqual([3, 6]);
      const w = ops.tensor([3, -7, 5]);
      w.mul_(w.abs().ge(5));
      expect(w.toArray()).toEqual([0, -7, 5]);
    });

    it('a recorded in-place op frees its snapshot of the old value unless a gradient needs it', () => {
      const a = ops.tensor([1, -2, 3], { requiresGrad: true });
      const b = ops.tensor([2, 2, 2], { requiresGrad: true });
      const y = a.mul(b);
      const w = a.mul(b);
      const before = memory().numTensors;
      y.add_(b);
      y.relu_();
      expect(memory().numTensors).toBe(before);
      // mul's gradient for b reads the old value of w: the snapshot stays, with the graph.
      w.mul_(b);
      expect(memory().numTensors).toBe(before + 1);
      y.sum().add(w.sum()).backward();
      // y = relu(a b + b), w = a b^2.
      expect(a.grad!.toArray()).toEqual([6, 4, 6]);
      expect(b.grad!.toArray()).toEqual([6, -8, 16]);
    });

    it('an in-place op leaves the live tensor count unchanged outside autograd', () => {
      const x = ops.tensor([1, 2, 3]);
      const before = memory().numTensors;
      x.add_(1).relu_().clamp_(0, 3).indexPut_(0, 5);
      expect(memory().numTensors).toBe(before);
      expect(x.toArray()).toEqual([5, 3, 3]);
    });
  });
}

function gradientChecks(): void {
  describe('in-place gradients (finite differences)', () => {
    it('a chain of recorded in-place ops on a non-leaf, with a reshape alias rebased', () => {
      const fn = (x: Tensor, w: Tensor) => {
        const y = x.mul(w).add(0.05);
        const flat = y.view([-1]);
        y.mul_(w).sub_(x, { alpha: 0.5 });
        flat.tanh_();
        return y.mul(x).sigmoid_();
      };
      const result = tidy(() => gradcheck(fn, [ops.randn([2, 3]), ops.randn([2, 3])]));
      expect(result.checked).toBe(12);
    });

    it('a write through one reshape reaches the gradient of every other reshape of the buffer', () => {
      const fn = (x: Tensor, w: Tensor) => {
        const y = x.mul(w).add(0.05);
        const grid = y.view([3, 2]);
        const flat = grid.reshape([-1]);
        const column = y.reshape([6, 1]);
        // Through an alias of an alias; then through an alias that has not seen that write yet.
        flat.mul_(w.view([-1]));
        grid.tanh_();
        return column.mul(x.reshape([6, 1])).add(y.view([-1, 1]));
      };
      const result = tidy(() => gradcheck(fn, [ops.randn([2, 3]), ops.randn([2, 3])]));
      expect(result.checked).toBe(12);
    });

    it("the chapter's residual Y += X and relu_", () => {
      const fn = (x: Tensor, w: Tensor) => {
        const Y = x.matmul(w);
        Y.add_(x);
        return Y.relu_();
      };
      // Inputs in (0.5, 1.5): Y stays away from relu's kink at 0.
      const result = tidy(() => gradcheck(fn, [ops.rand([3, 3]).add(0.5), ops.rand([3, 3]).add(0.5)]));
      expect(result.checked).toBe(18);
    });
  });
}

/** In-place ops under autograd (PyTorch's rebased histories and version counters) and alias semantics. */
export function defineInPlaceTests(ctx: ConformanceContext): void {
  describe('in-place ops', () => {
    fixtureChecks(ctx);
    gradientChecks();
    aliasChecks();
  });
}
