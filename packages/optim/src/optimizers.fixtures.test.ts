import '@strata/backend-cpu';
import { type DType, type Tensor, tensor } from '@strata/core';
import { expectClose, type Tolerance } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/optimizers.json' with { type: 'json' };
import { Adam, type AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';
import type { Optimizer, ParamGroup } from './optimizer.js';
import { SGD, type SGDOptions } from './sgd.js';

/**
 * float64 against PyTorch's float64. The updates use PyTorch's operation order, so they agree to
 * about an ulp (measured: 2.2e-16 at worst); what is left is `beta ** step` (JS and C `pow`).
 */
const FLOAT64_STEP_TOLERANCE: Tolerance = { atol: 1e-14, rtol: 1e-12 };
/** float32 against the float64 reference: gradients rounded to float32, 5 updates (measured: 1.4e-7). */
const FLOAT32_STEP_TOLERANCE: Tolerance = { atol: 1e-6, rtol: 1e-6 };

interface FixtureTensor {
  shape: number[];
  data: number[];
}

type ParamName = 'w' | 'b';

interface OptimizerCase {
  name: string;
  optimizer: 'SGD' | 'Adam' | 'AdamW';
  options: Record<string, unknown>;
  groups: ({ params: ParamName[] } & Record<string, unknown>)[] | null;
  initial: Record<ParamName, FixtureTensor>;
  steps: { grads: Record<ParamName, FixtureTensor | null>; params: Record<ParamName, FixtureTensor> }[];
  stateDict: { state: Record<string, Record<string, FixtureTensor | number>>; paramGroups: Record<string, unknown>[] };
}

const CASES = fixtures.cases as unknown as OptimizerCase[];
const NAMES: ParamName[] = ['w', 'b'];

function fromFixture(t: FixtureTensor, dtype: DType, requiresGrad = false): Tensor {
  return tensor(Float64Array.from(t.data), { shape: t.shape, dtype, requiresGrad });
}

function makeParams(c: OptimizerCase, dtype: DType): Record<ParamName, Tensor> {
  return { w: fromFixture(c.initial.w, dtype, true), b: fromFixture(c.initial.b, dtype, true) };
}

function makeOptimizer(c: OptimizerCase, params: Record<ParamName, Tensor>): Optimizer {
  const groups =
    c.groups === null
      ? [params.w, params.b]
      : c.groups.map(({ params: names, ...options }) => ({ ...options, params: names.map((n) => params[n]) }));
  switch (c.optimizer) {
    case 'SGD':
      return new SGD(groups as ParamGroup<Required<SGDOptions>>[], c.options as unknown as SGDOptions);
    case 'Adam':
      return new Adam(groups as ParamGroup<Required<AdamOptions>>[], c.options as AdamOptions);
    case 'AdamW':
      return new AdamW(groups as ParamGroup<Required<AdamOptions>>[], c.options as AdamOptions);
  }
}

function runStep(c: OptimizerCase, i: number, opt: Optimizer, params: Record<ParamName, Tensor>, dtype: DType): void {
  opt.zeroGrad();
  for (const n of NAMES) {
    const g = c.steps[i]!.grads[n];
    params[n].grad = g === null ? null : fromFixture(g, dtype);
  }
  opt.step();
}

function clone(params: Record<ParamName, Tensor>): Record<ParamName, Tensor> {
  const copy = (p: Tensor): Tensor => {
    const c = p.detach().clone();
    c.requiresGrad = true;
    return c;
  };
  return { w: copy(params.w), b: copy(params.b) };
}

function checkTrajectory(c: OptimizerCase, dtype: DType, tolerance: Tolerance): void {
  const params = makeParams(c, dtype);
  const opt = makeOptimizer(c, params);
  const objects = { ...params };
  c.steps.forEach((step, i) => {
    runStep(c, i, opt, params, dtype);
    for (const n of NAMES)
      expectClose(params[n], step.params[n].shape, step.params[n].data, tolerance, `${c.name} step ${i + 1} ${n}`);
  });
  // Updates are in place: a model holding the tensors sees them.
  expect(params.w).toBe(objects.w);
  expect(params.b).toBe(objects.b);
}

describe.each(['SGD', 'Adam', 'AdamW'])('%s against PyTorch', (kind) => {
  const cases = CASES.filter((c) => c.optimizer === kind);

  it.each(cases.map((c) => [c.name, c] as const))('%s [float64]', (_, c) => {
    checkTrajectory(c, 'float64', FLOAT64_STEP_TOLERANCE);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s [float32]', (_, c) => {
    checkTrajectory(c, 'float32', FLOAT32_STEP_TOLERANCE);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s: stateDict matches PyTorch state_dict()', (_, c) => {
    const params = makeParams(c, 'float64');
    const opt = makeOptimizer(c, params);
    for (let i = 0; i < c.steps.length; i++) runStep(c, i, opt, params, 'float64');
    const sd = opt.stateDict();
    expect(sd.paramGroups).toEqual(c.stateDict.paramGroups);
    expect(Object.keys(sd.state).sort()).toEqual(Object.keys(c.stateDict.state).sort());
    for (const [index, expected] of Object.entries(c.stateDict.state)) {
      const actual = sd.state[Number(index)]!;
      expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
      for (const [key, value] of Object.entries(expected)) {
        if (typeof value === 'number') expect(actual[key]).toBe(value);
        else
          expectClose(
            actual[key] as Tensor,
            value.shape,
            value.data,
            FLOAT64_STEP_TOLERANCE,
            `${c.name} state[${index}].${key}`,
          );
      }
    }
  });

  it.each(cases.map((c) => [c.name, c] as const))(
    '%s: resumes bit-identically from stateDict after 3 steps',
    (_, c) => {
      for (const dtype of ['float64', 'float32'] as const) {
        const params = makeParams(c, dtype);
        const opt = makeOptimizer(c, params);
        for (let i = 0; i < 3; i++) runStep(c, i, opt, params, dtype);
        const resumedParams = clone(params);
        const resumed = makeOptimizer(c, resumedParams);
        resumed.loadStateDict(opt.stateDict());
        for (let i = 3; i < c.steps.length; i++) {
          runStep(c, i, opt, params, dtype);
          runStep(c, i, resumed, resumedParams, dtype);
        }
        for (const n of NAMES)
          expect(resumedParams[n].dataSync(), `${c.name} ${dtype} ${n}`).toEqual(params[n].dataSync());
      }
    },
  );
});
