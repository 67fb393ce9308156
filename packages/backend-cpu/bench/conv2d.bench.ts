/**
 * Times the CPU backend's fused convolution (forward and both gradients) and MatMul kernels
 * against TensorFlow.js's pure-JS CPU backend on the same shapes in the same process, and prints
 * one JSON object with GFLOP/s for both and their ratio. Run with `pnpm bench` from the root,
 * which builds `@strata/core` first.
 */
import '@tensorflow/tfjs-backend-cpu';
import { type Conv2dAttrs, computeConv2dInfo, type TensorInfo, uniformAt } from '@strata/core';
import * as tf from '@tensorflow/tfjs-core';
import { CpuBackend } from '../src/cpu-backend.js';
import { conv2d } from '../src/kernels/conv2d.js';
import { conv2dBackpropFilter } from '../src/kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from '../src/kernels/conv2d-backprop-input.js';
import { matMul } from '../src/kernels/mat-mul.js';

// Calls at least this long are timed once, their first call doubling as the warm-up: repeating
// them would add minutes (TensorFlow.js's backprop-filter is a direct loop) and change nothing.
const LONG_CALL_MS = 1000;

interface ConvCase {
  name: string;
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: number;
  pad: number;
  runs: number;
}

interface MatMulCase {
  name: string;
  m: number;
  k: number;
  n: number;
  runs: number;
}

const CONV_CASES: ConvCase[] = [
  { name: 'lenet-conv1', x: [64, 1, 28, 28], w: [6, 1, 5, 5], stride: 1, pad: 2, runs: 7 },
  { name: 'lenet-conv2', x: [64, 6, 14, 14], w: [16, 6, 5, 5], stride: 1, pad: 0, runs: 7 },
  { name: 'resnet-3x3-64', x: [2, 64, 28, 28], w: [64, 64, 3, 3], stride: 1, pad: 1, runs: 5 },
  { name: 'resnet-3x3-128-stride2', x: [2, 64, 28, 28], w: [128, 64, 3, 3], stride: 2, pad: 1, runs: 5 },
];

const MATMUL_CASES: MatMulCase[] = [
  { name: 'mlp-784x256', m: 64, k: 784, n: 256, runs: 7 },
  { name: 'square-512', m: 512, k: 512, n: 512, runs: 5 },
];

const backend = new CpuBackend();

function randomValues(size: number, seed: number): Float32Array {
  return Float32Array.from({ length: size }, (_, i) => uniformAt(seed, i) * 2 - 1);
}

function strataTensor(values: Float32Array, shape: number[]): TensorInfo {
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

/** Median wall time in milliseconds of `runs` calls of `fn` after one warm-up call. */
function medianMs(runs: number, fn: () => void): number {
  const warmStart = performance.now();
  fn();
  const first = performance.now() - warmStart;
  if (first >= LONG_CALL_MS) return first;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function gflops(flops: number, ms: number): number {
  return Number((flops / ms / 1e6).toFixed(3));
}

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    worst = Math.max(worst, Math.abs(a[i] - b[i]));
  }
  return worst / Math.max(scale, 1e-30);
}

