import { rmSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { manualSeed } from '@strata/core';
import { DataLoader } from '@strata/data';
import { BatchNormBase, writeFileAtomic } from '@strata/nn';
import * as training from '@strata/train';
import { type Callback, CheckpointError, epochLogger, loadCheckpoint } from '@strata/train';
import { useBackend } from '../run/backends.js';
import { buildModel, buildOptimizer } from '../run/build-run.js';
import { openDatasets } from '../run/datasets.js';
import { learningCurvesSvg, svgToPng } from '../run/learning-curves.js';
import { progressReporter } from '../run/progress.js';
import { openRunDir, type RunDirMode } from '../run/run-dir.js';
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
export type TrainFlags = Partial<TrainConfig> & {
  out?: string;
  resume?: string;
  overwrite?: boolean;
  config?: string;
  json?: boolean;
};

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
  const { out: _o, resume: _r, overwrite: _w, config: _c, json: _j, ...rest } = flags;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<TrainConfig>;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const timestamp = (): string => new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');

function duration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}

/** Refuses flags that `--resume` cannot take: the run's config.json decides everything else. */
function checkResumeFlags(flags: TrainFlags, model: string | undefined): void {
  const unsupported = Object.keys(configFlags(flags)).filter((k) => k !== 'epochs');
  if (unsupported.length > 0 || model !== undefined || flags.config !== undefined || flags.out !== undefined) {
    const given = [
      ...(model === undefined ? [] : ['<model>']),
      ...unsupported,
      ...(flags.config === undefined ? [] : ['--config']),
      ...(flags.out === undefined ? [] : ['--out']),
    ];
    throw new UsageError(
      `--resume continues a run with its own config.json; only --epochs may change, got ${given.join(', ')}.`,
    );
  }
}

/** The config of the run in `dir`, with `--epochs` applied where it keeps the run's schedule. */
async function resumedConfig(dir: string, flags: TrainFlags): Promise<TrainConfig> {
  const extra = configFlags(flags);
  const path = join(dir, 'config.json');
  const saved = checkConfig(await readJson(path, 'the config.json of a run directory'));
  if (extra.epochs !== undefined && extra.epochs !== saved.epochs && saved.scheduler !== 'none') {
    throw new UsageError(
      `--epochs ${extra.epochs} would change the '${saved.scheduler}' learning-rate schedule of the run in '${dir}', which was built for ${saved.epochs} epochs, and a resumed run continues the schedule it started; resume without --epochs to finish its ${saved.epochs} epochs, or start a new run (--out DIR) with --epochs ${extra.epochs}.`,
    );
  }
  return { ...saved, ...extra };
}

/**
 * Where a resumed run stands, checked before any long work: a checkpoint to resume from exists
 * and is readable, and `--epochs` does not end the run before the epochs it completed.
 */
async function checkResumable(dir: string, config: TrainConfig): Promise<void> {
  const last = join(dir, 'last.safetensors');
  if ((await stat(last).catch(() => null)) === null) {
    throw new UsageError(
      `expected a checkpoint to resume from in '${dir}', got none: the run stopped before the end of its first epoch; start it again with strata train --config ${join(dir, 'config.json')} --out ${dir} --overwrite.`,
    );
  }
  let epoch: number;
  try {
    const checkpoint = await loadCheckpoint(last);
    for (const t of Object.values(checkpoint.model)) t.dispose();
    for (const s of Object.values(checkpoint.optimizer.state))
      for (const t of Object.values(s)) if (typeof t !== 'number') t.dispose();
    epoch = checkpoint.state.epoch;
  } catch (error) {
    if (error instanceof CheckpointError) throw new UsageError(`cannot resume the run in '${dir}': ${error.message}`);
    throw error;
  }
  if (config.epochs < epoch) {
    throw new UsageError(
      `expected --epochs to be at least the ${epoch} epochs the run in '${dir}' completed, got ${config.epochs}.`,
    );
  }
}

