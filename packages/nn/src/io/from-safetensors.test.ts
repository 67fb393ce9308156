import { CpuBackend } from '@strata/backend-cpu';
import { ArgumentError, DTypeError, memory, registerBackend, removeBackend, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { fromSafetensors } from './from-safetensors.js';
import { SafetensorsError } from './safetensors-error.js';
import { file } from './__fixtures__/safetensors-file.js';
import { toSafetensors } from './to-safetensors.js';

function expectCorrupt(bytes: Uint8Array, message: RegExp): void {
  let caught: unknown;
  try {
    fromSafetensors(bytes);
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SafetensorsError);
  expect((caught as SafetensorsError).name).toBe('SafetensorsError');
  expect((caught as SafetensorsError).message).toMatch(/^fromSafetensors: expected /);
  expect((caught as SafetensorsError).message).toMatch(message);
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('fromSafetensors', () => {
  it('reads a hand-made file, from a Uint8Array view or an ArrayBuffer', () => {
    const bytes = file({ __metadata__: { k: 'v' }, w: f32([2], 0, 8) }, new Float32Array([1.5, -2]));
    const { tensors, metadata } = fromSafetensors(bytes);
    expect(tensors.w!.toArray()).toEqual([1.5, -2]);
    expect(metadata).toEqual({ k: 'v' });
    expect(fromSafetensors(bytes.slice().buffer).tensors.w!.toArray()).toEqual([1.5, -2]);
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expect(fromSafetensors(padded.subarray(3)).tensors.w!.toArray()).toEqual([1.5, -2]);
  });

  it('reads tensors in any data order, and unaligned ones', () => {
    const data = new Uint8Array(13);
    const view = new DataView(data.buffer);
    data[0] = 1;
    view.setFloat64(1, Math.PI, true);
    view.setInt32(9, -5, true);
    const { tensors } = fromSafetensors(
      file(
        {
          i: { dtype: 'I32', shape: [1], data_offsets: [9, 13] },
          b: { dtype: 'BOOL', shape: [1], data_offsets: [0, 1] },
          d: { dtype: 'F64', shape: [], data_offsets: [1, 9] },
        },
        data,
      ),
    );
    expect(Object.keys(tensors)).toEqual(['i', 'b', 'd']);
    expect(tensors.d!.dtype).toBe('float64');
    expect(tensors.d!.item()).toBe(Math.PI);
    expect(tensors.i!.toArray()).toEqual([-5]);
    expect(tensors.b!.toArray()).toEqual([true]);
  });

  it('converts F16 and BF16 to float32, with infinities, NaN, subnormals and -0', () => {
    const half = new Uint16Array([0x3c00, 0xc100, 0x7c00, 0xfc00, 0x7e00, 0x0001, 0x8000, 0x7bff]);
    const brain = new Uint16Array([0x3f80, 0xc020, 0x7f80, 0x7fc0, 0x8000]);
    const { tensors } = fromSafetensors(
      file(
        {
          h: { dtype: 'F16', shape: [8], data_offsets: [0, 16] },
          b: { dtype: 'BF16', shape: [5], data_offsets: [16, 26] },
        },
        new Uint8Array([...new Uint8Array(half.buffer), ...new Uint8Array(brain.buffer)]),
      ),
    );
    expect(tensors.h!.dtype).toBe('float32');
    expect(Array.from(tensors.h!.dataSync())).toEqual([1, -2.5, Infinity, -Infinity, Number.NaN, 2 ** -24, -0, 65504]);
    expect(tensors.b!.dtype).toBe('float32');
    expect(Array.from(tensors.b!.dataSync())).toEqual([1, -2.5, Infinity, Number.NaN, -0]);
  });

  it('converts I64 to int32 when it fits, and I8, U8, I16 to int32', () => {
    const { tensors } = fromSafetensors(
      file(
        {
          num_batches_tracked: { dtype: 'I64', shape: [], data_offsets: [0, 8] },
          idx: { dtype: 'I64', shape: [2], data_offsets: [8, 24] },
          i16: { dtype: 'I16', shape: [2], data_offsets: [24, 28] },
          i8: { dtype: 'I8', shape: [2], data_offsets: [28, 30] },
          u8: { dtype: 'U8', shape: [2], data_offsets: [30, 32] },
        },
        new Uint8Array([
          ...new Uint8Array(new BigInt64Array([7n, -(2n ** 31n), 2n ** 31n - 1n]).buffer),
          ...new Uint8Array(new Int16Array([-32768, 32767]).buffer),
          ...new Uint8Array(new Int8Array([-128, 127]).buffer),
          ...new Uint8Array([0, 255]),
        ]),
      ),
    );
    for (const t of Object.values(tensors)) expect(t.dtype).toBe('int32');
    expect(tensors.num_batches_tracked!.shape).toEqual([]);
    expect(tensors.num_batches_tracked!.item()).toBe(7);
    expect(tensors.idx!.toArray()).toEqual([-(2 ** 31), 2 ** 31 - 1]);
    expect(tensors.i16!.toArray()).toEqual([-32768, 32767]);
    expect(tensors.i8!.toArray()).toEqual([-128, 127]);
    expect(tensors.u8!.toArray()).toEqual([0, 255]);
  });

  it('reads any non-zero BOOL byte as true', () => {
    const { tensors } = fromSafetensors(
      file({ m: { dtype: 'BOOL', shape: [3], data_offsets: [0, 3] } }, new Uint8Array([0, 1, 7])),
    );
    expect(tensors.m!.toArray()).toEqual([false, true, true]);
  });

  it('creates the tensors on the backend asked for', () => {
    const { tensors } = fromSafetensors(toSafetensors({ w: tensor([1, 2]) }), { backend: 'cpu' });
    expect(tensors.w!.backend).toBe('cpu');
  });

  describe('rejects corrupt files with a SafetensorsError naming the problem', () => {
    const valid = toSafetensors({
      w: tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      b: tensor([7, 8]),
    });

    it('a file shorter than the length prefix', () => {
      expectCorrupt(new Uint8Array(0), /at least 8 bytes \(the header length\), got 0; the file is empty or truncated/);
      expectCorrupt(valid.subarray(0, 5), /at least 8 bytes \(the header length\), got 5/);
    });

    it('a truncated header', () => {
      expectCorrupt(
        valid.subarray(0, 30),
        /header length of at most 22 \(the bytes after the 8-byte prefix\), got \d+; the file is truncated/,
      );
    });

    it('a header length past the end of the file', () => {
      expectCorrupt(
        file({ w: f32([1], 0, 4) }, 4, { headerLength: 2n ** 64n - 1n }),
        /got 18446744073709551615; the file is truncated or not a safetensors file/,
      );
    });

    it('truncated data', () => {
      expectCorrupt(
        valid.subarray(0, valid.length - 4),
        /data_offsets of tensor '.' within the 28-byte data buffer, got \[\d+, 32\]; the file is truncated or corrupt/,
      );
    });

    it('a header that is not JSON, not UTF-8 or not an object', () => {
      expectCorrupt(file('{"w": {"dtype": "F32",', 0), /a JSON header, got invalid JSON \(.+\)/);
      expectCorrupt(file('', 0), /a JSON header, got invalid JSON/);
      const bad = file('{"\u00e9": 1}', 0);
      bad[10] = 0xff;
      expectCorrupt(bad, /a UTF-8 JSON header, got bytes that are not UTF-8/);
      expectCorrupt(file([1, 2], 0), /the header to be a JSON object, got an array/);
      expectCorrupt(file({ w: 'F32' }, 0), /\{ dtype, shape, data_offsets \} for tensor 'w', got string "F32"/);
    });

    it('overlapping offsets', () => {
      expectCorrupt(
        file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, 12),
        /non-overlapping tensors, got 'a' \[0, 8\] and 'b' \[4, 12\] overlapping/,
      );
    });

    it('out-of-range offsets', () => {
      expectCorrupt(
        file({ a: f32([2], 8, 16) }, 8),
        /data_offsets of tensor 'a' within the 8-byte data buffer, got \[8, 16\]/,
      );
      expectCorrupt(
        file({ a: f32([2], 8, 0) }, 8),
        /data_offsets of tensor 'a' to be \[begin, end\] with 0 <= begin <= end, got \[8,0\]/,
      );
      expectCorrupt(file({ a: f32([2], -4, 4) }, 8), /data_offsets of tensor 'a' to be \[begin, end\]/);
      expectCorrupt(file({ a: { dtype: 'F32', shape: [2], data_offsets: [0] } }, 8), /got \[0\]/);
    });

    it('offsets that leave a gap or trailing bytes', () => {
      expectCorrupt(
        file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12),
        /cover the data buffer without gaps, got 4 unused bytes at offset 4 \(before 'b'\)/,
      );
      expectCorrupt(
        file({ a: f32([1], 0, 4) }, 6),
        /cover the 6-byte data buffer exactly, got 2 trailing bytes after the last tensor/,
      );
    });

    it('a byte length that does not match the shape', () => {
      expectCorrupt(
        file({ w: f32([2, 3], 0, 20) }, 20),
        /tensor 'w' \(F32, shape \[2, 3\]\) to take 24 bytes, got data_offsets \[0, 20\] \(20 bytes\)/,
      );
    });

    it('an unknown or unsupported dtype', () => {
      expectCorrupt(
        file({ w: { dtype: 'Q4', shape: [2], data_offsets: [0, 1] } }, 1),
        /tensor 'w' to have a dtype strata reads \(F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL\), got 'Q4'/,
      );
      expectCorrupt(file({ w: { dtype: 'U64', shape: [1], data_offsets: [0, 8] } }, 8), /got 'U64'/);
      expectCorrupt(file({ w: { shape: [1], data_offsets: [0, 8] } }, 8), /got undefined/);
    });

    it('a bad shape', () => {
      expectCorrupt(
        file({ w: { dtype: 'F32', shape: [2, -1], data_offsets: [0, 8] } }, 8),
        /the shape of tensor 'w' to be an array of non-negative integers, got \[2,-1\]/,
      );
      expectCorrupt(file({ w: { dtype: 'F32', shape: 2, data_offsets: [0, 8] } }, 8), /got 2/);
    });

    it('a duplicate key', () => {
      expectCorrupt(
        file(
          '{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}',
          8,
        ),
        /unique keys in the header, got 'w' twice/,
      );
      expectCorrupt(
        file('{"w": {"dtype": "F32", "dtype": "I32", "shape": [1], "data_offsets": [0, 4]}}', 4),
        /got 'dtype' twice/,
      );
      expectCorrupt(
        file(
          '{"a\\"b": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "a\\u0022b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}',
          8,
        ),
        /got 'a"b' twice/,
      );
    });

    it('metadata that is not strings', () => {
      expectCorrupt(
        file({ __metadata__: { epoch: 3 } }, 0),
        /__metadata__ to map strings to strings, got number 3 for 'epoch'/,
      );
      expectCorrupt(file({ __metadata__: ['x'] }, 0), /__metadata__ to map strings to strings, got an array/);
    });

    it('an I64 value outside int32', () => {
      const data = new Uint8Array(new BigInt64Array([1n, 2n ** 31n]).buffer);
      expectCorrupt(
        file({ n: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, data),
        /I64 values within int32's range \[-2147483648, 2147483647\] in tensor 'n', got 2147483648 at flat index 1; strata has no int64 dtype/,
      );
    });
  });

  it('creates no tensor when the file fails late, or the backend does', () => {
    // A backend without float64, as a GPU backend may be: the file is fine, creating its F64
    // tensor fails after the F32 one exists.
    class Float32OnlyBackend extends CpuBackend {
      override readonly capabilities = {
        ...new CpuBackend().capabilities,
        dtypes: ['float32' as const, 'int32' as const, 'bool' as const],
      };
    }
    registerBackend('float32-only', () => new Float32OnlyBackend());
    const mixed = toSafetensors({ w: tensor([1, 2]), d: tensor([3], { dtype: 'float64' }) });
    const data = new Uint8Array([
      ...new Uint8Array(new Float32Array([1, 2]).buffer),
      ...new Uint8Array(new BigInt64Array([2n ** 40n]).buffer),
    ]);
    const lateFailure = file({ ok: f32([2], 0, 8), n: { dtype: 'I64', shape: [], data_offsets: [8, 16] } }, data);
    const valid = toSafetensors({ a: tensor([1]), b: tensor([2]) });
    const before = memory().numTensors;
    expect(() => fromSafetensors(lateFailure)).toThrow(SafetensorsError);
    expect(() => fromSafetensors(valid, { backend: 'no-such-backend' })).toThrow(/no-such-backend/);
    try {
      expect(() => fromSafetensors(mixed, { backend: 'float32-only' })).toThrow(DTypeError);
    } finally {
      removeBackend('float32-only');
    }
    expect(memory().numTensors).toBeLessThanOrEqual(before);
  });

  it('takes only bytes', () => {
    expect(() => fromSafetensors('weights.safetensors' as unknown as Uint8Array)).toThrow(ArgumentError);
    expect(() => fromSafetensors(new Float32Array(4) as unknown as Uint8Array)).toThrow(
      /expected a Uint8Array or an ArrayBuffer, got Float32Array/,
    );
  });
});
