import type { DType } from '../../dtype.js';
import { tensor } from '../../ops/creation.js';
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor.js';
import adaptivePool2d from '../__fixtures__/adaptive-pool2d.json' with { type: 'json' };
import activations from '../__fixtures__/activations.json' with { type: 'json' };
import batchNormCases from '../__fixtures__/batch-norm.json' with { type: 'json' };
import conv2d from '../__fixtures__/conv2d.json' with { type: 'json' };
import losses from '../__fixtures__/losses.json' with { type: 'json' };
import matmul from '../__fixtures__/matmul.json' with { type: 'json' };
import pad from '../__fixtures__/pad.json' with { type: 'json' };
import pool2d from '../__fixtures__/pool2d.json' with { type: 'json' };
import reductions from '../__fixtures__/reductions.json' with { type: 'json' };

/** A tensor as the fixture files store it. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
  dtype?: string;
}

/** One case of `packages/core/scripts/make-fixtures.py`. */
export interface FixtureCase {
  name: string;
  op: string;
  inputs: Record<string, FixtureTensor>;
  args: unknown[];
  options: Record<string, unknown>;
  output: FixtureTensor;
  dy?: FixtureTensor;
  grads?: Record<string, FixtureTensor>;
  runningMeanAfter?: FixtureTensor;
  runningVarAfter?: FixtureTensor;
}

/** Every fixture file, by name. */
export const FIXTURE_FILES: Record<string, { torch: string; cases: FixtureCase[] }> = {
  'adaptive-pool2d': adaptivePool2d,
  activations,
  'batch-norm': batchNormCases,
  conv2d,
  losses,
  matmul,
  pad,
  pool2d,
  reductions,
} as unknown as Record<string, { torch: string; cases: FixtureCase[] }>;

/** A fixture tensor on the current backend, in `floatDType` unless it is integer. */
export function fixtureTensor(t: FixtureTensor, floatDType: DType, requiresGrad = false): Tensor {
  const dtype = t.dtype === 'int32' ? 'int32' : floatDType;
  return tensor(Float64Array.from(t.data), { dtype, shape: t.shape, requiresGrad: requiresGrad && dtype !== 'int32' });
}

type Options = Record<string, unknown>;
type Call = (inputs: Record<string, Tensor>, args: unknown[], options: Options) => Tensor;

const opt = <T>(options: Options): T => options as T;

/**
 * How each fixture `op` is called in strata: tensors positional in the fixture's order
 * (missing optional tensors as `undefined`), then `args`, then `options`.
 */
export const FIXTURE_CALLS: Record<string, Call> = {
  conv2d: ({ x, weight, bias }, _args, o) => ops.conv2d(x!, weight!, bias, opt(o)),
  maxPool2d: ({ x }, [k], o) => ops.maxPool2d(x!, k as number, opt(o)),
  avgPool2d: ({ x }, [k], o) => ops.avgPool2d(x!, k as number, opt(o)),
  adaptiveAvgPool2d: ({ x }, [size]) => ops.adaptiveAvgPool2d(x!, size as number),
  adaptiveMaxPool2d: ({ x }, [size]) => ops.adaptiveMaxPool2d(x!, size as number),
  softmax: ({ x }, [dim]) => ops.softmax(x!, dim as number),
  logSoftmax: ({ x }, [dim]) => ops.logSoftmax(x!, dim as number),
  logsumexp: ({ x }, [dim, keepdim]) => ops.logsumexp(x!, dim as number, keepdim as boolean | undefined),
  sigmoid: ({ x }) => ops.sigmoid(x!),
  tanh: ({ x }) => ops.tanh(x!),
  relu: ({ x }) => ops.relu(x!),
  crossEntropy: ({ logits, target }, _args, o) => ops.crossEntropy(logits!, target!, opt(o)),
  mseLoss: ({ input, target }, _args, o) => ops.mseLoss(input!, target!, opt(o)),
  var: ({ x }, [dim], o) => ops.variance(x!, dim as number | undefined, opt(o)),
  std: ({ x }, [dim], o) => ops.std(x!, dim as number | undefined, opt(o)),
  mean: ({ x }, [dim, keepdim]) => ops.mean(x!, dim as number | undefined, keepdim as boolean | undefined),
  sum: ({ x }, [dim, keepdim]) => ops.sum(x!, dim as number | undefined, keepdim as boolean | undefined),
  max: ({ x }, [dim, keepdim]) => ops.max(x!, dim as number, keepdim as boolean | undefined).values,
  batchNorm: ({ x, runningMean, runningVar, weight, bias }, _args, o) =>
    ops.batchNorm(x!, runningMean ?? null, runningVar ?? null, weight, bias, opt(o)),
  matmul: ({ a, b }) => ops.matmul(a!, b!),
  linear: ({ x, weight, bias }, _args, o) => ops.linear(x!, weight!, bias, opt(o)),
  pad: ({ x }, [amounts], o) => ops.pad(x!, amounts as number[], opt(o)),
};