/**
 * `strata train [model]`: trains a model of `@strata/models` on Fashion-MNIST (or MNIST) and
 * keeps everything in a run directory, which it locks for the life of the run. Returns the exit
 * code (0 done, 130 interrupted).
 *
 * @example
 * ```ts
 * await trainCommand('lenet', { epochs: 10, lr: 0.9, optimizer: 'sgd' }, io);
 * ```
 */
export async function trainCommand(model: string | undefined, flags: TrainFlags, io: Io): Promise<number> {
  if (flags.out === '' || flags.resume === '')
    throw new UsageError(`expected ${flags.out === '' ? '--out' : '--resume'} to be a directory, got ''.`);
  if (flags.resume !== undefined && flags.overwrite === true)
    throw new UsageError(
      'expected --resume or --overwrite, got both; --resume continues a run, --overwrite replaces it.',
    );
  let config: TrainConfig | undefined;
  let runDir: string;
  let mode: RunDirMode;
  if (flags.resume !== undefined) {
    checkResumeFlags(flags, model);
    runDir = flags.resume;
    mode = 'resume';
  } else {
    const base = flags.config === undefined ? {} : await readJson(flags.config, 'a config file');
    config = checkConfig({ ...base, ...configFlags(flags), ...(model === undefined ? {} : { model }) });
    runDir = flags.out ?? join('runs', `${config.model}-${timestamp()}`);
    mode = flags.overwrite === true ? 'overwrite' : 'new';
  }
  // Locked before the run's files are read, so a run in progress is named as such.
  const lock = await openRunDir(runDir, mode);
  // A second Ctrl-C exits at once, past every finally: the lock goes with the process.
  const dropLock = (): void => rmSync(lock.path, { force: true });
  process.on('exit', dropLock);
  try {
    if (config === undefined) {
      config = await resumedConfig(runDir, flags);
      await checkResumable(runDir, config);
    }
    return await train(config, runDir, mode, flags, io);
  } finally {
    process.off('exit', dropLock);
    await lock.release();
  }
}

async function train(
  config: TrainConfig,
  runDir: string,
  mode: RunDirMode,
  flags: TrainFlags,
  io: Io,
): Promise<number> {
  const log = (line: string): void => {
    (flags.json === true ? io.stderr : io.stdout).write(`${line}\n`);
  };
  await useBackend(config.backend);
  manualSeed(config.seed);
  const data = openDatasets(config);
  log(`data: ${data.source}`);
  const testLoader = new DataLoader(data.test, { batchSize: config.batchSize, numWorkers: config.workers });
  const net = buildModel(config);
  // BatchNorm cannot normalize one value per channel in training mode: a final batch of one
  // image would fail after a whole epoch, so it is dropped, and said so.
  const dropLast = data.train.length % config.batchSize === 1 && net.modules().some((m) => m instanceof BatchNormBase);
  if (dropLast)
    log(
      `note: the last training batch would hold 1 image (${data.train.length.toLocaleString('en-US')} images in batches of ${config.batchSize}), which BatchNorm cannot normalize in training mode; it is left out of every epoch`,
    );
  const trainLoader = new DataLoader(data.train, {
    batchSize: config.batchSize,
    shuffle: true,
    dropLast,
    seed: config.seed + 1,
    numWorkers: config.workers,
  });
  const { optimizer, scheduler, interval } = buildOptimizer(config, net.parameters(), trainLoader.length);
  const size = inputSize(config);
  const params = net.parameters().reduce((n, p) => n + p.size, 0);
  log(
    `model: ${config.model} (${params.toLocaleString('en-US')} parameters, width ratio ${config.widthRatio}) on ${size}x${size} images; ${config.optimizer} lr ${config.lr}, batch ${config.batchSize}, ${plural(config.epochs, 'epoch')}, ${config.backend}`,
  );
  const configJson = `${JSON.stringify(config, null, 2)}\n`;
  if (mode !== 'resume' || configJson !== (await readFile(join(runDir, 'config.json'), 'utf8')))
    await writeFileAtomic(join(runDir, 'config.json'), configJson, 'strata train');
  if (mode === 'resume') log(`resuming ${runDir}`);

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
      ...(mode === 'resume' ? { resume: runDir } : {}),
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
