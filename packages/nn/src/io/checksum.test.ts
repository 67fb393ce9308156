import '@strata/backend-cpu';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ArgumentError, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.js';
import { fromSafetensors } from './from-safetensors.js';
import { SafetensorsError } from './safetensors-error.js';
import { toSafetensors } from './to-safetensors.js';

const weights = () => ({
  w: tensor([
    [1.5, -2],
    [0.25, 8],
  ]),
  b: tensor([3, 1, 4], { dtype: 'int32' }),
});

function dataStart(bytes: Uint8Array): number {
  return 8 + Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
}

describe('the CRC-32 of the tensor data in strata safetensors files', () => {
  it('is the standard CRC-32', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe('cbf43926');
    expect(crc32(new Uint8Array(0))).toBe('00000000');
  });

  it('is written as strata.crc32 metadata, verified on load and not returned', () => {
    const bytes = toSafetensors(weights(), { metadata: { format: 'pt' } });
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, dataStart(bytes))));
    expect(header.__metadata__).toEqual({ format: 'pt', 'strata.crc32': crc32(bytes.subarray(dataStart(bytes))) });
    expect(fromSafetensors(bytes).metadata).toEqual({ format: 'pt' });
  });

  it('catches every single flipped bit of the tensor data', () => {
    const bytes = toSafetensors(weights());
    const start = dataStart(bytes);
    for (let i = start; i < bytes.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = bytes.slice();
        damaged[i]! ^= 1 << bit;
        expect(() => fromSafetensors(damaged), `byte ${i} bit ${bit}`).toThrow(SafetensorsError);
      }
    }
    const damaged = bytes.slice();
    damaged[start + 3]! ^= 0x10;
    expect(() => fromSafetensors(damaged)).toThrow(
      /^fromSafetensors: expected the tensor data to have the CRC-32 recorded in its metadata \([0-9a-f]{8}\), got [0-9a-f]{8}; the file was damaged after it was written \(a flipped bit, a bad copy\), use another copy\.$/,
    );
  });

  it('refuses a malformed checksum and a caller who tries to set one', () => {
    const bytes = toSafetensors(weights());
    const at = new TextDecoder().decode(bytes.subarray(0, dataStart(bytes))).indexOf('"strata.crc32":"') + 16;
    const bad = bytes.slice();
    bad.set(new TextEncoder().encode('NOTACRC!'), at);
    expect(() => fromSafetensors(bad)).toThrow(
      `fromSafetensors: expected 'strata.crc32' in __metadata__ to be 8 lowercase hex digits (a CRC-32), got "NOTACRC!"; the file is corrupt.`,
    );
    expect(() => toSafetensors(weights(), { metadata: { 'strata.crc32': '00000000' } })).toThrow(ArgumentError);
  });

  it('is optional: files without it (written by PyTorch) load as before', async () => {
    const file = fileURLToPath(new URL('./__fixtures__/mlp.safetensors', import.meta.url));
    expect(fromSafetensors(await readFile(file)).metadata).toEqual({ format: 'pt' });
  });
});
