import '@strata/backend-cpu';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArgumentError, crossEntropy, manualSeed, tensor } from '@strata/core';
import { DataLoader } from '@strata/data';
import { Flatten, Linear, ReLU, Sequential, toSafetensors } from '@strata/nn';
import { SGD } from '@strata/optim';
import { describe, expect, it } from 'vitest';
import { Patterns } from './__fixtures__/patterns.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { CheckpointError } from './checkpoint-error.js';
import * as loop from './fit.js';
import { metricsCsv } from './metrics-log.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import type { EpochMetrics } from './types.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'strata-fit-failures-'));

function setup() {
  manualSeed(0);
  const model = new Sequential(new Flatten(), new Linear(16, 8), new ReLU(), new Linear(8, 4));
  const optimizer = new SGD(model.parameters(), { lr: 0.1 });
  const trainLoader = new DataLoader(new Patterns(64), { batchSize: 16, shuffle: true, seed: 3 });
  const testLoader = new DataLoader(new Patterns(16, 1000), { batchSize: 16 });
  return { model, optimizer, trainLoader, testLoader };
}

/** Cross-entropy, except that the loss of training step `bad` (counted from 1) is NaN. */
function nanAtStep(bad: number) {
  let step = 0;
  return (output: Parameters<typeof crossEntropy>[0], target: Parameters<typeof crossEntropy>[1]) => {
    const loss = crossEntropy(output, target);
    return output.requiresGrad && ++step === bad ? loss.mul(Number.NaN) : loss;
  };
}

