import '@strata/backend-cpu';
import { ArgumentError, DTypeError, ShapeError, type Reduction, tensor, zeros } from '@strata/core';
import { expectClose } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DTYPES, type GoldenCase, type GoldenFile, goldenTensor } from '../__fixtures__/golden.js';
import lossesJson from '../__fixtures__/losses.json' with { type: 'json' };
import type { DType } from '@strata/core';
import { BCEWithLogitsLoss } from './bce-with-logits-loss.js';
import { CrossEntropyLoss } from './cross-entropy-loss.js';
import type { Loss } from './loss.js';
import { MSELoss } from './mse-loss.js';
import { NLLLoss } from './nll-loss.js';

const fixtures = lossesJson as unknown as GoldenFile;

function build(c: GoldenCase, dtype: DType): Loss {
  const o = c.options as { reduction?: Reduction; ignoreIndex?: number; labelSmoothing?: number };
  switch (c.layer) {
    case 'CrossEntropyLoss':
      return new CrossEntropyLoss(o);
    case 'MSELoss':
      return new MSELoss(o);
    case 'NLLLoss':
      return new NLLLoss(o);
    case 'BCEWithLogitsLoss': {
      const posWeight = c.stateDict?.pos_weight;
      return new BCEWithLogitsLoss({ ...o, posWeight: posWeight ? goldenTensor(posWeight, dtype) : null });
    }
    default:
      throw new Error(`no loss ${c.layer}`);
  }
}

describe.each(GOLDEN_DTYPES)('losses against PyTorch (%s)', (dtype, tolerance) => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const loss = build(c, dtype);
    expect(String(loss)).toBe(c.repr);
    const input = goldenTensor(c.input!, dtype, true);
    const output = loss.forward(input, goldenTensor(c.target!, dtype));
    expectClose(output, c.output!.shape, c.output!.data, tolerance, 'output');
    output.backward(goldenTensor(c.dy!, dtype));
    expectClose(input.grad!, c.grads!.input!.shape, c.grads!.input!.data, tolerance, 'grad input');
  });
});

describe('losses', () => {
  it('validate the reduction in the constructor', () => {
    expect(() => new MSELoss({ reduction: 'avg' as Reduction })).toThrow(
      new ArgumentError("MSELoss: expected reduction 'mean', 'sum' or 'none', got 'avg'."),
    );
    expect(() => new NLLLoss({ reduction: 'max' as Reduction })).toThrow(
      "NLLLoss: expected reduction 'mean', 'sum' or 'none', got 'max'.",
    );
    expect(() => new CrossEntropyLoss({ labelSmoothing: 1.5 })).toThrow(
      'CrossEntropyLoss: expected labelSmoothing in [0, 1], got 1.5.',
    );
    expect(new CrossEntropyLoss().reduction).toBe('mean');
  });

  it('NLLLoss checks dtypes, shapes and the range of the class indices', () => {
    const nll = new NLLLoss();
    const logp = zeros([2, 3]);
    expect(() => nll.forward(logp, tensor([0, 1]))).toThrow(
      new DTypeError('NLLLoss: expected int32 class indices as target, got dtype float32; cast them with .int().'),
    );
    expect(() => nll.forward(zeros([2, 3], { dtype: 'int32' }), tensor([0, 1], { dtype: 'int32' }))).toThrow(
      DTypeError,
    );
    expect(() => nll.forward(logp, tensor([0, 1, 2], { dtype: 'int32' }))).toThrow(
      new ShapeError('NLLLoss: expected target of shape [2] for input of shape [2, 3], got [3].'),
    );
    expect(() => nll.forward(logp, tensor([0, 3], { dtype: 'int32' }))).toThrow(
      new ArgumentError('NLLLoss: expected class indices in [0, 2] (or ignoreIndex -100), got values from 0 to 3.'),
    );
    expect(() => nll.forward(logp, tensor([-1, 0], { dtype: 'int32' }))).toThrow('got values from -1 to 0');
    expect(nll.forward(logp, tensor([-100, 2], { dtype: 'int32' })).item()).toBeCloseTo(0);
  });

  it('NLLLoss with every target ignored has a NaN mean, as PyTorch', () => {
    const out = new NLLLoss({ ignoreIndex: 1 }).forward(zeros([2, 3]), tensor([1, 1], { dtype: 'int32' }));
    expect(out.item()).toBeNaN();
  });

  it('BCEWithLogitsLoss is stable for large logits and has gradient sigmoid(x) - y at x = 0', () => {
    const bce = new BCEWithLogitsLoss({ reduction: 'none' });
    const big = bce.forward(tensor([1000, -1000], { dtype: 'float64' }), tensor([0, 1], { dtype: 'float64' }));
    expect(big.toArray()).toEqual([1000, 1000]);
    const x = tensor([0, 0], { dtype: 'float64', requiresGrad: true });
    bce
      .forward(x, tensor([0, 1], { dtype: 'float64' }))
      .sum()
      .backward();
    expect(x.grad!.toArray()).toEqual([0.5, -0.5]);
  });

  it('BCEWithLogitsLoss keeps pos_weight as a buffer and checks shapes and dtypes', () => {
    const bce = new BCEWithLogitsLoss({ posWeight: tensor([2, 1, 1]) });
    expect(Object.keys(bce.stateDict())).toEqual(['pos_weight']);
    expect(new BCEWithLogitsLoss().stateDict()).toEqual({});
    expect(() => bce.forward(zeros([2, 3]), zeros([3, 2]))).toThrow(
      new ShapeError(
        "BCEWithLogitsLoss: expected target of the input's shape [2, 3], got [3, 2]; reshape one of them.",
      ),
    );
    expect(() => bce.forward(zeros([2, 3]), zeros([2, 3], { dtype: 'int32' }))).toThrow(
      new DTypeError(
        'BCEWithLogitsLoss: expected a floating-point target (probabilities), got dtype int32; cast it with .float().',
      ),
    );
    expect(() => new BCEWithLogitsLoss({ posWeight: tensor([1], { dtype: 'int32' }) })).toThrow(DTypeError);
  });

  it('CrossEntropyLoss and MSELoss pass their options to the core ops', () => {
    const logits = tensor([
      [2, 0, 0],
      [0, 2, 0],
    ]);
    const target = tensor([0, 1], { dtype: 'int32' });
    expect(new CrossEntropyLoss().forward(logits, target).item()).toBeCloseTo(0.2395, 4);
    expect(new CrossEntropyLoss({ reduction: 'none', ignoreIndex: 1 }).forward(logits, target).dataSync()[1]).toBe(0);
    expect(new MSELoss({ reduction: 'sum' }).forward(tensor([1, 2]), tensor([1, 4])).item()).toBe(4);
    expect(() => new MSELoss().forward(zeros([2]), zeros([3]))).toThrow(ShapeError);
  });
});
