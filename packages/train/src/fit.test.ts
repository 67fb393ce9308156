import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@strata/backend-cpu';
import { isGradEnabled, manualSeed, type Tensor } from '@strata/core';
import { undisposedTensors } from '@strata/core/testing';
import { DataLoader } from '@strata/data';
import { Dropout, Flatten, Linear, Module, ReLU, save, Sequential } from '@strata/nn';
import { SGD, StepLR } from '@strata/optim';
import { describe, expect, it } from 'vitest';
import { earlyStopping, formatEpoch } from './callbacks.js';
import { loadCheckpoint } from './checkpoint.js';
import * as loop from './fit.js';
import type { FitOptions } from './fit.js';
import { learned } from './__fixtures__/learned.js';
import { Patterns } from './__fixtures__/patterns.js';
import type { EpochMetrics } from './types.js';

/** Records the training flag and grad mode of every forward call. */
class Probe extends Module {
  readonly calls: { training: boolean; grad: boolean }[] = [];
  forward(x: Tensor): Tensor {
    this.calls.push({ training: this.training, grad: isGradEnabled() });
    return x;
  }
}

function setup(seed = 0) {
  manualSeed(seed);
  const probe = new Probe();
  const model = new Sequential(
    probe,
    new Flatten(),
    new Linear(16, 32),
    new ReLU(),
    new Dropout(0.2),
    new Linear(32, 4),
  );
  const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const trainLoader = new DataLoader(new Patterns(96), { batchSize: 16, shuffle: true, seed: 11 });
  const testLoader = new DataLoader(new Patterns(40, 1000), { batchSize: 16 });
  return { model, probe, optimizer, scheduler, trainLoader, testLoader };
}

/** The parts of a setup that are fit's options (not the model and its probe). */
const fitOptions = ({ model: _, probe: __, ...options }: ReturnType<typeof setup>) => options;
const tmp = (): string => mkdtempSync(join(tmpdir(), 'strata-fit-'));
const weights = (m: Module): Record<string, number[]> =>
  Object.fromEntries(Object.entries(m.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())]));
