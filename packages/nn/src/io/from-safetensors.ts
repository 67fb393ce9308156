import { ArgumentError, checkOptions, type Tensor, tensor, type TypedArray } from '@strata/core';
import type { StateDict } from '../module/module.js';
import { CHECKSUM_KEY } from './checksum-key.js';
import { crc32 } from './crc32.js';
import { SafetensorsError } from './safetensors-error.js';
import { parseHeader } from './safetensors-header.js';

/**
 * What a safetensors file holds: its tensors by name, in header order, and the string metadata
 * of its `__metadata__` entry (empty without one).
 *
 * @example
 * ```ts
 * const { tensors, metadata }: SafetensorsContents = fromSafetensors(bytes);
 * ```
 */
export interface SafetensorsContents {
  tensors: StateDict;
  metadata: Record<string, string>;
}

function asBytes(fn: string, bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  const got = bytes === null ? 'null' : typeof bytes === 'object' ? bytes.constructor.name : typeof bytes;
  throw new ArgumentError(
    `${fn}: expected a Uint8Array or an ArrayBuffer, got ${got}; pass new Uint8Array(buffer) for other views.`,
  );
}

/**
 * @internal `fromSafetensors` with `fn` starting error messages (`load` names the file).
 *
 * @example
 * ```ts
 * decodeSafetensors(`load('${path}')`, await readFile(path), {}).tensors;
 * ```
 */
export function decodeSafetensors(
  fn: string,
  bytes: Uint8Array | ArrayBuffer,
  options: { backend?: string },
): SafetensorsContents {
  const data = asBytes(fn, bytes);
  const { entries, metadata: header, dataStart } = parseHeader(fn, data);
  const { [CHECKSUM_KEY]: checksum, ...metadata } = header;
  if (checksum !== undefined) {
    if (!/^[0-9a-f]{8}$/.test(checksum)) {
      throw new SafetensorsError(
        `${fn}: expected '${CHECKSUM_KEY}' in __metadata__ to be 8 lowercase hex digits (a CRC-32), got ${JSON.stringify(checksum)}; the file is corrupt.`,
      );
    }
    const actual = crc32(data.subarray(dataStart));
    if (actual !== checksum) {
      throw new SafetensorsError(
        `${fn}: expected the tensor data to have the CRC-32 recorded in its metadata (${checksum}), got ${actual}; the file was damaged after it was written (a flipped bit, a bad copy), use another copy.`,
      );
    }
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  // Every value is decoded (and range-checked) before any tensor exists, so a bad file yields
  // no tensors at all.
  const values: TypedArray[] = entries.map((e) =>
    e.stored.read(view, dataStart + e.begin, e.numel, (expected, got) => {
      throw new SafetensorsError(`${fn}: expected ${expected} in tensor '${e.name}', got ${got}.`);
    }),
  );
  const created: Tensor[] = [];
  try {
    for (const [i, e] of entries.entries()) {
      created.push(tensor(values[i]!, { dtype: e.stored.dtype, shape: e.shape, backend: options.backend }));
    }
  } catch (error) {
    for (const t of created) t.dispose();
    throw error;
  }
  // fromEntries defines own properties, so a tensor named `__proto__` stays a tensor.
  return { tensors: Object.fromEntries(entries.map((e, i) => [e.name, created[i]!])), metadata };
}

/**
 * Reads a safetensors file (Hugging Face's format, what `safetensors.torch.save_file` writes)
 * from its bytes. Every part of the file is validated first — header length, JSON, dtypes,
 * shapes against byte lengths, offsets in range, non-overlapping and covering the data exactly,
 * unique names, and the CRC-32 of the tensor data when the metadata records one (`strata.crc32`,
 * which strata writes; it is not returned in `metadata`) — and any problem throws a
 * `SafetensorsError` before a tensor is created.
 * F32, F64, I32 and BOOL read as float32, float64, int32 and bool; F16 and BF16 become float32;
 * I64 becomes int32 (checked to fit, as PyTorch's `num_batches_tracked`); I8, U8 and I16 become
 * int32. These conversions keep every value; `loadStateDict` then refuses a tensor whose dtype
 * differs from the parameter's (an I32 file for float32 weights), so nothing is cast silently.
 * Browser-safe: no file system involved.
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(await (await fetch('/weights/mlp.safetensors')).arrayBuffer());
 * const { tensors, metadata } = fromSafetensors(bytes);
 * net.loadStateDict(tensors);
 * ```
 */
export function fromSafetensors(
  bytes: Uint8Array | ArrayBuffer,
  options: { backend?: string } = {},
): SafetensorsContents {
  checkOptions('fromSafetensors', options, ['backend']);
  return decodeSafetensors('fromSafetensors', bytes, options);
}
