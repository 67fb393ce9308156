// train's public functions that take an options object, held to the options rule.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@strata/backend-cpu';
import { type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { DataLoader } from '@strata/data';
import { Flatten, Linear, Sequential } from '@strata/nn';
import { SGD } from '@strata/optim';
import { afterAll } from 'vitest';
import { earlyStopping, epochLogger, lrLogger } from './callbacks.js';
import { loadCheckpoint } from './checkpoint.js';
import { evaluate } from './evaluate.js';
import * as loop from './fit.js';
import { lockRunDir } from './run-lock.js';
import { Patterns } from './__fixtures__/patterns.js';

const dir = mkdtempSync(join(tmpdir(), 'strata-train-options-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const model = new Sequential(new Flatten(), new Linear(16, 4));
const optimizer = new SGD(model.parameters(), { lr: 0.1 });
const trainLoader = new DataLoader(new Patterns(8), { batchSize: 4 });
const row = (fn: string, call: (o: never) => unknown, misspelt: string, meant: string): OptionsCase => ({
  fn,
  call: (o) => call(o as never),
  misspelt,
  meant,
});
const checkpointDir = join(dir, 'run');
mkdirSync(checkpointDir);
let saved: Promise<string> | undefined;
// One short run writes the checkpoint that every loadCheckpoint call reads.
const checkpoint = (): Promise<string> => {
  saved ??= loop
    .fit(model, { trainLoader, optimizer, epochs: 1, checkpointDir })
    .then(() => join(checkpointDir, 'last.safetensors'));
  return saved;
};

runOptionsContract([
  {
    ...row('fit', (o) => loop.fit(model, o), 'num_epochs', 'epochs'),
    base: { trainLoader, optimizer, epochs: 1 },
  },
  row('evaluate', (o) => evaluate(model, trainLoader, o), 'loss_fn', 'lossFn'),
  row('epochLogger', (o) => epochLogger(o), 'logger', 'log'),
  row('lrLogger', (o) => lrLogger(o), 'logger', 'log'),
  row('earlyStopping', (o) => earlyStopping(o), 'min_delta', 'minDelta'),
  row('lockRunDir', async (o) => (await lockRunDir(dir, o)).release(), 'commnad', 'command'),
  row('loadCheckpoint', async (o) => loadCheckpoint(await checkpoint(), o), 'device', 'backend'),
]);
