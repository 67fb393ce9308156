import '@strata/backend-cpu';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type NestedArray, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { Linear, ReLU, Sequential } from '../index.js';
import { BatchNorm2d } from '../layers/batch-norm2d.js';
import { Conv2d } from '../layers/conv2d.js';
import { Flatten } from '../layers/flatten.js';
import { fromSafetensors } from './from-safetensors.js';
import { load } from './load.js';
import { loadInto } from './load-into.js';
import { save } from './save.js';
import { toSafetensors } from './to-safetensors.js';

// Golden files written by PyTorch 2.13 + safetensors (packages/nn/scripts/make-safetensors-fixtures.py).
const fixture = (name: string) => fileURLToPath(new URL(`./__fixtures__/${name}`, import.meta.url));
const readJson = async <T>(name: string): Promise<T> => JSON.parse(await readFile(fixture(name), 'utf8')) as T;

// float32 matmuls and convolutions summed in another order than PyTorch's differ in the last
// bits (about 5e-8 on these outputs of magnitude ~0.5).
const OUTPUT_TOLERANCE = 1e-6;

const READS_AS: Record<string, string> = {
  F32: 'float32',
  F64: 'float64',
  I32: 'int32',
  BOOL: 'bool',
  F16: 'float32',
  BF16: 'float32',
  I64: 'int32',
  I8: 'int32',
  U8: 'int32',
  I16: 'int32',
};

function expectClose(actual: NestedArray, expected: number[][], tolerance: number): void {
  const a = (actual as number[][]).flat();
  const e = expected.flat();
  expect(a).toHaveLength(e.length);
  for (const [i, x] of a.entries()) expect(Math.abs(x - e[i]!)).toBeLessThanOrEqual(tolerance);
}

describe('safetensors files written by PyTorch', () => {
  it("load into strata's Sequential and reproduce PyTorch's output", async () => {
    const golden = await readJson<{ input: number[][]; output: number[][] }>('mlp.json');
    const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3)).eval();
    expect(await loadInto(net, fixture('mlp.safetensors'))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expectClose(net.forward(tensor(golden.input)).toArray(), golden.output, OUTPUT_TOLERANCE);
    expect(fromSafetensors(await readFile(fixture('mlp.safetensors'))).metadata).toEqual({ format: 'pt' });
  });

  it("load into strata's conv net with BatchNorm running statistics and reproduce PyTorch's eval output", async () => {
    const golden = await readJson<{ input: number[][][][]; output: number[][] }>('conv.json');
    const net = new Sequential(
      new Conv2d(1, 2, 3, { padding: 1 }),
      new BatchNorm2d(2),
      new ReLU(),
      new Flatten(),
      new Linear(2 * 4 * 4, 3),
    ).eval();
    await loadInto(net, fixture('conv.safetensors'));
    const bn = net.stateDict();
    expect(bn['1.num_batches_tracked']!.dtype).toBe('int32');
    expect(bn['1.num_batches_tracked']!.item()).toBe(2);
    expect(bn['1.running_var']!.toArray()).not.toEqual([1, 1]);
    expectClose(net.forward(tensor(golden.input)).toArray(), golden.output, OUTPUT_TOLERANCE);
  });

  it('read in every dtype PyTorch writes', async () => {
    const expected =
      await readJson<Record<string, { dtype: string; shape: number[]; values: (number | boolean)[] }>>('dtypes.json');
    const { tensors, metadata } = fromSafetensors(await readFile(fixture('dtypes.safetensors')));
    expect(metadata).toEqual({ source: 'make-safetensors-fixtures.py' });
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected).sort());
    for (const [name, { dtype, shape, values }] of Object.entries(expected)) {
      const t = tensors[name]!;
      expect(t.dtype, name).toBe(READS_AS[dtype]);
      expect(t.shape, name).toEqual(shape);
      // Every value is exact: F16 and BF16 widen to float32 exactly, and the JSON holds the
      // float64 value of each stored number.
      expect(Array.from(t.dataSync()), name).toEqual(values.map(Number));
    }
  });
});

describe('safetensors files written by strata', () => {
  // STRATA_SAFETENSORS_OUT=<dir> keeps these files for `make-safetensors-fixtures.py --verify`.
  it('re-save what PyTorch wrote, byte-compatible with its reader', async () => {
    const keep = process.env.STRATA_SAFETENSORS_OUT;
    const dir = keep ?? (await mkdtemp(join(tmpdir(), 'strata-interop-')));
    try {
      await mkdir(dir, { recursive: true });
      for (const model of ['mlp', 'conv']) {
        const original = await load(fixture(`${model}.safetensors`));
        await save(original, join(dir, `strata-${model}.safetensors`), {
          metadata: { format: 'pt', writer: 'strata' },
        });
        const again = await load(join(dir, `strata-${model}.safetensors`));
        for (const [name, t] of Object.entries(original)) expect(again[name]!.toArray()).toEqual(t.toArray());
      }
      const dtypes = fromSafetensors(await readFile(fixture('dtypes.safetensors'))).tensors;
      const bytes = toSafetensors({
        ...dtypes,
        double: tensor([1 / 3, -2.5], { dtype: 'float64' }),
        scalar: tensor(new Float32Array([3.5]), { shape: [] }),
      });
      await save(fromSafetensors(bytes).tensors, join(dir, 'strata-dtypes.safetensors'));
    } finally {
      if (keep === undefined) await rm(dir, { recursive: true, force: true });
    }
  });
});