describe('fit at a non-finite loss', () => {
  it('stops, naming the epoch, batch and step, before any checkpoint after it', async () => {
    const dir = tmp();
    const { model, ...rest } = setup();
    const error = await loop
      .fit(model, {
        ...rest,
        epochs: 3,
        checkpointDir: dir,
        lossFn: nanAtStep(6),
        progressEvery: 3,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect(error).toMatchObject({ epoch: 2, batch: 2, step: 6 });
    expect((error as Error).message).toBe(
      "fit: expected a finite loss, got NaN at epoch 2, batch 2 of 4 (step 6); the run stopped before writing a checkpoint, so the last one holds the weights from before. Lower the learning rate or check the data, or pass nonFinite: 'continue' to train on.",
    );
    const { state } = await loadCheckpoint(join(dir, 'last.safetensors'));
    expect(state.epoch).toBe(1);
  });

  it("trains on with nonFinite: 'continue'", async () => {
    const { model, ...rest } = setup();
    const result = await loop.fit(model, { ...rest, epochs: 2, lossFn: nanAtStep(2), nonFinite: 'continue' });
    expect(result.history).toHaveLength(2);
    expect(result.history[0]!.trainLoss).toBeNaN();
    await expect(loop.fit(model, { ...rest, epochs: 1, nonFinite: 'never' as never })).rejects.toThrow(
      "fit: expected nonFinite to be 'stop' or 'continue', got never.",
    );
  });
});

describe('fit before its first step', () => {
  it('says that a run directory without a checkpoint cannot be resumed', async () => {
    const dir = tmp();
    const { model, ...rest } = setup();
    await expect(loop.fit(model, { ...rest, epochs: 1, checkpointDir: dir, resume: dir })).rejects.toThrow(
      new CheckpointError(
        `fit: expected a checkpoint to resume from in '${dir}' (last.safetensors), got none; the run stopped before its first checkpoint, so start it again instead of resuming.`,
      ),
    );
  });

  it('refuses a checkpoint directory that does not exist or cannot be written, before training', async () => {
    const { model, ...rest } = setup();
    let steps = 0;
    const counting = { onBatchEnd: () => void steps++ };
    await expect(loop.fit(model, { ...rest, epochs: 1, checkpointDir: join(tmp(), 'missing') })).rejects.toThrow(
      ArgumentError,
    );
    const file = join(tmp(), 'a-file');
    writeFileSync(file, '');
    await expect(loop.fit(model, { ...rest, epochs: 1, checkpointDir: file, callbacks: [counting] })).rejects.toThrow(
      /expected checkpointDir to be an existing directory/,
    );
    expect(steps).toBe(0);
  });

  it('removes the temporary files a killed run left, and writes the logs of the resumed history', async () => {
    const dir = tmp();
    const { model, ...rest } = setup();
    await loop.fit(model, { ...rest, epochs: 1, checkpointDir: dir });
    writeFileSync(join(dir, 'last.safetensors.tmp-99999999-abc123'), 'partial');
    writeFileSync(join(dir, 'metrics.jsonl'), '');
    const again = setup();
    let seen: string[] = [];
    const { model: againModel, ...againOptions } = again;
    await loop.fit(againModel, {
      ...againOptions,
      epochs: 1,
      checkpointDir: dir,
      resume: dir,
      callbacks: [
        {
          onTrainBegin: () => {
            seen = readdirSync(dir).sort();
          },
        },
      ],
    });
    expect(seen).toEqual(['best.safetensors', 'last.safetensors', 'metrics.csv', 'metrics.jsonl']);
    expect(readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

describe('loadCheckpoint on damaged or foreign files', () => {
  async function written(): Promise<{ dir: string; path: string; bytes: Uint8Array }> {
    const dir = tmp();
    const { model, ...rest } = setup();
    await loop.fit(model, { ...rest, epochs: 1, checkpointDir: dir });
    const path = join(dir, 'last.safetensors');
    return { dir, path, bytes: readFileSync(path) };
  }

  /** The checkpoint at `path` with its training state replaced by `edit(state)`. */
  async function withState(path: string, edit: (state: Record<string, unknown>) => unknown): Promise<string> {
    const { model, optimizer, state } = await loadCheckpoint(path);
    const out = `${path}.edited.safetensors`;
    await saveCheckpoint(out, { model, optimizer, state: edit({ ...state }) as never });
    return out;
  }

  it('refuses a flipped bit in the tensor data', async () => {
    const { path, bytes } = await written();
    const damaged = Uint8Array.from(bytes);
    damaged[damaged.length - 5]! ^= 0x04;
    writeFileSync(path, damaged);
    await expect(loadCheckpoint(path)).rejects.toThrow(
      new RegExp(
        `^loadCheckpoint: expected a strata checkpoint at '${path}', got a damaged file: fromSafetensors: expected the tensor data to have the CRC-32 recorded in its metadata`,
      ),
    );
  });

  it('refuses a training state that is malformed, naming the field', async () => {
    const { path } = await written();
    const cases: [(s: Record<string, unknown>) => unknown, RegExp][] = [
      [(s) => ({ ...s, epoch: -1 }), /to have epoch as an integer >= 0, got -1/],
      [(s) => ({ ...s, history: [{ epoch: 1, trainLoss: '=cmd|calc' }] }), /to have history as the metrics of epochs/],
      [(s) => ({ ...s, bestTestAccuracy: 3 }), /to have bestTestAccuracy as null or a number in \[0, 1\], got 3/],
      [(s) => ({ ...s, metadata: { config: 7 } }), /to have metadata as an object of strings/],
      [(s) => ({ ...s, epoch: 2 }), /to have the metrics of its 2 epochs, got 1/],
    ];
    for (const [edit, message] of cases) {
      const edited = await withState(path, edit);
      const error = await loadCheckpoint(edited).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckpointError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('refuses metadata that is not JSON, and a plain safetensors file', async () => {
    const { dir } = await written();
    const notJson = join(dir, 'not-json.safetensors');
    writeFileSync(notJson, toSafetensors({ 'model.w': tensor([1]) }, { metadata: { 'strata.training': '{oops' } }));
    await expect(loadCheckpoint(notJson)).rejects.toThrow(
      /expected JSON in the 'strata.training' metadata of '.*not-json\.safetensors', got text that does not parse/,
    );
    const plain = join(dir, 'plain.safetensors');
    writeFileSync(plain, toSafetensors({ w: tensor([1]) }));
    await expect(loadCheckpoint(plain)).rejects.toThrow(CheckpointError);
  });

  it('refuses model weights that are not finite', async () => {
    const { path } = await written();
    const { model, optimizer, state } = await loadCheckpoint(path);
    const key = Object.keys(model)[0]!;
    const infinite = join(path, '..', 'inf.safetensors');
    await saveCheckpoint(infinite, {
      model: { ...model, [key]: model[key]!.mul(Number.POSITIVE_INFINITY) },
      optimizer,
      state,
    });
    await expect(loadCheckpoint(infinite)).rejects.toThrow(
      new RegExp(`expected finite model weights in '.*inf\\.safetensors', got (-)?Infinity at index \\d+ of '${key}'`),
    );
  });

  it('says which file it could not read', async () => {
    const path = join(tmp(), 'nothing.safetensors');
    expect(existsSync(path)).toBe(false);
    await expect(loadCheckpoint(path)).rejects.toThrow(/got ENOENT for '.*nothing\.safetensors'/);
  });
});

describe('metricsCsv', () => {
  it('escapes text a spreadsheet would run as a formula, and quotes what would break the row', () => {
    const row = { epoch: 1, trainLoss: '=HYPERLINK("x")', trainAccuracy: '+1', testLoss: '-2', testAccuracy: '@A1' };
    const csv = metricsCsv([{ ...row, examplesPerSec: 1, lr: -0.5, seconds: 'a,b' } as unknown as EpochMetrics]);
    expect(csv.split('\n')[1]).toBe(`1,"'=HYPERLINK(""x"")",'+1,'-2,'@A1,1,-0.5,"a,b"`);
  });
});
