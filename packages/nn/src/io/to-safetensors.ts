import { ArgumentError, checkOptions, DisposedError, Tensor, type TypedArray } from '@strata/core';
import type { StateDict } from '../module/module.js';
import { crc32 } from './crc32.js';
import { CHECKSUM_KEY } from './checksum-key.js';
import { WRITTEN_DTYPES } from './safetensors-dtypes.js';

const METADATA_KEY = '__metadata__';

/**
 * @internal Throws unless `stateDict` maps names to live tensors and `metadata` strings to
 * strings.
 *
 * @example
 * ```ts
 * checkStateDict('save', net.stateDict(), { epoch: '3' });
 * ```
 */
export function checkStateDict(fn: string, stateDict: StateDict, metadata: Record<string, string> | undefined): void {
  if (typeof stateDict !== 'object' || stateDict === null) {
    throw new ArgumentError(
      `${fn}: expected a state dict (an object of tensors by name), got ${String(stateDict)}; pass net.stateDict().`,
    );
  }
  for (const [name, t] of Object.entries(stateDict)) {
    if (name === METADATA_KEY) {
      throw new ArgumentError(
        `${fn}: expected tensor names other than '${METADATA_KEY}', got a tensor named so; the format reserves it for metadata, rename the tensor.`,
      );
    }
    if (!(t instanceof Tensor)) {
      throw new ArgumentError(
        `${fn}: expected a Tensor for every key, got ${t === null ? 'null' : typeof t} for '${name}'.`,
      );
    }
    if (t.isDisposed) {
      throw new DisposedError(
        `${fn}: expected live tensors, got '${name}' disposed; keep() tensors you mean to save, or save before disposing them.`,
      );
    }
  }
  for (const [key, value] of Object.entries(metadata ?? {})) {
    if (key === CHECKSUM_KEY) {
      throw new ArgumentError(
        `${fn}: expected metadata keys other than '${CHECKSUM_KEY}', got it; strata writes the checksum of the tensor data there itself, drop the key.`,
      );
    }
    if (typeof value !== 'string') {
      throw new ArgumentError(
        `${fn}: expected metadata values to be strings, got ${typeof value} for '${key}'; convert it with String() or JSON.stringify().`,
      );
    }
  }
}

/**
 * @internal Lays out named tensors' host values as a safetensors file. Header keys keep the
 * given order, after `__metadata__` (always written: it holds the data's checksum); the data is
 * ordered by item size, largest first.
 *
 * @example
 * ```ts
 * const w = tensor([1, 2]);
 * const bytes = encodeSafetensors([['w', w, w.dataSync()]], { format: 'pt' });
 * ```
 */
export function encodeSafetensors(
  tensors: readonly (readonly [string, Tensor, TypedArray])[],
  metadata: Record<string, string> | undefined,
): Uint8Array {
  // With an 8-byte-aligned header, putting 8-byte items first, then 4, then 1 leaves every tensor
  // at a multiple of its item size (what Python's writer does too), so readers can map the data
  // with typed-array views instead of copying.
  const layout = [...tensors].sort((a, b) => WRITTEN_DTYPES[b[1].dtype].itemsize - WRITTEN_DTYPES[a[1].dtype].itemsize);
  const offsets = new Map<string, [number, number]>();
  let dataLength = 0;
  for (const [name, t, values] of layout) {
    const begin = dataLength;
    dataLength += values.length * WRITTEN_DTYPES[t.dtype].itemsize;
    offsets.set(name, [begin, dataLength]);
  }
  const entries = tensors.map(([name, t]) => [
    name,
    { dtype: WRITTEN_DTYPES[t.dtype].code, shape: [...t.shape], data_offsets: offsets.get(name) },
  ]);
  // The checksum has a fixed width, so a placeholder sizes the header before the data exists.
  const headerJson = (checksum: string) =>
    new TextEncoder().encode(
      JSON.stringify(Object.fromEntries([[METADATA_KEY, { ...metadata, [CHECKSUM_KEY]: checksum }], ...entries])),
    );
  const placeholder = headerJson('00000000');
  // The format allows trailing spaces in the header; padding to 8 bytes aligns the data.
  const headerLength = Math.ceil(placeholder.length / 8) * 8;
  const dataStart = 8 + headerLength;
  const out = new Uint8Array(dataStart + dataLength);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  for (const [name, t, values] of layout) {
    WRITTEN_DTYPES[t.dtype].write(view, dataStart + offsets.get(name)![0], values);
  }
  const json = headerJson(crc32(out.subarray(dataStart)));
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, dataStart);
  return out;
}

/**
 * Writes a state dict as a safetensors file (Hugging Face's format, what
 * `safetensors.torch.load_file` reads) and returns its bytes. Names keep the state dict's
 * order in the header; `metadata` (strings only) goes in `__metadata__`, with the CRC-32 of the
 * tensor data under `strata.crc32`, which this package's readers verify and PyTorch's ignore.
 * float32, float64, int32 and bool are written as F32, F64, I32 and BOOL. Reads values
 * synchronously, so the
 * tensors must be on a backend that can (use `save`, which awaits, otherwise). Browser-safe.
 *
 * @example
 * ```ts
 * const bytes = toSafetensors(net.stateDict(), { metadata: { format: 'pt' } });
 * const url = URL.createObjectURL(new Blob([bytes]));
 * ```
 */
export function toSafetensors(stateDict: StateDict, options: { metadata?: Record<string, string> } = {}): Uint8Array {
  checkOptions('toSafetensors', options, ['metadata']);
  checkStateDict('toSafetensors', stateDict, options.metadata);
  const tensors = Object.entries(stateDict).map(([name, t]) => [name, t, t.dataSync()] as const);
  return encodeSafetensors(tensors, options.metadata);
}
