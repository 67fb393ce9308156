import { type Conv2dAttrs, computeConv2dInfo } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { measure } from '../measure.js';
import { checkClose } from '../numeric-check.js';
import { computeRatios } from '../ratios.js';
import type { EngineResult, WorkloadReport } from '../report.js';
import { disposeStrata, randomValues, runStrataKernel, writeStrata } from '../strata.js';
import { forEachStrataThreadCount } from '../threads.js';
import { notImplementedNote, type TfjsBackend, useTfjs } from '../tfjs.js';
import type { TimingPlan } from '../timing.js';

/**
 * A convolution shape: input `x` (N, C, H, W), `filter` (O, C, KH, KW), stride 1, `pad` on every
 * side. TensorFlow.js's CPU backend is slow (0.2 GFLOP/s forward, about 0.003 GFLOP/s for its
 * direct-loop backprop-filter), so it runs at `tfjsCpuBatch` images (GFLOP/s barely depends on the
 * batch), and its weight gradient is skipped where one call would take over a minute
 * (`tfjsCpuWeightGrad: false`).
 *
 * @example
 * ```ts
 * const c: ConvCase = { name: 'lenet-conv2', x: [256, 6, 14, 14], filter: [16, 6, 5, 5], pad: 0, tfjsCpuBatch: 8, tfjsCpuWeightGrad: true };
 * ```
 */
export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  pad: number;
  tfjsCpuBatch: number;
  tfjsCpuWeightGrad: boolean;
}

/** The three passes of a convolution layer's training step; each costs the same FLOPs. */
export const CONV_PASSES = ['forward', 'input-grad', 'weight-grad'] as const;
type ConvPass = (typeof CONV_PASSES)[number];

const TFJS_KERNELS = {
  forward: 'Conv2D',
  'input-grad': 'Conv2DBackpropInput',
  'weight-grad': 'Conv2DBackpropFilter',
} as const;
/** Slow reference calls (up to seconds each) are timed a couple of times. */
const SLOW_PLAN: TimingPlan = { warmUpMs: 0, minRuns: 2, maxRuns: 5, budgetMs: 1500 };

/** A case's tensors at one batch size, built from the same value stream whatever the batch. */
function convData(c: ConvCase, batch: number) {
  const xShape: [number, number, number, number] = [batch, c.x[1], c.x[2], c.x[3]];
  const attrs: Conv2dAttrs = { strides: [1, 1], pad: [c.pad, c.pad, c.pad, c.pad], dilations: [1, 1], groups: 1 };
  const info = computeConv2dInfo(xShape, c.filter, attrs);
  const size = (shape: readonly number[]) => shape.reduce((s, d) => s * d, 1);
  const dyShape = [...info.outShape];
  return {
    xShape,
    dyShape,
    attrs,
    flops: 2 * size(info.outShape) * c.filter[1] * c.filter[2] * c.filter[3],
    x: randomValues(size(xShape), 1),
    filter: randomValues(size(c.filter), 2),
    dy: randomValues(size(dyShape), 3),
  };
}

function strataPass(c: ConvCase, batch: number, pass: ConvPass) {
  const d = convData(c, batch);
  const x = writeStrata(d.x, d.xShape);
  const filter = writeStrata(d.filter, c.filter);
  const dy = writeStrata(d.dy, d.dyShape);
  const call = {
    forward: () => runStrataKernel('Conv2d', { x, filter }, d.attrs),
    'input-grad': () => runStrataKernel('Conv2dBackpropInput', { dy, filter }, { ...d.attrs, inputShape: d.xShape }),
    'weight-grad': () => runStrataKernel('Conv2dBackpropFilter', { x, dy }, { ...d.attrs, filterShape: c.filter }),
  }[pass];
  return { call, flops: d.flops, dispose: () => disposeStrata([x.dataId, filter.dataId, dy.dataId]) };
}

function tfjsPass(c: ConvCase, batch: number, pass: ConvPass) {
  const d = convData(c, batch);
  const nhwc = (values: Float32Array, shape: readonly number[]) =>
    tf.transpose(tf.tensor4d(values, shape as [number, number, number, number]), [0, 2, 3, 1]);
  const x = nhwc(d.x, d.xShape);
  const dy = nhwc(d.dy, d.dyShape);
  const filter = tf.transpose(tf.tensor4d(d.filter, c.filter), [2, 3, 1, 0]);
  const attrs = { strides: [1, 1], pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1] };
  const inputs: tf.NamedTensorMap = { forward: { x, filter }, 'input-grad': { dy, filter }, 'weight-grad': { x, dy } }[
    pass
  ];
  const extra: tf.NamedAttrMap = {
    forward: {},
    'input-grad': { inputShape: [batch, c.x[2], c.x[3], c.x[1]] },
    'weight-grad': { filterShape: [c.filter[2], c.filter[3], c.filter[1], c.filter[0]] },
  }[pass];
  const run = () => tf.engine().runKernel(TFJS_KERNELS[pass], inputs, { ...attrs, ...extra }) as tf.Tensor;
  return {
    call: () => {
      const out = run();
      const values = out.dataSync();
      out.dispose();
      return values;
    },
    flops: d.flops,
    dispose: () => tf.dispose([x, dy, filter]),
  };
}

