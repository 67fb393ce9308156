import '@strata/backend-cpu';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, type Tensor } from '@strata/core';
import { DataLoader } from '@strata/data';
import { Flatten, Linear, ReLU, Sequential } from '@strata/nn';
import { SGD, StepLR } from '@strata/optim';
import { describe, expect, it, vi } from 'vitest';
import { learned } from './__fixtures__/learned.js';
import { Patterns } from './__fixtures__/patterns.js';
import { loadCheckpoint } from './checkpoint.js';
import { evaluate } from './evaluate.js';
import * as loop from './fit.js';
import type { EpochMetrics } from './types.js';

// Fault injection: every operation of node:fs/promises that changes the disk (creating a file,
// writing it, flushing it or its directory, renaming, removing) is a numbered point. A run
// "crashes" at point k: the operation is not done (a write leaves half its bytes, as a torn
// write does), and from then on nothing of that run reaches the disk, its error handlers'
// clean-up included, exactly as when the process is killed there.
class Crash extends Error {}
const fault = vi.hoisted(() => ({ armed: false, at: -1, count: 0, crashed: false, points: [] as string[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const point = async (what: string, torn?: () => Promise<void>): Promise<void> => {
    if (!fault.armed) return;
    if (fault.crashed) throw new Crash('the process is gone');
    fault.points.push(what);
    if (fault.count++ !== fault.at) return;
    fault.crashed = true;
    await torn?.();
    throw new Crash(`crashed at ${what}`);
  };
  const name = (path: unknown) =>
    String(path)
      .split('/')
      .at(-1)!
      .replace(/\.tmp-.*/, '.tmp');
  const open: typeof fs.open = async (path, flags, mode) => {
    const writes = typeof flags === 'string' && /[wa+]/.test(flags);
    if (writes) await point(`create ${name(path)}`);
    const handle = await fs.open(path, flags, mode);
    const { writeFile, sync } = handle;
    handle.writeFile = async (data, options) => {
      await point(`write ${name(path)}`, async () => {
        const bytes = typeof data === 'string' ? Buffer.from(data) : (data as Uint8Array);
        await writeFile.call(handle, bytes.subarray(0, bytes.length >> 1));
      });
      return writeFile.call(handle, data, options);
    };
    handle.sync = async () => {
      await point(`flush ${name(path)}${writes ? '' : '/'}`);
      return sync.call(handle);
    };
    return handle;
  };
  const wrap =
    <A extends unknown[], R>(verb: string, f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await point(`${verb} ${name(args[0])}${args.length > 1 && verb === 'rename' ? ` -> ${name(args[1])}` : ''}`);
      return f(...args);
    };
  const mocked = {
    ...fs,
    open,
    rename: wrap('rename', fs.rename),
    rm: wrap('remove', fs.rm),
    unlink: wrap('remove', fs.unlink),
    writeFile: wrap('write', fs.writeFile),
    link: wrap('link', fs.link),
    mkdir: wrap('mkdir', fs.mkdir),
  };
  return { ...mocked, default: mocked };
});

const EPOCHS = 3;

function setup() {
  manualSeed(0);
  const model = new Sequential(new Flatten(), new Linear(16, 16), new ReLU(), new Linear(16, 4));
  const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const trainLoader = new DataLoader(new Patterns(96), { batchSize: 16, shuffle: true, seed: 11 });
  const testLoader = new DataLoader(new Patterns(40, 1000), { batchSize: 16 });
  return { model, optimizer, scheduler, trainLoader, testLoader };
}

function run(dir: string, resume: boolean) {
  const { model, ...rest } = setup();
  return loop.fit(model, { ...rest, epochs: EPOCHS, checkpointDir: dir, ...(resume ? { resume: dir } : {}) });
}

const values = (sd: Record<string, Tensor>) =>
  Object.fromEntries(Object.entries(sd).map(([k, t]) => [k, Array.from(t.dataSync())]));

async function read(path: string) {
  const { model, state } = await loadCheckpoint(path);
  return { weights: values(model), state };
}

/** The accuracy of the model in `path` on the test set, loaded as `strata eval` does. */
async function evalAccuracy(path: string): Promise<number> {
  const { model, testLoader } = setup();
  const { model: weights } = await loadCheckpoint(path);
  model.loadStateDict(weights);
  return (await evaluate(model, testLoader)).accuracy;
}

const exists = (dir: string, file: string) => readdirSync(dir).includes(file);

/** Whether `error` is the injected crash, or an error it caused (writeFileAtomic wraps it). */
const isCrash = (error: unknown): boolean =>
  error instanceof Crash || (error instanceof Error && error.cause !== undefined && isCrash(error.cause));

describe('a crash at any write, flush or rename of a run', () => {
  it('leaves a consistent last/best pair, and resume then eval agree with an uncrashed run', async () => {
    const reference = mkdtempSync(join(tmpdir(), 'strata-crash-ref-'));
    Object.assign(fault, { armed: true, at: -1, count: 0, crashed: false, points: [] });
    await run(reference, false);
    fault.armed = false;
    const points = [...fault.points];
    // Every kind of point of the protocol is exercised, for both files and the logs.
    for (const file of ['last.safetensors', 'best.safetensors', 'metrics.jsonl', 'metrics.csv']) {
      for (const verb of ['create', 'write', 'flush', 'rename']) {
        expect(points.some((p) => p.startsWith(verb) && p.includes(file))).toBe(true);
      }
    }
    expect(points).toContain(`flush ${reference.split('/').at(-1)}/`);
    const last = await read(join(reference, 'last.safetensors'));
    const best = await read(join(reference, 'best.safetensors'));
    expect(last.state.epoch).toBe(EPOCHS);

    for (let at = 0; at < points.length; at++) {
      const dir = mkdtempSync(join(tmpdir(), 'strata-crash-'));
      Object.assign(fault, { armed: true, at, count: 0, crashed: false, points: [] });
      const error = await run(dir, false).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isCrash(error), `crash at point ${at} (${points[at]}): ${String(error)}`).toBe(true);
      fault.armed = false;
      const where = `after a crash at point ${at}: ${points[at]}`;

      // At rest: every checkpoint present is whole, and best is never older than the best
      // accuracy last records.
      const lastNow = exists(dir, 'last.safetensors') ? await read(join(dir, 'last.safetensors')) : undefined;
      const bestNow = exists(dir, 'best.safetensors') ? await read(join(dir, 'best.safetensors')) : undefined;
      if (lastNow?.state.bestTestAccuracy != null) {
        expect(bestNow, `${where}: best.safetensors is missing`).toBeDefined();
        expect(bestNow!.state.bestTestAccuracy, where).toBeGreaterThanOrEqual(lastNow.state.bestTestAccuracy);
      }

      // Restart as a user would: resume when there is a checkpoint, start again otherwise.
      const result = await run(dir, lastNow !== undefined);
      expect(readdirSync(dir).sort(), where).toEqual([
        'best.safetensors',
        'last.safetensors',
        'metrics.csv',
        'metrics.jsonl',
      ]);
      const lastAfter = await read(join(dir, 'last.safetensors'));
      const bestAfter = await read(join(dir, 'best.safetensors'));
      expect(learned(lastAfter.state.history), where).toEqual(learned(last.state.history));
      expect(lastAfter.weights, where).toEqual(last.weights);
      expect(bestAfter.weights, where).toEqual(best.weights);
      expect(lastAfter.state.bestTestAccuracy, where).toBe(last.state.bestTestAccuracy);
      expect(result.bestTestAccuracy, where).toBe(last.state.bestTestAccuracy);
      expect(await evalAccuracy(join(dir, 'best.safetensors')), where).toBe(lastAfter.state.bestTestAccuracy);
      const logged = readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as EpochMetrics);
      expect(learned(logged), where).toEqual(learned(last.state.history));
    }
  }, 300_000);
});
