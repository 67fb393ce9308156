import { formatShape } from '@strata/core';
import { SafetensorsError } from './safetensors-error.js';
import { STORED_DTYPES, type StoredDType } from './safetensors-dtypes.js';

/**
 * @internal One tensor as the header describes it; offsets are relative to the data buffer.
 *
 * @example
 * ```ts
 * const { name, shape, begin, end }: HeaderEntry = parseHeader('load', bytes).entries[0]!;
 * ```
 */
export interface HeaderEntry {
  readonly name: string;
  readonly code: string;
  readonly stored: StoredDType;
  readonly shape: number[];
  readonly numel: number;
  readonly begin: number;
  readonly end: number;
}

/**
 * @internal A validated header: its tensors in header order, its metadata, where data starts.
 *
 * @example
 * ```ts
 * const { entries, metadata, dataStart }: ParsedHeader = parseHeader('load', bytes);
 * ```
 */
export interface ParsedHeader {
  readonly entries: HeaderEntry[];
  readonly metadata: Record<string, string>;
  readonly dataStart: number;
}

const METADATA_KEY = '__metadata__';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

// JSON.parse keeps the last of two equal keys silently; the format forbids them, so scan the
// (already valid) text for a key repeated within one object.
function findDuplicateKey(text: string): string | undefined {
  const objects: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const keys = objects.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      expectKey = false;
      i = j;
    } else if (c === '{' || c === '[') {
      objects.push(c === '{' ? new Set() : null);
      expectKey = c === '{';
    } else if (c === '}' || c === ']') {
      objects.pop();
    } else if (c === ',') {
      expectKey = Boolean(objects.at(-1));
    }
  }
  return undefined;
}

function decodeText(fn: string, bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SafetensorsError(
      `${fn}: expected a UTF-8 JSON header, got bytes that are not UTF-8; the file is corrupt or not a safetensors file.`,
    );
  }
}

function parseEntry(fn: string, name: string, info: unknown, dataLength: number): HeaderEntry {
  const where = `tensor '${name}'`;
  if (!isRecord(info)) {
    throw new SafetensorsError(`${fn}: expected { dtype, shape, data_offsets } for ${where}, got ${kindOf(info)}.`);
  }
  const { dtype: code, shape, data_offsets: offsets } = info;
  const stored = typeof code === 'string' && Object.hasOwn(STORED_DTYPES, code) ? STORED_DTYPES[code]! : undefined;
  if (stored === undefined) {
    throw new SafetensorsError(
      `${fn}: expected ${where} to have a dtype strata reads (${Object.keys(STORED_DTYPES).join(', ')}), got ${typeof code === 'string' ? `'${code}'` : kindOf(code)}; convert it in Python first, e.g. t.float().`,
    );
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    throw new SafetensorsError(
      `${fn}: expected the shape of ${where} to be an array of non-negative integers, got ${JSON.stringify(shape)}.`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
    throw new SafetensorsError(
      `${fn}: expected data_offsets of ${where} to be [begin, end] with 0 <= begin <= end, got ${JSON.stringify(offsets)}.`,
    );
  }
  const [begin, end] = offsets as [number, number];
  const numel = shape.reduce((a: number, b: number) => a * b, 1);
  if (end - begin !== numel * stored.itemsize) {
    throw new SafetensorsError(
      `${fn}: expected ${where} (${code}, shape ${formatShape(shape)}) to take ${numel * stored.itemsize} bytes, got data_offsets [${begin}, ${end}] (${end - begin} bytes).`,
    );
  }
  if (end > dataLength) {
    throw new SafetensorsError(
      `${fn}: expected data_offsets of ${where} within the ${dataLength}-byte data buffer, got [${begin}, ${end}]; the file is truncated or corrupt.`,
    );
  }
  return { name, code: code as string, stored, shape: [...shape], numel, begin, end };
}

function checkCoverage(fn: string, entries: readonly HeaderEntry[], dataLength: number): void {
  const byOffset = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: HeaderEntry | undefined;
  for (const e of byOffset) {
    if (e.begin < cursor) {
      throw new SafetensorsError(
        `${fn}: expected non-overlapping tensors, got '${previous!.name}' [${previous!.begin}, ${previous!.end}] and '${e.name}' [${e.begin}, ${e.end}] overlapping; the file is corrupt.`,
      );
    }
    if (e.begin > cursor) {
      throw new SafetensorsError(
        `${fn}: expected tensors to cover the data buffer without gaps, got ${e.begin - cursor} unused bytes at offset ${cursor} (before '${e.name}'); the file is corrupt.`,
      );
    }
    cursor = e.end;
    previous = e;
  }
  if (cursor !== dataLength) {
    throw new SafetensorsError(
      `${fn}: expected tensors to cover the ${dataLength}-byte data buffer exactly, got ${dataLength - cursor} trailing bytes after the last tensor; the file is corrupt.`,
    );
  }
}

/**
 * @internal Reads and validates the header of a safetensors file: the length prefix, the JSON,
 * every entry, and that the entries tile the data buffer exactly. `fn` starts error messages.
 *
 * @example
 * ```ts
 * parseHeader('fromSafetensors', bytes).entries.map((e) => e.name); // ['0.weight', '0.bias']
 * ```
 */
export function parseHeader(fn: string, bytes: Uint8Array): ParsedHeader {
  if (bytes.length < 8) {
    throw new SafetensorsError(
      `${fn}: expected at least 8 bytes (the header length), got ${bytes.length}; the file is empty or truncated.`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw new SafetensorsError(
      `${fn}: expected a header length of at most ${bytes.length - 8} (the bytes after the 8-byte prefix), got ${headerLength}; the file is truncated or not a safetensors file.`,
    );
  }
  const dataStart = 8 + Number(headerLength);
  const text = decodeText(fn, bytes.subarray(8, dataStart));
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    throw new SafetensorsError(
      `${fn}: expected a JSON header, got invalid JSON (${(e as Error).message}); the file is corrupt or not a safetensors file.`,
    );
  }
  if (!isRecord(header)) {
    throw new SafetensorsError(
      `${fn}: expected the header to be a JSON object, got ${kindOf(header)}; the file is corrupt or not a safetensors file.`,
    );
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    throw new SafetensorsError(
      `${fn}: expected unique keys in the header, got '${duplicate}' twice; the file is corrupt.`,
    );
  }
  const dataLength = bytes.length - dataStart;
  const entries: HeaderEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(header)) {
    if (name !== METADATA_KEY) {
      entries.push(parseEntry(fn, name, info, dataLength));
      continue;
    }
    const bad = isRecord(info) ? Object.entries(info).find(([, v]) => typeof v !== 'string') : undefined;
    if (!isRecord(info) || bad !== undefined) {
      const got = bad === undefined ? kindOf(info) : `${kindOf(bad[1])} for '${bad[0]}'`;
      throw new SafetensorsError(`${fn}: expected ${METADATA_KEY} to map strings to strings, got ${got}.`);
    }
    metadata = Object.fromEntries(Object.entries(info as Record<string, string>));
  }
  checkCoverage(fn, entries, dataLength);
  return { entries, metadata, dataStart };
}
