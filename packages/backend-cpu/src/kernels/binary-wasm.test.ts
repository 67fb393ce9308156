import { type BinaryOp, type TensorInfo, uniformAt } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../cpu-backend.js';
import { requireWasmHeap } from '../wasm/require-wasm-heap.js';
import { binary } from './binary.js';
import { binaryWasm } from './binary-wasm.js';

const backend = new CpuBackend();
const wasmBinary = binaryWasm(requireWasmHeap());
const SPECIALS = [0, -0, 1, -1, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 3.4e38, 1e-45];

function tensor(shape: number[], seed: number): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float32Array.from({ length: size }, (_, i) =>
    i % 7 === 3 ? SPECIALS[(i + seed) % SPECIALS.length]! : uniformAt(seed, i) * 4 - 2,
  );
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

describe('Binary on WebAssembly SIMD', () => {
  const shapes: [number[], number[]][] = [
    [
      [3, 7],
      [3, 7],
    ],
    [
      [2, 5, 3, 3],
      [1, 5, 1, 1],
    ],
    [
      [1, 5, 1, 1],
      [2, 5, 3, 3],
    ],
    [[4, 9], [9]],
    [
      [4, 1],
      [4, 9],
    ],
    [[13], [1]],
    [[1], [13]],
    [
      [5, 1, 7],
      [1, 6, 1],
    ],
    [
      [2, 1, 3, 1],
      [1, 4, 1, 5],
    ],
    [[0, 3], [3]],
  ];
  for (const op of ['add', 'sub', 'mul', 'div'] as BinaryOp[]) {
    for (const [aShape, bShape] of shapes) {
      it(`${op} [${aShape}] with [${bShape}] equals the TypeScript kernel bit for bit`, () => {
        const a = tensor(aShape, 1);
        const b = tensor(bShape, 2);
        const expected = binary({ inputs: { a, b }, attrs: { op }, backend });
        const actual = wasmBinary({ inputs: { a, b }, attrs: { op }, backend });
        expect(actual.shape).toEqual(expected.shape);
        expect(actual.dtype).toBe('float32');
        expect(new Uint32Array(backend.readSync(actual.dataId).buffer)).toEqual(
          new Uint32Array(backend.readSync(expected.dataId).buffer),
        );
      });
    }
  }

  it('leaves the other ops and dtypes to the TypeScript kernel', () => {
    const a = tensor([4], 3);
    const b = tensor([4], 4);
    const out = wasmBinary({ inputs: { a, b }, attrs: { op: 'gt' }, backend });
    expect(out.dtype).toBe('bool');
  });
});
