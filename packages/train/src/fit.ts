import {
  ArgumentError,
  optionKeys,
  checkOptions,
  argmax,
  crossEntropy,
  getBackend,
  getRngState,
  keep,
  setRngState,
  type Tensor,
  tensor,
  tidy,
  where,
} from '@strata/core';
import { removeStaleTemporaries } from '@strata/nn';
import type { LRScheduler, Optimizer } from '@strata/optim';
import type { Callback, RunStart } from './callbacks.js';
import { type Checkpoint, loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';
import { CheckpointError } from './checkpoint-error.js';
import { type Classifier, evaluate } from './evaluate.js';
import { writeMetricsLogs } from './metrics-log.js';
import { nodeFsPromises } from './node-fs.js';
import { NonFiniteLossError } from './non-finite-loss-error.js';
import type { BatchProgress, BatchSource, EpochMetrics, EvalSource, LossFn } from './types.js';

/**
 * Options of {@link fit}.
 *
 * @example
 * ```ts
 * const options: FitOptions = { trainLoader, testLoader, optimizer: new SGD(net.parameters(), { lr: 0.9 }), epochs: 10 };
 * ```
 */
export interface FitOptions {
  /** The training batches (a `DataLoader`; give it a `seed` so a resumed run shuffles alike). */
  trainLoader: BatchSource;
  /** Batches evaluated after every epoch for the test loss and accuracy. */
  testLoader?: EvalSource;
  /** Updates the model's parameters. */
  optimizer: Optimizer;
  /** The loss; mean cross-entropy by default. */
  lossFn?: LossFn;
  /** Epochs the run goes to (counting the ones a resumed checkpoint completed). */
  epochs: number;
  /** Stepped after every epoch, or every batch with `schedulerInterval: 'batch'` (OneCycleLR). */
  scheduler?: LRScheduler;
  /** When the scheduler steps; `'epoch'` by default. */
  schedulerInterval?: 'epoch' | 'batch';
  /** Progress, logging, early stopping: see `epochLogger`, `lrLogger`, `earlyStopping`. */
  callbacks?: readonly Callback[];
  /**
   * Directory for `last.safetensors` (after every epoch, every `checkpointEvery` batches, and
   * when stopped by `signal`), `best.safetensors` (best test accuracy) and the metric logs. It
   * must exist and be writable (checked before the first step). One run at a time: hold
   * `lockRunDir(dir)` around `fit` when another process could use the directory too.
   *
   * The protocol keeps the pair consistent through a crash at any point: at an epoch's end,
   * `best` (when improved) is written before `last`, each file whole and flushed, then renamed
   * into place with the directory flushed. So `best` is never older than the best accuracy
   * `last` records; if a crash falls between the two, a resume reads the accuracy `best`
   * records and redoes the epoch. The metric logs, derived from `last`, follow it and are
   * rewritten from it when a run resumes; temporary files a crash left are removed at the start.
   */
  checkpointDir?: string;
  /** Also checkpoint every this many batches within an epoch. */
  checkpointEvery?: number;
  /** A checkpoint file, or a run directory holding `last.safetensors`, to continue from. */
  resume?: string;
  /** Aborting it stops the run after the current batch, with a checkpoint. */
  signal?: AbortSignal;
  /** Batches between progress reports to `onBatchEnd` (each reads the metrics back); 10 by default. */
  progressEvery?: number;
  /** Stored in every checkpoint (model name and options, data settings). */
  metadata?: Record<string, string>;
  /**
   * What a loss that is NaN or infinite does: `'stop'` (the default) throws a
   * `NonFiniteLossError` naming the epoch, batch and step, before any checkpoint is written
   * after it; `'continue'` trains on. It is noticed at the next progress report (every
   * `progressEvery` batches) or checkpoint, so no step reads the loss back just to check it.
   */
  nonFinite?: 'stop' | 'continue';
}

/**
 * How a run ended.
 *
 * @example
 * ```ts
 * const { history, stopped } = await fit(net, options);
 * ```
 */
export interface FitResult {
  /** Metrics of every completed epoch (restored ones included). */
  history: EpochMetrics[];
  /** `'completed'`, `'early-stopped'` (a callback called `stop`), or `'interrupted'` (the signal). */
  stopped: 'completed' | 'early-stopped' | 'interrupted';
  /** Why a callback stopped the run, if one did. */
  reason: string | null;
  /** Epochs completed. */
  epoch: number;
  /** Batches completed in the unfinished epoch (non-zero only when interrupted). */
  batch: number;
  /** Best test accuracy seen; `null` without a test loader. */
  bestTestAccuracy: number | null;
}

const FIT_KEYS = optionKeys<FitOptions>({
  trainLoader: true,
  testLoader: true,
  optimizer: true,
  lossFn: true,
  epochs: true,
  scheduler: true,
  schedulerInterval: true,
  callbacks: true,
  checkpointDir: true,
  checkpointEvery: true,
  resume: true,
  signal: true,
  progressEvery: true,
  metadata: true,
  nonFinite: true,
});

function checkFitOptions(options: FitOptions): void {
  if (options === undefined) {
    throw new ArgumentError(
      'fit: expected options { trainLoader, optimizer, epochs, ... }, got undefined; pass e.g. { trainLoader, optimizer, epochs: 10 }.',
    );
  }
  checkOptions('fit', options, FIT_KEYS);
  if (!Number.isInteger(options.epochs) || options.epochs < 1) {
    throw new ArgumentError(`fit: expected epochs to be an integer >= 1, got ${String(options.epochs)}.`);
  }
  const loader = options.trainLoader as Partial<BatchSource> | undefined;
  if (typeof loader?.epochBatches !== 'function' || typeof loader.length !== 'number') {
    throw new ArgumentError(
      'fit: expected trainLoader to be a DataLoader (with length and epochBatches(epoch, { start })), got something else.',
    );
  }
  for (const [name, value] of [
    ['checkpointEvery', options.checkpointEvery],
    ['progressEvery', options.progressEvery],
  ] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      throw new ArgumentError(`fit: expected ${name} to be an integer >= 1, got ${String(value)}.`);
    }
  }
  if (options.checkpointEvery !== undefined && options.checkpointDir === undefined) {
    throw new ArgumentError('fit: expected a checkpointDir with checkpointEvery, got none; pass checkpointDir.');
  }
  if (options.nonFinite !== undefined && options.nonFinite !== 'stop' && options.nonFinite !== 'continue') {
    throw new ArgumentError(`fit: expected nonFinite to be 'stop' or 'continue', got ${String(options.nonFinite)}.`);
  }
}

