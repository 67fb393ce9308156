// nn's public functions and methods that take an options object, held to the options rule.
import '@strata/backend-cpu';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ones, zeros } from '@strata/core';
import { type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { kaimingNormal_, kaimingUniform_ } from './init/init.js';
import { fromSafetensors } from './io/from-safetensors.js';
import { load } from './io/load.js';
import { loadInto } from './io/load-into.js';
import { save } from './io/save.js';
import { toSafetensors } from './io/to-safetensors.js';
import { Conv2d } from './layers/conv2d.js';
import { Linear } from './layers/linear.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-nn-options-'));
const file = join(dir, 'linear.safetensors');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const net = () => new Linear(2, 1);
const saved = async (): Promise<string> => {
  await save(net(), file);
  return file;
};
const bytes = () => toSafetensors({ w: ones([2]) });
const row = (fn: string, call: (o: never) => unknown, misspelt: string, meant: string): OptionsCase => ({
  fn,
  call: (o) => call(o as never),
  misspelt,
  meant,
});

runOptionsContract([
  row('save', (o) => save(net(), file, o), 'meta_data', 'metadata'),
  row('load', async (o) => load(await saved(), o), 'device', 'backend'),
  row('loadInto', async (o) => loadInto(net(), await saved(), o), 'strict_mode', 'strict'),
  row('toSafetensors', (o) => toSafetensors({ w: ones([2]) }, o), 'metdata', 'metadata'),
  row('fromSafetensors', (o) => fromSafetensors(bytes(), o), 'device', 'backend'),
  row('loadStateDict', (o) => net().loadStateDict(net().stateDict(), o), 'Strict', 'strict'),
  row('registerBuffer', (o) => net().registerBuffer('b', zeros([1]), o), 'persistant', 'persistent'),
  row('namedParameters', (o) => net().namedParameters(o), 'recursive', 'recurse'),
  row('parameters', (o) => net().parameters(o), 'recursive', 'recurse'),
  row('namedBuffers', (o) => net().namedBuffers(o), 'recursive', 'recurse'),
  row('buffers', (o) => net().buffers(o), 'recursive', 'recurse'),
  row('zeroGrad', (o) => net().zeroGrad(o), 'set_to_none', 'setToNone'),
  row('kaimingUniform_', (o) => kaimingUniform_(zeros([2, 3]), o), 'Mode', 'mode'),
  row('kaimingNormal_', (o) => kaimingNormal_(zeros([2, 3]), o), 'non_linearity', 'nonlinearity'),
]);

describe('layer options', () => {
  it('share the core check: an unknown key names the layer and the option meant', () => {
    expect(() => new Conv2d(1, 2, 3, { padding_mode: 'zeros' } as never)).toThrow(
      'Conv2d: unknown option padding_mode; did you mean paddingMode?',
    );
  });
});
