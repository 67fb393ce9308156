import { type Epilogue, Expr, type TensorInfo, uniformAt } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { channelLayout } from '../routines/channel-layout.js';
import { planBatchNorm } from '../wasm/batch-norm-plan.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { batchNormTrain } from './batch-norm-train.js';
import { batchNormTrainGrad } from './batch-norm-train-grad.js';
import { batchNormTrainGradWasm } from './batch-norm-train-grad-wasm.js';
import { batchNormTrainWasm } from './batch-norm-train-wasm.js';
import { applyEpilogue } from './epilogue.js';

const heap = requireWasmHeap();
const backend = new CpuBackend();
const trainWasm = batchNormTrainWasm(heap);
const gradWasm = batchNormTrainGradWasm(heap);
const EPS = 1e-5;

// Uniform values in [offset - spread, offset + spread): an offset mean makes the normalisation cancel.
function tensor(shape: number[], seed: number, spread = 1, offset = 0): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float32Array.from({ length: size }, (_, i) => offset + spread * (uniformAt(seed, i) * 2 - 1));
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

const read = (t: TensorInfo) => backend.readSync(t.dataId) as Float32Array;

function train(
  kernel: typeof batchNormTrain,
  x: TensorInfo,
  weight: TensorInfo,
  bias: TensorInfo,
  epilogue?: Epilogue,
) {
  const attrs = epilogue === undefined ? { eps: EPS } : { eps: EPS, epilogue };
  return callKernel('BatchNormTrain', kernel, { inputs: { x, weight, bias }, attrs, backend }).map(read);
}

function grad(kernel: typeof batchNormTrainGrad, inputs: Record<'dy' | 'x' | 'weight' | 'mean' | 'var', TensorInfo>) {
  return callKernel('BatchNormTrainGrad', kernel, { inputs, attrs: { eps: EPS }, backend }).map(read);
}

// Both kernels compute every output in double from the same float inputs and round it once; they
// differ only in the order of the double sums behind the statistics, each off by at most
// count * 2^-53 of the sum of the magnitudes it adds. That moves an output's double value by at
// most count * 2^-52 (counting the divisions and the square root) of the magnitude of the terms
// that make it up, far below a float ulp unless those terms cancel, and the rounding to float
// adds at most one ulp, 2^-23 of the reference.
function expectClose(actual: Float32Array, reference: Float32Array, magnitude: (i: number) => number, count: number) {
  expect(actual.length).toBe(reference.length);
  for (let i = 0; i < actual.length; i++) {
    const bound = 2 ** -23 * Math.abs(reference[i]!) + count * 2 ** -52 * magnitude(i);
    if (!(Math.abs(actual[i]! - reference[i]!) <= bound)) {
      expect.fail(`element ${i}: ${actual[i]} differs from ${reference[i]} by more than ${bound}`);
    }
  }
}

// Channels 1 to 70, spatial sizes with 8-float blocks, a 4-float block and scalar tails, a single
// item, and [N, C] inputs whose channels the kernels take in pairs.
const shapes: number[][] = [
  [2, 1],
  [7, 3],
  [128, 5],
  [64, 70],
  [1, 3, 7, 5],
  [2, 70, 3, 3],
  [4, 16, 4, 4],
  [3, 5, 2, 6],
  [2, 2, 1, 3],
  [5, 4, 13],
  [16, 8, 10, 10],
  [1, 17, 2, 2],
  [9, 2, 1, 1],
];