async function resumePath(resume: string): Promise<string> {
  const { stat } = nodeFsPromises('fit');
  const info = await stat(resume).catch(() => null);
  if (info === null)
    throw new ArgumentError(
      `fit: expected resume to be a checkpoint file or a run directory, got '${resume}', which does not exist.`,
    );
  if (!info.isDirectory()) return resume;
  const last = `${resume}/last.safetensors`;
  if ((await stat(last).catch(() => null)) === null) {
    throw new CheckpointError(
      `fit: expected a checkpoint to resume from in '${resume}' (last.safetensors), got none; the run stopped before its first checkpoint, so start it again instead of resuming.`,
    );
  }
  return last;
}

/** Run directories a `fit` of this process is writing, so a second one on the same is refused. */
const active = new Set<string>();

/**
 * The directory a run writes into, checked before the first step: it exists, no other `fit` of
 * this process writes there, and the metric logs (rewritten from `history`, so they match the
 * checkpoint a resume starts from) can be written. Temporary files a crash left are removed.
 */
async function prepareRunDir(dir: string, history: TrainingState['history']): Promise<void> {
  const { stat } = nodeFsPromises('fit');
  if (!(await stat(dir).catch(() => null))?.isDirectory()) {
    throw new ArgumentError(`fit: expected checkpointDir to be an existing directory, got '${dir}'; create it first.`);
  }
  await removeStaleTemporaries(dir);
  await writeMetricsLogs(dir, history);
}

/**
 * The best test accuracy of a resumed run: the larger of what `last` records and what `best`
 * records, which is larger when a crash fell between writing `best` and writing `last`.
 */
async function bestAccuracy(dir: string, recorded: number | null, backend: string): Promise<number | null> {
  const { stat } = nodeFsPromises('fit');
  const path = `${dir}/best.safetensors`;
  if ((await stat(path).catch(() => null)) === null) return recorded;
  const best = await loadCheckpoint(path, { backend });
  for (const t of Object.values(best.model)) t.dispose();
  for (const s of Object.values(best.optimizer.state))
    for (const t of Object.values(s)) if (typeof t !== 'number') t.dispose();
  const saved = best.state.bestTestAccuracy;
  return saved !== null && (recorded === null || saved > recorded) ? saved : recorded;
}

