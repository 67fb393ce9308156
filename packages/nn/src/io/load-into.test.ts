import '@strata/backend-cpu';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, type NestedArray, tensor } from '@strata/core';
import { undisposedTensors } from '@strata/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReLU } from '../layers/activations.js';
import { Linear } from '../layers/linear.js';
import { Sequential } from '../module/containers.js';
import { type Module, StateDictError } from '../module/module.js';
import { load } from './load.js';
import { loadInto } from './load-into.js';
import { SafetensorsError } from './safetensors-error.js';
import { save } from './save.js';
import { toSafetensors } from './to-safetensors.js';

let dir: string;

beforeEach(async () => {
  manualSeed(0);
  dir = await mkdtemp(join(tmpdir(), 'strata-load-into-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function snapshot(module: Module): Record<string, NestedArray> {
  return Object.fromEntries(Object.entries(module.stateDict()).map(([k, t]) => [k, t.toArray()]));
}

const mlp = () => new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));

describe('loadInto', () => {
  it('copies a saved model into another one in place', async () => {
    const source = mlp();
    const path = join(dir, 'mlp.safetensors');
    await save(source, path);
    const target = mlp();
    const weight = target.at(0).parameters()[0];
    expect(snapshot(target)).not.toEqual(snapshot(source));
    expect(await loadInto(target, path)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(snapshot(target)).toEqual(snapshot(source));
    expect(target.at(0).parameters()[0]).toBe(weight);
  });

  it('frees the tensors it read', async () => {
    const path = join(dir, 'mlp.safetensors');
    await save(mlp(), path);
    // What copying a state dict in costs by itself.
    const stateDict = await load(path);
    const other = mlp();
    const start = undisposedTensors();
    other.loadStateDict(stateDict);
    const copyCost = undisposedTensors() - start;
    const target = mlp();
    const before = undisposedTensors();
    await loadInto(target, path);
    expect(undisposedTensors() - before).toBe(copyCost);
    expect(target.forward(tensor([[1, 2, 3, 4]])).shape).toEqual([1, 3]);
  });

  it('leaves the model unchanged when the file does not match it', async () => {
    const path = join(dir, 'wide.safetensors');
    await save(new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)), path);
    const target = mlp();
    const before = snapshot(target);
    const error = await loadInto(target, path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateDictError);
    expect((error as StateDictError).shapeMismatches).toEqual([
      '0.weight: expected shape [8, 4], got [16, 4]',
      '0.bias: expected shape [8], got [16]',
      '2.weight: expected shape [3, 8], got [3, 16]',
    ]);
    expect(snapshot(target)).toEqual(before);
  });

  it('leaves the model unchanged when the file is corrupt', async () => {
    const path = join(dir, 'corrupt.safetensors');
    const bytes = toSafetensors(mlp().stateDict());
    await writeFile(path, bytes.subarray(0, bytes.length - 8));
    const target = mlp();
    const before = snapshot(target);
    await expect(loadInto(target, path)).rejects.toThrow(SafetensorsError);
    expect(snapshot(target)).toEqual(before);
  });

  it('reports missing and unexpected keys when not strict', async () => {
    const path = join(dir, 'partial.safetensors');
    const source = mlp().stateDict();
    await save({ '0.weight': source['0.weight']!, extra: tensor([1]) }, path);
    const target = mlp();
    await expect(loadInto(target, path)).rejects.toThrow(StateDictError);
    expect(await loadInto(target, path, { strict: false })).toEqual({
      missingKeys: ['0.bias', '2.weight', '2.bias'],
      unexpectedKeys: ['extra'],
    });
    expect(target.stateDict()['0.weight']!.toArray()).toEqual(source['0.weight']!.toArray());
  });
});