describe('fit', () => {
  it("learns, switching train/eval and grad mode, and reports the chapters' metrics", async () => {
    const { model, probe, optimizer, scheduler, trainLoader, testLoader } = setup();
    const result = await loop.fit(model, { trainLoader, testLoader, optimizer, scheduler, epochs: 4 });
    expect(result.stopped).toBe('completed');
    expect(result.history.map((m) => m.epoch)).toEqual([1, 2, 3, 4]);
    const last = result.history.at(-1)!;
    expect(last.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(last.trainLoss).toBeLessThan(result.history[0]!.trainLoss);
    expect(result.history.map((m) => m.lr)).toEqual([0.1, 0.1, 0.05, 0.05]);
    expect(last.examplesPerSec).toBeGreaterThan(0);
    // 6 train batches then 3 test batches per epoch.
    const perEpoch = [
      ...Array(6).fill({ training: true, grad: true }),
      ...Array(3).fill({ training: false, grad: false }),
    ];
    expect(probe.calls).toEqual([...perEpoch, ...perEpoch, ...perEpoch, ...perEpoch]);
    expect(model.training).toBe(true);
    expect(result.bestTestAccuracy).toBe(Math.max(...result.history.map((m) => m.testAccuracy!)));
  });

  it('keeps the tensor count flat from epoch to epoch', async () => {
    const { model, optimizer, trainLoader, testLoader } = setup();
    const counts: number[] = [];
    await loop.fit(model, {
      trainLoader,
      testLoader,
      optimizer,
      epochs: 4,
      callbacks: [{ onEpochEnd: () => void counts.push(undisposedTensors()) }],
    });
    expect(counts).toEqual([counts[0], counts[0], counts[0], counts[0]]);
  });

  it('resumes after an interruption mid-epoch with the numbers of an uninterrupted run', async () => {
    const reference = setup();
    const full = await loop.fit(reference.model, { ...fitOptions(reference), epochs: 4, checkpointDir: tmp() });

    const dir = tmp();
    const first = setup();
    const abort = new AbortController();
    const stopped = await loop.fit(first.model, {
      ...fitOptions(first),
      epochs: 4,
      checkpointDir: dir,
      progressEvery: 1,
      signal: abort.signal,
      callbacks: [{ onBatchEnd: (p) => void (p.epoch === 2 && p.batch === 3 && abort.abort()) }],
    });
    expect(stopped).toMatchObject({ stopped: 'interrupted', epoch: 1, batch: 3 });
    expect((await loadCheckpoint(join(dir, 'last.safetensors'))).state).toMatchObject({ epoch: 1, batch: 3 });

    // A new process: everything rebuilt (other initial weights), then the checkpoint restores it.
    const second = setup(99);
    const resumed = await loop.fit(second.model, { ...fitOptions(second), epochs: 4, checkpointDir: dir, resume: dir });
    expect(resumed.stopped).toBe('completed');
    expect(learned(resumed.history)).toEqual(learned(full.history));
    expect(weights(second.model)).toEqual(weights(reference.model));
    const momenta = (opt: SGD) =>
      Object.values(opt.stateDict().state).map((s) => Array.from((s.momentum_buffer as Tensor).dataSync()));
    expect(momenta(second.optimizer)).toEqual(momenta(reference.optimizer));
  });

  it('resumes from an epoch checkpoint to a later epoch, and rewrites the logs whole', async () => {
    const reference = setup();
    const full = await loop.fit(reference.model, { ...fitOptions(reference), epochs: 3 });
    const dir = tmp();
    const first = setup();
    await loop.fit(first.model, { ...fitOptions(first), epochs: 2, checkpointDir: dir });
    const second = setup(5);
    const resumed = await loop.fit(second.model, {
      ...fitOptions(second),
      epochs: 3,
      checkpointDir: dir,
      resume: join(dir, 'last.safetensors'),
    });
    expect(learned(resumed.history)).toEqual(learned(full.history));
    expect(weights(second.model)).toEqual(weights(reference.model));
    expect(readdirSync(dir).sort()).toEqual(['best.safetensors', 'last.safetensors', 'metrics.csv', 'metrics.jsonl']);
    const csv = readFileSync(join(dir, 'metrics.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('epoch,trainLoss,trainAccuracy,testLoss,testAccuracy,examplesPerSec,lr,seconds');
    expect(csv.slice(1).map((row) => Number(row.split(',')[4]))).toEqual(resumed.history.map((m) => m.testAccuracy));
    const jsonl = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EpochMetrics);
    expect(jsonl).toEqual(resumed.history);
    const best = await loadCheckpoint(join(dir, 'best.safetensors'));
    expect(best.state.history.at(-1)!.testAccuracy).toBe(resumed.bestTestAccuracy);
  });

  it("checkpoints every N batches too, and stores the caller's metadata", async () => {
    const dir = tmp();
    const { model, optimizer, trainLoader } = setup();
    const written: string[] = [];
    await loop.fit(model, {
      trainLoader,
      optimizer,
      epochs: 1,
      checkpointDir: dir,
      checkpointEvery: 2,
      metadata: { model: 'mlp' },
      callbacks: [{ onCheckpoint: (path, kind) => void written.push(`${kind}:${path.slice(dir.length + 1)}`) }],
    });
    expect(written).toEqual(['last:last.safetensors', 'last:last.safetensors', 'last:last.safetensors']);
    const { state } = await loadCheckpoint(join(dir, 'last.safetensors'));
    expect(state).toMatchObject({
      epoch: 1,
      batch: 0,
      partial: null,
      metadata: { model: 'mlp' },
      bestTestAccuracy: null,
    });
  });

  it('stops early when the monitored metric stops improving', async () => {
    const { model, trainLoader, testLoader } = setup();
    const frozen = new SGD(model.parameters(), { lr: 0 });
    const result = await loop.fit(model, {
      trainLoader,
      testLoader,
      optimizer: frozen,
      epochs: 10,
      callbacks: [earlyStopping({ patience: 2 })],
    });
    expect(result.stopped).toBe('early-stopped');
    expect(result.history).toHaveLength(3);
    expect(result.reason).toMatch(/^no improvement in testAccuracy for 2 epochs/);
  });

  it('rejects bad options and a resume from nothing or from plain weights', async () => {
    const { model, optimizer, trainLoader } = setup();
    const base: FitOptions = { trainLoader, optimizer, epochs: 1 };
    await expect(loop.fit(model, { ...base, epochs: 0 })).rejects.toThrow(
      'fit: expected epochs to be an integer >= 1, got 0.',
    );
    await expect(loop.fit(model, { ...base, checkpointEvery: 5 })).rejects.toThrow(
      /checkpointDir with checkpointEvery/,
    );
    await expect(loop.fit(model, { ...base, trainLoader: [] as unknown as FitOptions['trainLoader'] })).rejects.toThrow(
      /trainLoader to be a DataLoader/,
    );
    await expect(loop.fit(model, { ...base, resume: '/nonexistent/run' })).rejects.toThrow(
      "fit: expected resume to be a checkpoint file or a run directory, got '/nonexistent/run', which does not exist.",
    );
    const plain = join(tmp(), 'weights.safetensors');
    await save(model, plain);
    await expect(loop.fit(model, { ...base, resume: plain })).rejects.toThrow(
      /expected a strata checkpoint .* plain weights load with nn.load/,
    );
  });

  it("formats the chapters' epoch line", () => {
    const line = formatEpoch(
      {
        epoch: 3,
        trainLoss: 0.4123,
        trainAccuracy: 0.8514,
        testLoss: 0.5,
        testAccuracy: 0.8421,
        examplesPerSec: 5120.34,
        lr: 0.1,
        seconds: 12,
      },
      'cpu',
    );
    expect(line).toBe('epoch 3: loss 0.412, train acc 0.851, test acc 0.842, 5,120.3 examples/sec on cpu');
  });
});
