import { readFileSync } from 'node:fs';
import { CpuBackend, registerCpuKernels } from '@strata/backend-cpu';
import { crossEntropy, registerBackend, setBackend, type Tensor, tidy } from '@strata/core';
import { expectClose, type Tolerance } from '@strata/core/testing';
import { Dropout, fromSafetensors } from '@strata/nn';
import { describe, expect, it } from 'vitest';
import { formulaValues, setFormulaParameters } from './__fixtures__/golden-weights.js';
import { createModel } from './registry.js';

// Each fixture is one training-mode forward (dropout off) and backward of the mean cross-entropy
// computed by PyTorch in float64 from the same formula weights and input
// (scripts/make-fixtures.py). strata runs float32 through up to 37 layers, so a value is
// compared against the scale of its tensor: |a - e| <= 1e-4 * max|e| + 1e-3 * |e|. A gradient
// that is zero in exact arithmetic (a convolution bias feeding batch norm) has no scale of its
// own; it is held to 1e-5 of the largest gradient of the model: PyTorch's own float32 step
// misses the zero of bn-lenet's `9.bias` by 3.5e-6 of it.
//
// The models run on the CPU backend's TypeScript kernels, which accumulate in double and round
// once. What is under test is that each model is built as PyTorch's; the WebAssembly kernels,
// which accumulate in float32 as PyTorch's CPU kernels do, are held to the conformance suite and
// to direct loops. Here the input gradients of NiN and GoogLeNet are ill-conditioned: max pooling
// windows hold near-equal values (thousands of them in GoogLeNet's stride-1 pools), so a
// last-bit difference in a convolution picks another winner and reroutes part of the gradient.
registerBackend('cpu-typescript', () => new CpuBackend('cpu-typescript'));
registerCpuKernels('cpu-typescript', { wasm: false });
setBackend('cpu-typescript');
function maxAbs(values: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) max = Math.max(max, Math.abs(values[i]!));
  return max;
}

const GOLDEN: [file: string, model: string, options: Record<string, number>, inputSize: number, batch: number][] = [
  ['lenet', 'lenet', {}, 28, 4],
  ['lenet-modern', 'lenet-modern', {}, 28, 4],
  ['bn-lenet', 'bn-lenet', {}, 28, 4],
  ['alexnet-r32', 'alexnet', { ratio: 32 }, 96, 2],
  ['vgg-r32', 'vgg11', { ratio: 32 }, 32, 2],
  ['nin-r8', 'nin', { ratio: 8 }, 96, 2],
  ['googlenet-r8', 'googlenet', { ratio: 8 }, 96, 2],
  ['resnet18-r16', 'resnet18', { ratio: 16 }, 32, 4],
  ['resnet34-r16', 'resnet34', { ratio: 16 }, 32, 4],
  ['densenet-r4', 'densenet', { ratio: 4 }, 48, 4],
];

describe('one training step equals PyTorch on the same weights and batch', () => {
  it.each(GOLDEN)('%s', (file, name, options, inputSize, batch) => {
    const { tensors: golden } = fromSafetensors(
      readFileSync(new URL(`./__fixtures__/${file}.safetensors`, import.meta.url)),
    );
    const expected = (key: string): Tensor => {
      const t = golden[key];
      if (t === undefined) throw new Error(`fixture ${file} has no '${key}'`);
      return t;
    };
    const gradScale = Math.max(
      ...Object.keys(golden)
        .filter((k) => k.startsWith('grad:'))
        .map((k) => maxAbs(expected(k).dataSync())),
    );
    const check = (actual: Tensor | null, key: string): void => {
      const e = expected(key);
      const values = e.dataSync() as Float32Array;
      const scale = Math.max(maxAbs(values), key.startsWith('grad:') ? 1e-1 * gradScale : 0);
      const tolerance: Tolerance = { atol: 1e-4 * scale, rtol: 1e-3 };
      expect(actual, key).not.toBeNull();
      expectClose(actual!, e.shape, values, tolerance, `${file} ${key}`);
    };
    const model = createModel(name, { ...options, inputSize });
    setFormulaParameters(model);
    model.train();
    model.apply((m) => {
      if (m instanceof Dropout) m.eval();
    });
    const x = formulaValues([batch, 1, inputSize, inputSize], 0.5, 0.5, 0.5);
    x.requiresGrad = true;
    tidy(() => {
      const logits = model.forward(x);
      const loss = crossEntropy(logits, expected('x:target'));
      loss.backward();
      check(logits, 'x:logits');
      check(loss.reshape([1]), 'x:loss');
    });
    check(x.grad, 'x:input_grad');
    const params = model.namedParameters();
    expect(params.length).toBeGreaterThan(0);
    for (const [key, p] of params) check(p.grad, `grad:${key}`);
    const buffers = model.namedBuffers();
    expect(buffers.map(([key]) => `after:${key}`).sort()).toEqual(
      Object.keys(golden)
        .filter((k) => k.startsWith('after:'))
        .sort(),
    );
    for (const [key, b] of buffers) {
      if (b.dtype === 'float32') check(b, `after:${key}`);
      else expect(Array.from(b.dataSync()), key).toEqual(Array.from(expected(`after:${key}`).dataSync(), Number));
    }
  });
});