describe('the WebAssembly batch norm', () => {
  for (const shape of shapes) {
    const { batch, channels, spatial, count } = channelLayout(shape);
    const at = (i: number) => Math.floor(i / spatial) % channels;
    const x = tensor(shape, 3, 2, 0.75);
    const weight = tensor([channels], 5, 1.5);
    const bias = tensor([channels], 7);
    const dy = tensor(shape, 9);
    const xs = read(x);
    const dys = read(dy);
    const w = read(weight);
    const b = read(bias);

    it(`trains forward as the TypeScript kernel does: shape ${shape}`, () => {
      const [y, mean, variance] = train(batchNormTrain, x, weight, bias);
      const [yw, meanw, variancew] = train(trainWasm, x, weight, bias);
      const scale = (c: number) => Math.abs(w[c]!) / Math.sqrt(variance![c]! + EPS);
      expectClose(meanw!, mean!, () => 2.75, count);
      expectClose(variancew!, variance!, () => 2.75 ** 2, count);
      // y = x * scale + shift: terms of |x| * scale and |shift| <= |bias| + |mean| * scale.
      expectClose(
        yw!,
        y!,
        (i) => (Math.abs(xs[i]!) + Math.abs(mean![at(i)]!)) * scale(at(i)) + Math.abs(b[at(i)]!),
        count,
      );
      expect(batch * channels * spatial).toBe(yw!.length);
    });

    it(`trains backward as the TypeScript kernel does: shape ${shape}`, () => {
      const [, mean, variance] = train(batchNormTrain, x, weight, bias);
      const saved = {
        dy,
        x,
        weight,
        mean: { dataId: backend.write(mean!, [channels], 'float32'), shape: [channels], dtype: 'float32' as const },
        var: { dataId: backend.write(variance!, [channels], 'float32'), shape: [channels], dtype: 'float32' as const },
      };
      const [dx, dweight, dbias] = grad(batchNormTrainGrad, saved);
      const [dxw, dweightw, dbiasw] = grad(gradWasm, saved);
      const invStd = (c: number) => 1 / Math.sqrt(variance![c]! + EPS);
      // |dy| <= 1 and |xhat| <= 2.75 * invStd: each sum adds count terms of at most these.
      const xhatMax = (c: number) => 2.75 * invStd(c);
      expectClose(dbiasw!, dbias!, () => count, count);
      expectClose(dweightw!, dweight!, (c) => count * xhatMax(c), count);
      // dx = scale * ((dy - sum dy / M) - xhat * sum dy xhat / M), both sums off as above.
      expectClose(
        dxw!,
        dx!,
        (i) => {
          const c = at(i);
          const xhat = Math.abs(xs[i]! - mean![c]!) * invStd(c);
          return Math.abs(w[c]!) * invStd(c) * (Math.abs(dys[i]!) + 1 + xhat * xhatMax(c));
        },
        count,
      );
    });
  }

  const v = Expr.input(0, 'float32');
  const epilogues: Epilogue[] = [
    { name: 'relu', expr: v.max(0), vjp: null },
    { name: 'sigmoid', expr: v.sigmoid(), vjp: null },
    { name: 'tanh', expr: v.tanh(), vjp: null },
  ];
  for (const epilogue of epilogues) {
    for (const shape of [
      [6, 70],
      [4, 5, 3, 7],
    ]) {
      it(`applies a '${epilogue.name}' epilogue to its own output in place: shape ${shape}`, () => {
        const { batch, channels, spatial } = channelLayout(shape);
        const x = tensor(shape, 13, 3);
        const weight = tensor([channels], 15, 2);
        const bias = tensor([channels], 17);
        const [plain] = train(trainWasm, x, weight, bias);
        const [fused, mean, variance] = train(trainWasm, x, weight, bias, epilogue);
        const [, meanPlain, variancePlain] = train(trainWasm, x, weight, bias);
        const expected = Float32Array.from(plain!);
        applyEpilogue(epilogue, expected, undefined, { outer: batch, channels, inner: spatial });
        expect(fused).toEqual(expected);
        expect(mean).toEqual(meanPlain);
        expect(variance).toEqual(variancePlain);
      });
    }
  }

  // threads.test.ts relies on these splits to hold work for more than one thread.
  it('splits channels into parts worth a thread, an even count for [N, C] inputs', () => {
    heap.reset();
    const plan = planBatchNorm(heap, [64, 16, 16, 16], 0.25);
    expect(plan).toMatchObject({ batch: 64, channels: 16, spatial: 256, grain: 6 });
    expect(heap.f64(plan.eps, 1)[0]).toBe(0.25);
    expect(planBatchNorm(heap, [2048, 70], EPS).grain).toBe(44);
  });

  it('keeps float64 inputs on the TypeScript kernel', () => {
    const shape = [4, 3, 5];
    const values = Float64Array.from({ length: 60 }, (_, i) => Math.sin(i) * 3);
    const x: TensorInfo = { dataId: backend.write(values, shape, 'float64'), shape, dtype: 'float64' };
    const ones: TensorInfo = {
      dataId: backend.write(new Float64Array(3).fill(1), [3], 'float64'),
      shape: [3],
      dtype: 'float64',
    };
    const zeros: TensorInfo = {
      dataId: backend.write(new Float64Array(3), [3], 'float64'),
      shape: [3],
      dtype: 'float64',
    };
    const outputs = callKernel('BatchNormTrain', trainWasm, {
      inputs: { x, weight: ones, bias: zeros },
      attrs: { eps: EPS },
      backend,
    });
    const reference = callKernel('BatchNormTrain', batchNormTrain, {
      inputs: { x, weight: ones, bias: zeros },
      attrs: { eps: EPS },
      backend,
    });
    expect(outputs.map((t) => t.dtype)).toEqual(['float64', 'float64', 'float64']);
    expect(outputs.map((t) => backend.readSync(t.dataId))).toEqual(reference.map((t) => backend.readSync(t.dataId)));
  });
});
