import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { manualSeed } from '@strata/core';
import { DataLoader } from '@strata/data';
import { writeFileAtomic } from '@strata/nn';
import * as training from '@strata/train';
import { type Callback, epochLogger } from '@strata/train';
import { useBackend } from '../run/backends.js';
import { buildModel, buildOptimizer } from '../run/build-run.js';
import { openDatasets } from '../run/datasets.js';
import { learningCurvesSvg, svgToPng } from '../run/learning-curves.js';
import { progressReporter } from '../run/progress.js';
import { checkConfig, inputSize, type TrainConfig } from '../run/train-config.js';
import { UsageError } from '../usage-error.js';
import type { Io } from './io.js';

/**
 * The flags of `strata train`, as commander parses them (every one optional).
 *
 * @example
 * ```ts
 * const flags: TrainFlags = { epochs: 10, lr: 0.9, optimizer: 'sgd' };
 * ```
 */
export type TrainFlags = Partial<TrainConfig> & { out?: string; resume?: string; config?: string; json?: boolean };

async function readJson(path: string, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`expected ${what} at '${path}', got ${(error as { code?: string }).code ?? String(error)}.`);
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`expected ${what} at '${path}' to be JSON, got: ${(error as Error).message}.`);
  }
}

function configFlags(flags: TrainFlags): Partial<TrainConfig> {
  const { out: _o, resume: _r, config: _c, json: _j, ...rest } = flags;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<TrainConfig>;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const timestamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/**
 * `strata train [model]`: trains a model of `@strata/models` on Fashion-MNIST (or MNIST) and
 * keeps everything in a run directory. Returns the exit code (0 done, 130 interrupted).
 *
 * @example
 * ```ts
 * await trainCommand('lenet', { epochs: 10, lr: 0.9, optimizer: 'sgd' }, io);
 * ```
 */
export async function trainCommand(model: string | undefined, flags: TrainFlags, io: Io): Promise<number> {
  let config: TrainConfig;
  let runDir: string;
  if (flags.resume !== undefined) {
    const extra = configFlags(flags);
    const unsupported = Object.keys(extra).filter((k) => k !== 'epochs');
    if (unsupported.length > 0 || model !== undefined || flags.config !== undefined) {
      throw new UsageError(
        `--resume continues a run with its own config.json; only --epochs may change, got ${[...(model === undefined ? [] : ['<model>']), ...unsupported].join(', ') || '--config'}.`,
      );
    }
    runDir = flags.resume;
    config = checkConfig({
      ...(await readJson(join(runDir, 'config.json'), 'the config.json of a run directory')),
      ...extra,
    });
  } else {
    const base = flags.config === undefined ? {} : await readJson(flags.config, 'a config file');
    config = checkConfig({ ...base, ...configFlags(flags), ...(model === undefined ? {} : { model }) });
    runDir = flags.out ?? join('runs', `${config.model}-${timestamp()}`);
  }
  const log = (line: string): void => {
    (flags.json === true ? io.stderr : io.stdout).write(`${line}\n`);
  };

  await useBackend(config.backend);
  manualSeed(config.seed);
  const data = openDatasets(config);
  log(`data: ${data.source}`);
  const trainLoader = new DataLoader(data.train, {
    batchSize: config.batchSize,
    shuffle: true,
    seed: config.seed + 1,
    numWorkers: config.workers,
  });
  const testLoader = new DataLoader(data.test, { batchSize: config.batchSize, numWorkers: config.workers });
  const net = buildModel(config);
  const { optimizer, scheduler, interval } = buildOptimizer(config, net.parameters(), trainLoader.length);
  const size = inputSize(config);
  const params = net.parameters().reduce((n, p) => n + p.size, 0);
  log(
    `model: ${config.model} (${params.toLocaleString('en-US')} parameters, width ratio ${config.widthRatio}) on ${size}x${size} images; ${config.optimizer} lr ${config.lr}, batch ${config.batchSize}, ${plural(config.epochs, 'epoch')}, ${config.backend}`,
  );
  await mkdir(runDir, { recursive: true });
  if (flags.resume === undefined)
    await writeFileAtomic(join(runDir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`, 'strata train');
  else log(`resuming ${runDir}`);

  const abort = new AbortController();
  const onSigint = (): void => {
    if (abort.signal.aborted) process.exit(130);
    io.stderr.write('\nstopping after this batch to write a checkpoint (Ctrl-C again to quit at once)\n');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const curves: Callback = {
    onEpochEnd: async (_, run) => {
      const svg = learningCurvesSvg(run.history);
      await writeFileAtomic(join(runDir, 'curves.svg'), svg, 'strata train');
      await writeFileAtomic(join(runDir, 'curves.png'), svgToPng(svg), 'strata train');
    },
  };
  const started = performance.now();
  let result: training.FitResult;
  try {
    result = await training.fit(net, {
      trainLoader,
      testLoader,
      optimizer,
      scheduler,
      schedulerInterval: interval,
      epochs: config.epochs,
      checkpointDir: runDir,
      ...(flags.resume === undefined ? {} : { resume: runDir }),
      signal: abort.signal,
      progressEvery: Math.max(1, Math.floor(trainLoader.length / 100)),
      metadata: { config: JSON.stringify(config) },
      callbacks: [progressReporter({ stream: io.stderr, epochs: config.epochs }), epochLogger({ log }), curves],
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
  const seconds = (performance.now() - started) / 1000;
  const last = result.history.at(-1);
  if (flags.json === true)
    io.stdout.write(
      `${JSON.stringify({ runDir, stopped: result.stopped, epoch: result.epoch, batch: result.batch, bestTestAccuracy: result.bestTestAccuracy, history: result.history, seconds })}\n`,
    );
  if (result.stopped === 'interrupted') {
    log(
      `interrupted after epoch ${result.epoch} + ${result.batch} batches; checkpoint ${join(runDir, 'last.safetensors')}; continue with: strata train --resume ${runDir}`,
    );
    return 130;
  }
  log(
    `done in ${duration(seconds)}: test acc ${last?.testAccuracy?.toFixed(3) ?? 'n/a'} after ${plural(result.epoch, 'epoch')} (best ${result.bestTestAccuracy?.toFixed(3) ?? 'n/a'}); run directory ${runDir}`,
  );
  return 0;
}
