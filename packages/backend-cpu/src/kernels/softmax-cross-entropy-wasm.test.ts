import { crossEntropy, randn, type Tensor, type TensorInfo, tensor, uniformAt } from '@strata/core';
import { callKernel } from '@strata/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import '../index.js';
import { setNumThreads } from '../threads.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { softmaxCrossEntropyGrad } from './softmax-cross-entropy-grad.js';
import { softmaxCrossEntropyGradWasm } from './softmax-cross-entropy-grad-wasm.js';
import { softmaxCrossEntropyWasm } from './softmax-cross-entropy-wasm.js';

const heap = requireWasmHeap();
const backend = new CpuBackend();
const forwardWasm = softmaxCrossEntropyWasm(heap);
const gradWasm = softmaxCrossEntropyGradWasm(heap);
const IGNORE = -100;

function floats(shape: number[], seed: number, scale: number): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float32Array.from({ length: size }, (_, i) => scale * (uniformAt(seed, i) * 2 - 1));
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

// Class indices, every fifth row ignored.
function targets(rows: number, classes: number, seed: number): TensorInfo {
  const values = Int32Array.from({ length: rows }, (_, n) =>
    n % 5 === 3 ? IGNORE : Math.floor(uniformAt(seed, n) * classes),
  );
  return { dataId: backend.write(values, [rows], 'int32'), shape: [rows], dtype: 'int32' };
}

const read = (t: TensorInfo) => backend.readSync(t.dataId) as Float32Array;
const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

// Rows below and above a SIMD block, class counts with and without a scalar tail, and logits
// whose e^(x - max) underflows (scale 300) or that are -Infinity (masked classes).
const CASES = [
  { rows: 1, classes: 1, scale: 3 },
  { rows: 3, classes: 3, scale: 3 },
  { rows: 7, classes: 4, scale: 3 },
  { rows: 13, classes: 10, scale: 5 },
  { rows: 9, classes: 37, scale: 300 },
  { rows: 5, classes: 1000, scale: 8 },
];

describe('softmax cross-entropy on WebAssembly', () => {
  for (const { rows, classes, scale } of CASES) {
    for (const labelSmoothing of [0, 0.15]) {
      const name = `[${rows}, ${classes}] logits x${scale}, labelSmoothing ${labelSmoothing}`;
      const attrs = { ignoreIndex: IGNORE, labelSmoothing };
      const logits = floats([rows, classes], rows * 31 + classes, scale);
      if (classes > 3) {
        const values = read(logits);
        for (let n = 0; n < rows; n++) values[n * classes + ((n * 7) % classes)] = Number.NEGATIVE_INFINITY;
      }
      const target = targets(rows, classes, classes);

      // Both compute the loss in double from the same float32 exps, apart from the order of the
      // row's double sums and the logarithm (each within a few 2^-53 of the value): the rounded
      // results differ by at most one float ulp.
      it(`agrees with the TypeScript kernel within one ulp: ${name}`, () => {
        const run = (kernel: typeof softmaxCrossEntropy) =>
          callKernel('SoftmaxCrossEntropy', kernel, { inputs: { logits, target }, attrs, backend }).map(read);
        const [wasmLosses, wasmLse] = run(forwardWasm);
        const [losses, lse] = run(softmaxCrossEntropy);
        for (const [actual, reference] of [
          [wasmLosses!, losses!],
          [wasmLse!, lse!],
        ] as const) {
          for (let i = 0; i < rows; i++) {
            const ulp = 2 ** (Math.floor(Math.log2(Math.abs(reference[i]!) || 1)) - 23);
            expect(Math.abs(actual[i]! - reference[i]!)).toBeLessThanOrEqual(ulp);
          }
        }
        for (let n = 3; n < rows; n += 5) expect([wasmLosses![n], losses![n]]).toEqual([0, 0]);
      });

      it(`has the TypeScript kernel's gradient bit for bit: ${name}`, () => {
        const [, lse] = callKernel('SoftmaxCrossEntropy', softmaxCrossEntropy, {
          inputs: { logits, target },
          attrs,
          backend,
        });
        const dy = floats([rows], 7, 2);
        const run = (kernel: typeof softmaxCrossEntropyGrad) =>
          read(
            callKernel('SoftmaxCrossEntropyGrad', kernel, {
              inputs: { dy, logits, target, lse: lse! },
              attrs,
              backend,
            }),
          );
        const dx = run(gradWasm);
        expect(bits(dx)).toEqual(bits(run(softmaxCrossEntropyGrad)));
        expect(dx.every(Number.isFinite)).toBe(true);
        if (rows > 3) expect(Array.from(dx.subarray(3 * classes, 4 * classes))).toEqual(new Array(classes).fill(0));
      });
    }
  }
});

describe('softmax cross-entropy on kernel threads', () => {
  afterAll(() => setNumThreads(1));

  // Both shapes are split between threads: rows of 1000 classes in parts of 22, of 10 in parts
  // of 2185.
  it('gives bit-identical losses and gradients for 1, 2 and 3 threads', { timeout: 30_000 }, async () => {
    const cases = [
      [300, 1000],
      [5000, 10],
    ].map(([rows, classes]) => ({
      logits: randn([rows!, classes!], { requiresGrad: true }),
      target: tensor(
        Array.from({ length: rows! }, (_, n) => (n % 9 === 4 ? IGNORE : (n * 13) % classes!)),
        { dtype: 'int32' },
      ),
    }));
    const results: number[][][] = [];
    for (const threads of [1, 2, 3]) {
      await setNumThreads(threads);
      const outputs: Tensor[] = [];
      for (const { logits, target } of cases) {
        logits.grad = null;
        const losses = crossEntropy(logits, target, { reduction: 'none', labelSmoothing: 0.1 });
        losses.sum().backward();
        outputs.push(losses, logits.grad!);
      }
      results.push(outputs.map((t) => bits(t.dataSync() as Float32Array)));
    }
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  });
});
