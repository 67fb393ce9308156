import '@strata/backend-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@strata/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Linear } from '../layers/linear.js';
import { StateDictError } from '../module/module.js';
import { file } from './__fixtures__/safetensors-file.js';
import { loadInto } from './load-into.js';

// A Linear(2, 1) checkpoint whose header says the weight is of `code`: what a corrupt or foreign
// file looks like. I64, U8 and BOOL read as int32 / bool tensors, which float weights refuse.
const WEIGHT_BYTES: Record<string, ArrayBufferView> = {
  I32: new Int32Array([7, -3]),
  I64: new BigInt64Array([7n, -3n]),
  U8: new Uint8Array([7, 3]),
  BOOL: new Uint8Array([1, 0]),
  F64: new Float64Array([0.5, -0.25]),
};
const READS_AS: Record<string, string> = { I32: 'int32', I64: 'int32', U8: 'int32', BOOL: 'bool', F64: 'float64' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'strata-load-dtypes-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function checkpoint(code: string): Promise<string> {
  const weight = WEIGHT_BYTES[code]!;
  const bias = new Float32Array([0.5]);
  const data = new Uint8Array(weight.byteLength + 4);
  data.set(new Uint8Array(weight.buffer, weight.byteOffset, weight.byteLength));
  data.set(new Uint8Array(bias.buffer), weight.byteLength);
  const header = {
    weight: { dtype: code, shape: [1, 2], data_offsets: [0, weight.byteLength] },
    bias: { dtype: 'F32', shape: [1], data_offsets: [weight.byteLength, weight.byteLength + 4] },
  };
  const path = join(dir, `${code}.safetensors`);
  await writeFile(path, file(header, data));
  return path;
}

describe('loading values of another dtype into float parameters', () => {
  for (const code of Object.keys(WEIGHT_BYTES)) {
    it(`refuses a ${code} weight, naming the key and both dtypes, and changes nothing`, async () => {
      const net = new Linear(2, 1);
      const before = net.weight.toArray();
      const error = await loadInto(net, await checkpoint(code)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StateDictError);
      expect((error as StateDictError).dtypeMismatches).toEqual([`weight: expected float32, got ${READS_AS[code]}`]);
      expect((error as Error).message).toBe(
        `loadStateDict: expected a state dict matching Linear, got dtype mismatches: weight: expected float32, got ${READS_AS[code]}. Nothing was loaded; cast the values first (sd[key] = sd[key].float()) when the conversion is intended; pass { strict: false } to skip missing and unexpected keys.`,
      );
      expect(net.weight.toArray()).toEqual(before);
    });
  }

  it('loads them once cast explicitly', () => {
    const net = new Linear(2, 1);
    net.loadStateDict({ weight: tensor([[7, -3]], { dtype: 'int32' }).float(), bias: tensor([0.5]) });
    expect(net.weight.toArray()).toEqual([[7, -3]]);
  });
});