/**
 * Lets timers and signal handlers run (a SIGINT handler that aborts, a progress bar's redraw):
 * batches from a main-thread loader arrive through microtasks only, which never yield.
 */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ?? setTimeout)(resolve));
}

/**
 * Accumulates an epoch's training loss and accuracy on the device, and whether every loss was
 * finite (with the first one that was not); reads them back on request, which is where a
 * non-finite loss is noticed.
 */
class RunningSums {
  #lossSum: Tensor;
  #correct: Tensor;
  /** Whether every loss so far was finite. */
  #finite: Tensor;
  /** Steps before the first non-finite loss. */
  #finiteSteps: Tensor;
  /** The first non-finite loss. */
  #firstBad: Tensor;
  readonly #startBatch: number;
  count: number;
  seconds: number;

  constructor(partial: TrainingState['partial'], startBatch: number) {
    this.#lossSum = keep(tensor(partial?.lossSum ?? 0));
    this.#correct = keep(tensor(partial?.correct ?? 0, { dtype: 'int32' }));
    this.#finite = keep(tensor(true));
    this.#finiteSteps = keep(tensor(0, { dtype: 'int32' }));
    this.#firstBad = keep(tensor(0));
    this.#startBatch = startBatch;
    this.count = partial?.count ?? 0;
    this.seconds = partial?.seconds ?? 0;
  }