/**
 * The pass computed by tfjs-wasm at the full batch, in strata's layout, for the numeric check.
 * tfjs-wasm has no backprop-filter kernel, so the weight gradient is computed as the convolution
 * it is: dW[o, c, i, j] = Σ_n,y,x x[n, c, y + i - pad, x + j - pad] · dy[n, o, y, x] is a Conv2D of
 * x with channels and batch swapped (C, H, W, N) by dy as a filter (OH, OW, N, O).
 */
async function referenceValues(c: ConvCase, pass: ConvPass): Promise<Float32Array> {
  await useTfjs('tfjs-wasm');
  const d = convData(c, c.x[0]);
  return tf.tidy(() => {
    const x = tf.tensor4d(d.x, d.xShape);
    const dy = tf.tensor4d(d.dy, d.dyShape as [number, number, number, number]);
    const filter = tf.tensor4d(d.filter, c.filter);
    const nhwc = (t: tf.Tensor4D) => tf.transpose(t, [0, 2, 3, 1]);
    const hwio = tf.transpose(filter, [2, 3, 1, 0]);
    if (pass === 'forward')
      return tf.transpose(tf.conv2d(nhwc(x), hwio, 1, c.pad), [0, 3, 1, 2]).dataSync() as Float32Array;
    if (pass === 'input-grad') {
      const inputShape: [number, number, number, number] = [c.x[0], c.x[2], c.x[3], c.x[1]];
      return tf
        .transpose(tf.conv2dTranspose(nhwc(dy), hwio, inputShape, 1, c.pad), [0, 3, 1, 2])
        .dataSync() as Float32Array;
    }
    const dw = tf.conv2d(tf.transpose(x, [1, 2, 3, 0]), tf.transpose(dy, [2, 3, 0, 1]), 1, c.pad);
    return tf.transpose(dw, [3, 0, 1, 2]).dataSync() as Float32Array;
  });
}

/** Times one TensorFlow.js backend on one pass, or records that it lacks the kernel or is skipped. */
async function timeTfjs(engine: TfjsBackend, c: ConvCase, pass: ConvPass): Promise<EngineResult> {
  if (engine === 'tfjs-cpu' && pass === 'weight-grad' && !c.tfjsCpuWeightGrad) {
    return { engine, threads: 1, value: null, skipped: 'one call takes over a minute (about 0.003 GFLOP/s)' };
  }
  await useTfjs(engine);
  const batch = engine === 'tfjs-cpu' ? c.tfjsCpuBatch : c.x[0];
  const t = tfjsPass(c, batch, pass);
  try {
    const plan = engine === 'tfjs-cpu' ? { plan: SLOW_PLAN } : {};
    return await measure(engine, 1, 'GFLOP/s', {
      call: t.call,
      work: t.flops,
      ...plan,
      ...(batch === c.x[0] ? {} : { batch }),
    });
  } catch (error) {
    return { engine, threads: 1, value: null, notImplemented: notImplementedNote(error) };
  } finally {
    t.dispose();
  }
}

/**
 * The three convolution passes of `c` (forward, input gradient, weight gradient), each as one
 * workload: strata's fused `Conv2d` kernels against TensorFlow.js's on the same inputs. strata's
 * result is first checked against tfjs-wasm's at the full batch; the check throws on disagreement.
 *
 * @example
 * ```ts
 * const reports = await benchConv2d({ name: 'lenet-conv1', x: [256, 1, 28, 28], filter: [6, 1, 5, 5], pad: 2, tfjsCpuBatch: 8, tfjsCpuWeightGrad: true });
 * ```
 */
export async function benchConv2d(c: ConvCase): Promise<WorkloadReport[]> {
  const reports: WorkloadReport[] = [];
  for (const pass of CONV_PASSES) {
    const name = `conv2d-${pass} ${c.name}`;
    const s = strataPass(c, c.x[0], pass);
    checkClose(name, s.call(), await referenceValues(c, pass));
    const references: EngineResult[] = [];
    for (const engine of ['tfjs-wasm', 'tfjs-cpu'] as TfjsBackend[]) references.push(await timeTfjs(engine, c, pass));
    const strata = await forEachStrataThreadCount((threads) =>
      measure('strata-cpu', threads, 'GFLOP/s', { call: s.call, work: s.flops }),
    );
    s.dispose();
    const results = [...strata, ...references];
    const shape = `x [${c.x.join(',')}], filter [${c.filter.join(',')}], pad ${c.pad}`;
    reports.push({ name, group: 'conv2d', unit: 'GFLOP/s', shape, results, ratios: computeRatios(results) });
  }
  return reports;
}