function benchConv(c: ConvCase) {
  const attrs: Conv2dAttrs = { strides: [c.stride, c.stride], pad: [c.pad, c.pad, c.pad, c.pad], dilations: [1, 1], groups: 1 };
  const info = computeConv2dInfo(c.x, c.w, attrs);
  const xValues = randomValues(c.x.reduce((s, d) => s * d, 1), 1);
  const wValues = randomValues(c.w.reduce((s, d) => s * d, 1), 2);
  const dyValues = randomValues(info.outShape.reduce((s, d) => s * d, 1), 3);
  const x = strataTensor(xValues, c.x);
  const w = strataTensor(wValues, c.w);
  const dy = strataTensor(dyValues, info.outShape);

  const strata = {
    forward: () => conv2d({ inputs: { x, filter: w }, attrs, backend }),
    backpropInput: () => conv2dBackpropInput({ inputs: { dy, filter: w }, attrs: { ...attrs, inputShape: c.x }, backend }),
    backpropFilter: () => conv2dBackpropFilter({ inputs: { x, dy }, attrs: { ...attrs, filterShape: c.w }, backend }),
  };

  // TensorFlow.js's CPU convolution takes NHWC input and HWIO filters.
  const tx = tf.transpose(tf.tensor4d(xValues, c.x), [0, 2, 3, 1]);
  const tw = tf.transpose(tf.tensor4d(wValues, c.w), [2, 3, 1, 0]);
  const tdy = tf.transpose(tf.tensor4d(dyValues, info.outShape), [0, 2, 3, 1]);
  const tfAttrs = { strides: [c.stride, c.stride], pad: c.pad, dataFormat: 'NHWC', dilations: [1, 1] };
  const nhwcInput = [c.x[0], c.x[2], c.x[3], c.x[1]];
  const hwioFilter = [c.w[2], c.w[3], c.w[1], c.w[0]];
  const tfjs = {
    forward: () => tf.engine().runKernel('Conv2D', { x: tx, filter: tw }, tfAttrs) as tf.Tensor,
    backpropInput: () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy: tdy, filter: tw }, { ...tfAttrs, inputShape: nhwcInput }) as tf.Tensor,
    backpropFilter: () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tx, dy: tdy }, { ...tfAttrs, filterShape: hwioFilter }) as tf.Tensor,
  };

  // Same computation check: strata's forward output against TensorFlow.js's, both in NCHW.
  const strataY = conv2d({ inputs: { x, filter: w }, attrs, backend });
  const tfY = tf.transpose(tf.engine().runKernel('Conv2D', { x: tx, filter: tw }, tfAttrs) as tf.Tensor4D, [0, 3, 1, 2]);
  const difference = maxRelativeDifference(backend.readSync(strataY.dataId), tfY.dataSync());
  backend.disposeData(strataY.dataId);
  tf.dispose([tfY]);

  const flops = 2 * info.batch * info.outChannels * info.outHeight * info.outWidth * info.inChannels * info.kernelHeight * info.kernelWidth;
  const kernels = ['forward', 'backpropInput', 'backpropFilter'] as const;
  const strataMs = kernels.map((k) => medianMs(c.runs, () => backend.disposeData(strata[k]().dataId)));
  const tfMs = kernels.map((k) => medianMs(c.runs, () => tf.dispose([tfjs[k]()])));
  tf.dispose([tx, tw, tdy]);
  for (const t of [x, w, dy]) backend.disposeData(t.dataId);
  const strataStepMs = strataMs.reduce((s, v) => s + v, 0);
  const tfStepMs = tfMs.reduce((s, v) => s + v, 0);
  return {
    name: c.name,
    x: c.x,
    filter: c.w,
    stride: c.stride,
    pad: c.pad,
    gflopPerStep: Number(((3 * flops) / 1e9).toFixed(3)),
    strataGflops: gflops(3 * flops, strataStepMs),
    tfjsGflops: gflops(3 * flops, tfStepMs),
    speedup: Number((tfStepMs / strataStepMs).toFixed(2)),
    perKernel: Object.fromEntries(
      kernels.map((k, i) => [
        k,
        {
          strataMs: Number(strataMs[i].toFixed(2)),
          tfjsMs: Number(tfMs[i].toFixed(2)),
          strataGflops: gflops(flops, strataMs[i]),
          tfjsGflops: gflops(flops, tfMs[i]),
          speedup: Number((tfMs[i] / strataMs[i]).toFixed(2)),
        },
      ]),
    ),
    forwardMaxRelDiff: Number(difference.toExponential(2)),
  };
}

function benchMatMul(c: MatMulCase) {
  const aValues = randomValues(c.m * c.k, 4);
  const bValues = randomValues(c.k * c.n, 5);
  const a = strataTensor(aValues, [1, c.m, c.k]);
  const b = strataTensor(bValues, [1, c.k, c.n]);
  const ta = tf.tensor2d(aValues, [c.m, c.k]);
  const tb = tf.tensor2d(bValues, [c.k, c.n]);
  const attrs = { transposeA: false, transposeB: false };

  const strataOut = matMul({ inputs: { a, b }, attrs, backend });
  const tfOut = tf.matMul(ta, tb);
  const difference = maxRelativeDifference(backend.readSync(strataOut.dataId), tfOut.dataSync());
  backend.disposeData(strataOut.dataId);
  tf.dispose([tfOut]);

  const flops = 2 * c.m * c.k * c.n;
  const strataMs = medianMs(c.runs, () => backend.disposeData(matMul({ inputs: { a, b }, attrs, backend }).dataId));
  const tfMs = medianMs(c.runs, () => tf.dispose([tf.matMul(ta, tb)]));
  tf.dispose([ta, tb]);
  backend.disposeData(a.dataId);
  backend.disposeData(b.dataId);
  return {
    name: c.name,
    m: c.m,
    k: c.k,
    n: c.n,
    strataMs: Number(strataMs.toFixed(2)),
    tfjsMs: Number(tfMs.toFixed(2)),
    strataGflops: gflops(flops, strataMs),
    tfjsGflops: gflops(flops, tfMs),
    speedup: Number((tfMs / strataMs).toFixed(2)),
    maxRelDiff: Number(difference.toExponential(2)),
  };
}

/** The geometric mean, the fair average of ratios. */
function geometricMean(values: number[]): number {
  return Number(Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length).toFixed(2));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const conv = CONV_CASES.map(benchConv);
  const matmul = MATMUL_CASES.map(benchMatMul);
  const result = {
    note: 'float32, single thread. Conv2d: one step = forward + backprop-input + backprop-filter (each the same FLOPs), per-kernel medians summed; speedup = tfjs time / strata time; calls over 1 s are timed once.',
    node: process.version,
    tfjs: tf.version_core,
    conv2d: conv,
    matMul: matmul,
    geomeanSpeedup: geometricMean([...conv, ...matmul].map((r) => r.speedup)),
  };
  console.log(JSON.stringify(result, null, 2));
}

await main();