  add(output: Tensor, loss: Tensor, y: Tensor): void {
    const n = y.shape[0] ?? 1;
    const next = tidy(() => {
      const l = loss.detach();
      // x - x is 0 for every finite x and NaN for NaN and the infinities.
      const finite = this.#finite.logicalAnd(l.sub(l).eq(0));
      return [
        this.#lossSum.add(l.mul(n)),
        this.#correct.add(argmax(output.detach(), 1).eq(y).sum()),
        finite,
        this.#finiteSteps.add(finite.int()),
        where(this.#finite.logicalAnd(finite.logicalNot()), l, this.#firstBad),
      ];
    });
    for (const t of [this.#lossSum, this.#correct, this.#finite, this.#finiteSteps, this.#firstBad]) t.dispose();
    [this.#lossSum, this.#correct, this.#finite, this.#finiteSteps, this.#firstBad] = next.map((t) => keep(t));
    this.count += n;
  }

  /**
   * The sums so far, and, when a loss was not finite, the batch (counted from 1) where the first
   * was and its value.
   */
  read(): {
    lossSum: number;
    correct: number;
    count: number;
    seconds: number;
    nonFinite: { batch: number; loss: number } | null;
  } {
    const finite = this.#finite.itemBool();
    return {
      lossSum: this.#lossSum.item() as number,
      correct: this.#correct.item() as number,
      count: this.count,
      seconds: this.seconds,
      nonFinite: finite
        ? null
        : {
            batch: this.#startBatch + (this.#finiteSteps.item() as number) + 1,
            loss: this.#firstBad.item() as number,
          },
    };
  }

  dispose(): void {
    for (const t of [this.#lossSum, this.#correct, this.#finite, this.#finiteSteps, this.#firstBad]) t.dispose();
  }
}

/**
 * Trains `model` the way the chapters' `train_ch6` does, and more: per epoch the training loss,
 * training accuracy, test loss and accuracy, and examples/sec; `train()` during the steps and
 * `eval()` without gradients for the test set; each step inside a memory scope, so the tensor
 * count does not grow from epoch to epoch. With `checkpointDir` it writes atomic checkpoints
 * (model, optimizer, scheduler, random stream, position) and `metrics.jsonl` / `metrics.csv`;
 * with `resume` it continues from one, and ends with the numbers of an uninterrupted run.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const net = xavierInit(lenet());
 * const result = await fit(net, {
 *   trainLoader, testLoader, epochs: 10,
 *   optimizer: new SGD(net.parameters(), { lr: 0.9 }),
 *   callbacks: [epochLogger()],
 * });
 * result.history.at(-1)!.testAccuracy; // about 0.8
 * ```
 */
export async function fit(model: Classifier, options: FitOptions): Promise<FitResult> {
  checkFitOptions(options);
  const { optimizer, scheduler, checkpointDir } = options;
  const device = model.parameters()[0]?.backend ?? getBackend().name;

  let state: TrainingState = {
    epoch: 0,
    batch: 0,
    rngState: getRngState(),
    optimizer: { paramGroups: [], scalars: {} },
    scheduler: null,
    history: [],
    partial: null,
    bestTestAccuracy: null,
    metadata: options.metadata ?? {},
  };
  if (options.resume !== undefined) {
    const checkpoint = await loadCheckpoint(await resumePath(options.resume), { backend: device });
    try {
      model.loadStateDict(checkpoint.model);
      optimizer.loadStateDict(checkpoint.optimizer);
      if (scheduler !== undefined) {
        if (checkpoint.state.scheduler === null)
          throw new ArgumentError(
            `fit: expected the checkpoint at '${options.resume}' to hold a scheduler state for the given scheduler, got none; resume without a scheduler, as the run was started.`,
          );
        scheduler.loadStateDict(checkpoint.state.scheduler);
      }
    } finally {
      for (const t of [
        ...Object.values(checkpoint.model),
        ...Object.values(checkpoint.optimizer.state).flatMap((s) => Object.values(s)),
      ]) {
        if (typeof t !== 'number') t.dispose();
      }
    }
    setRngState(checkpoint.state.rngState);
    state = { ...checkpoint.state, metadata: { ...checkpoint.state.metadata, ...options.metadata } };
    if (checkpointDir !== undefined)
      state = { ...state, bestTestAccuracy: await bestAccuracy(checkpointDir, state.bestTestAccuracy, device) };
  }
  if (checkpointDir !== undefined) {
    if (active.has(checkpointDir))
      throw new ArgumentError(
        `fit: expected no other fit of this process writing into '${checkpointDir}', got one; give each run its own checkpointDir.`,
      );
    await prepareRunDir(checkpointDir, state.history);
    active.add(checkpointDir);
  }
  try {
    return await train(model, options, state, device);
  } finally {
    if (checkpointDir !== undefined) active.delete(checkpointDir);
  }
}

async function train(model: Classifier, options: FitOptions, start: TrainingState, device: string): Promise<FitResult> {
  const { trainLoader, testLoader, optimizer, scheduler, checkpointDir, signal } = options;
  const lossFn = options.lossFn ?? ((output, target) => crossEntropy(output, target));
  const callbacks = options.callbacks ?? [];
  const progressEvery = options.progressEvery ?? 10;
  const perBatchScheduler = options.schedulerInterval === 'batch';
  const stopOnNonFinite = options.nonFinite !== 'continue';
  let state = start;

  const emit = async <K extends keyof Callback>(
    name: K,
    ...args: Parameters<NonNullable<Callback[K]>>
  ): Promise<void> => {
    for (const callback of callbacks)
      await (callback[name] as ((...a: typeof args) => unknown) | undefined)?.call(callback, ...args);
  };
  const writeCheckpoint = async (file: string, kind: 'last' | 'best', current: TrainingState): Promise<void> => {
    if (checkpointDir === undefined) return;
    const path = `${checkpointDir}/${file}`;
    const checkpoint: Checkpoint = {
      model: model.stateDict(),
      optimizer: optimizer.stateDict(),
      state: { ...current, rngState: getRngState(), scheduler: scheduler?.stateDict() ?? null },
    };
    try {
      await saveCheckpoint(path, checkpoint);
    } finally {
      for (const s of Object.values(checkpoint.optimizer.state))
        for (const t of Object.values(s)) if (typeof t !== 'number') t.dispose();
    }
    await emit('onCheckpoint', path, kind);
  };
  const lr = (): number => optimizer.paramGroups[0]?.lr ?? Number.NaN;

  const run: RunStart = {
    epochs: options.epochs,
    startEpoch: state.epoch,
    startBatch: state.batch,
    batches: trainLoader.length,
    device,
  };
  await emit('onTrainBegin', run);
  let stopped: FitResult['stopped'] = 'completed';
  let reason: string | null = null;

  while (state.epoch < options.epochs && stopped === 'completed') {
    const epoch = state.epoch + 1;
    await emit('onEpochBegin', epoch);
    const epochStart = performance.now();
    const sums = new RunningSums(state.partial, state.batch);
    let batch = state.batch;
    // The sums read back, stopping the run at a non-finite loss unless told to go on.
    const readSums = () => {
      const read = sums.read();
      if (read.nonFinite !== null && stopOnNonFinite) {
        const step = state.epoch * trainLoader.length + read.nonFinite.batch;
        throw new NonFiniteLossError(
          `fit: expected a finite loss, got ${read.nonFinite.loss} at epoch ${epoch}, batch ${read.nonFinite.batch} of ${trainLoader.length} (step ${step}); the run stopped before writing a checkpoint, so the last one holds the weights from before. Lower the learning rate or check the data, or pass nonFinite: 'continue' to train on.`,
          epoch,
          read.nonFinite.batch,
          step,
          read.nonFinite.loss,
        );
      }
      return read;
    };
    const partial = () => {
      const { lossSum, correct, count, seconds } = readSums();
      return { lossSum, correct, count, seconds };
    };
    const progress = (): BatchProgress => {
      const { lossSum, correct, count, seconds } = readSums();
      return {
        epoch,
        batch,
        batches: trainLoader.length,
        examples: count,
        loss: lossSum / count,
        accuracy: correct / count,
        examplesPerSec: count / seconds,
        lr: lr(),
      };
    };
    try {
      model.train();
      for await (const [x, y] of trainLoader.epochBatches(state.epoch, { start: state.batch })) {
        const stepStart = performance.now();
        try {
          tidy(() => {
            const output = model.forward(x);
            const loss = lossFn(output, y);
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
            sums.add(output, loss, y);
          });
        } finally {
          x.dispose();
          y.dispose();
        }
        if (perBatchScheduler) scheduler?.step();
        batch++;
        sums.seconds += (performance.now() - stepStart) / 1000;
        if (batch % progressEvery === 0 || batch === trainLoader.length) await emit('onBatchEnd', progress());
        await yieldToEventLoop();
        const interrupted = signal?.aborted === true && batch < trainLoader.length;
        if (
          interrupted ||
          (options.checkpointEvery !== undefined && batch % options.checkpointEvery === 0 && batch < trainLoader.length)
        ) {
          await writeCheckpoint('last.safetensors', 'last', { ...state, batch, partial: partial() });
        }
        if (interrupted) {
          stopped = 'interrupted';
          state = { ...state, batch, partial: partial() };
          break;
        }
      }
      if (stopped === 'interrupted') break;
      const { lossSum, correct, count, seconds } = readSums();
      if (count === 0)
        throw new ArgumentError('fit: expected the train loader to yield at least one batch per epoch, got none.');
      const test = testLoader === undefined ? null : await evaluate(model, testLoader, { lossFn });
      const metrics: EpochMetrics = {
        epoch,
        trainLoss: lossSum / count,
        trainAccuracy: correct / count,
        testLoss: test?.loss ?? null,
        testAccuracy: test?.accuracy ?? null,
        examplesPerSec: count / seconds,
        lr: lr(),
        seconds: (performance.now() - epochStart) / 1000 + (state.partial?.seconds ?? 0),
      };
      if (!perBatchScheduler) scheduler?.step();
      const history = [...state.history, metrics];
      const improved =
        metrics.testAccuracy !== null &&
        (state.bestTestAccuracy === null || metrics.testAccuracy > state.bestTestAccuracy);
      state = {
        ...state,
        epoch,
        batch: 0,
        partial: null,
        history,
        bestTestAccuracy: improved ? metrics.testAccuracy : state.bestTestAccuracy,
      };
      await emit('onEpochEnd', metrics, {
        history,
        stop: (why?: string) => {
          stopped = 'early-stopped';
          reason = why ?? 'stopped by a callback';
        },
      });
      if (checkpointDir !== undefined) {
        // best before last: see checkpointDir.
        if (improved) await writeCheckpoint('best.safetensors', 'best', state);
        await writeCheckpoint('last.safetensors', 'last', state);
        await writeMetricsLogs(checkpointDir, history);
      }
      if (signal?.aborted === true && stopped === 'completed' && state.epoch < options.epochs) stopped = 'interrupted';
    } finally {
      sums.dispose();
    }
  }
  const result: FitResult = {
    history: state.history,
    stopped,
    reason,
    epoch: state.epoch,
    batch: state.batch,
    bestTestAccuracy: state.bestTestAccuracy,
  };
  await emit('onTrainEnd', result);
  return result;
}
