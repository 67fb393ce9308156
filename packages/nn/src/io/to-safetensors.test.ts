import '@strata/backend-cpu';
import { ArgumentError, DisposedError, type DType, type Tensor, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import type { StateDict } from '../module/module.js';
import { fromSafetensors } from './from-safetensors.js';
import { toSafetensors } from './to-safetensors.js';

function headerOf(bytes: Uint8Array): {
  length: number;
  text: string;
  json: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
} {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  return { length, text, json: JSON.parse(text) };
}

function everyDType(): StateDict {
  return {
    'layer.weight': tensor([
      [1.5, -2, 3.25],
      [0, 1e-8, -7.125],
    ]),
    'layer.double': tensor(new Float64Array([1 / 3, -2.5, 1e300, Number.NaN, Number.POSITIVE_INFINITY, -0]), {
      dtype: 'float64',
    }),
    'layer.index': tensor(new Int32Array([-(2 ** 31), 2 ** 31 - 1, 0, 7]), { shape: [2, 2] }),
    'layer.mask': tensor([true, false, true, true, false]),
    'layer.scalar': tensor(new Float32Array([3.5]), { shape: [] }),
    'layer.empty': tensor(new Float32Array(0), { shape: [0, 3] }),
    'layer.float_special': tensor(new Float32Array([Number.NaN, Number.NEGATIVE_INFINITY, -0, 3.4e38])),
  };
}

function expectSameTensor(actual: Tensor | undefined, expected: Tensor): void {
  expect(actual).toBeDefined();
  expect(actual!.dtype).toBe(expected.dtype);
  expect(actual!.shape).toEqual(expected.shape);
  // toEqual compares with Object.is, so NaN matches NaN and -0 does not match 0.
  expect(Array.from(actual!.dataSync())).toEqual(Array.from(expected.dataSync()));
}

describe('toSafetensors', () => {
  it('round-trips every dtype, scalars and empty tensors, with metadata', () => {
    const sd = everyDType();
    const { tensors, metadata } = fromSafetensors(toSafetensors(sd, { metadata: { format: 'pt', note: 'ünïcode' } }));
    expect(Object.keys(tensors)).toEqual(Object.keys(sd));
    for (const [name, t] of Object.entries(sd)) expectSameTensor(tensors[name], t);
    expect(metadata).toEqual({ format: 'pt', note: 'ünïcode' });
  });

  it('writes a header padded with spaces to 8 bytes, keys in state-dict order, metadata first', () => {
    const bytes = toSafetensors(everyDType(), { metadata: { format: 'pt' } });
    const { length, text, json } = headerOf(bytes);
    expect(length % 8).toBe(0);
    expect(text.trimEnd()).toBe(JSON.stringify(json));
    expect(text.slice(text.trimEnd().length)).toMatch(/^ {0,7}$/);
    expect(Object.keys(json)).toEqual(['__metadata__', ...Object.keys(everyDType())]);
    expect(json['layer.index']).toEqual({ dtype: 'I32', shape: [2, 2], data_offsets: expect.any(Array) });
    expect(json['layer.mask']!.dtype).toBe('BOOL');
    expect(json['layer.double']!.dtype).toBe('F64');
    expect(json['layer.scalar']).toMatchObject({ dtype: 'F32', shape: [] });
  });

  it('lays the data out largest items first, so every tensor is aligned to its item size', () => {
    const bytes = toSafetensors({
      mask: tensor([true, false, true]),
      w: tensor([1, 2, 3]),
      d: tensor(new Float64Array([1, 2]), { dtype: 'float64' }),
    });
    const { length, json } = headerOf(bytes);
    expect(json.d!.data_offsets).toEqual([0, 16]);
    expect(json.w!.data_offsets).toEqual([16, 28]);
    expect(json.mask!.data_offsets).toEqual([28, 31]);
    expect(bytes.length).toBe(8 + length + 31);
  });

  it('writes an empty state dict as a valid file, with the checksum of its (empty) data', () => {
    const bytes = toSafetensors({});
    expect(headerOf(bytes).text.trimEnd()).toBe('{"__metadata__":{"strata.crc32":"00000000"}}');
    expect(bytes.length).toBe(8 + 48);
    expect(fromSafetensors(bytes)).toEqual({ tensors: {}, metadata: {} });
  });

  it('keeps a tensor named __proto__ as an ordinary key', () => {
    const sd: StateDict = {};
    Object.defineProperty(sd, '__proto__', { value: tensor([1, 2]), enumerable: true });
    const { tensors } = fromSafetensors(toSafetensors(sd));
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Array.from(Object.getOwnPropertyDescriptor(tensors, '__proto__')!.value.dataSync())).toEqual([1, 2]);
  });

  it('rejects what the format cannot hold, naming it', () => {
    expect(() => toSafetensors({ __metadata__: tensor([1]) })).toThrow(ArgumentError);
    expect(() => toSafetensors({ __metadata__: tensor([1]) })).toThrow(/tensor names other than '__metadata__'/);
    expect(() => toSafetensors({ w: [1, 2] as unknown as Tensor })).toThrow(
      /expected a Tensor for every key, got object for 'w'/,
    );
    expect(() => toSafetensors({ w: tensor([1]) }, { metadata: { epoch: 3 as unknown as string } })).toThrow(
      /metadata values to be strings, got number for 'epoch'/,
    );
    const gone = tensor([1]);
    gone.dispose();
    expect(() => toSafetensors({ gone })).toThrow(DisposedError);
  });

  it('writes each strata dtype with its safetensors code', () => {
    const codes: Record<DType, string> = { float32: 'F32', float64: 'F64', int32: 'I32', bool: 'BOOL' };
    for (const [dtype, code] of Object.entries(codes)) {
      const { json } = headerOf(toSafetensors({ t: tensor([1, 0], { dtype: dtype as DType }) }));
      expect(json.t!.dtype).toBe(code);
    }
  });
});
