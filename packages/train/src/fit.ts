import {
  ArgumentError,
  argmax,
  crossEntropy,
  getBackend,
  getRngState,
  keep,
  setRngState,
  type Tensor,
  tensor,
  tidy,
} from '@strata/core';
import type { LRScheduler, Optimizer } from '@strata/optim';
import type { Callback, RunStart } from './callbacks.js';
import { type Checkpoint, loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';
import { type Classifier, evaluate } from './evaluate.js';
import { writeMetricsLogs } from './metrics-log.js';
import { nodeFsPromises } from './node-fs.js';
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
   * must exist.
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

function checkOptions(options: FitOptions): void {
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
}

async function resumePath(resume: string): Promise<string> {
  const { stat } = nodeFsPromises('fit');
  const info = await stat(resume).catch(() => null);
  if (info === null)
    throw new ArgumentError(
      `fit: expected resume to be a checkpoint file or a run directory, got '${resume}', which does not exist.`,
    );
  return info.isDirectory() ? `${resume}/last.safetensors` : resume;
}

/**
 * Lets timers and signal handlers run (a SIGINT handler that aborts, a progress bar's redraw):
 * batches from a main-thread loader arrive through microtasks only, which never yield.
 */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate;
  return new Promise((resolve) => (immediate ?? setTimeout)(resolve));
}

/** Accumulates an epoch's training loss and accuracy on the device; reads them back on request. */
class RunningSums {
  #lossSum: Tensor;
  #correct: Tensor;
  count: number;
  seconds: number;

  constructor(partial: TrainingState['partial']) {
    this.#lossSum = keep(tensor(partial?.lossSum ?? 0));
    this.#correct = keep(tensor(partial?.correct ?? 0, { dtype: 'int32' }));
    this.count = partial?.count ?? 0;
    this.seconds = partial?.seconds ?? 0;
  }

  add(output: Tensor, loss: Tensor, y: Tensor): void {
    const n = y.shape[0] ?? 1;
    const [lossSum, correct] = tidy(() => [
      this.#lossSum.add(loss.detach().mul(n)),
      this.#correct.add(argmax(output.detach(), 1).eq(y).sum()),
    ]);
    this.#lossSum.dispose();
    this.#correct.dispose();
    this.#lossSum = keep(lossSum);
    this.#correct = keep(correct);
    this.count += n;
  }

  read(): { lossSum: number; correct: number; count: number; seconds: number } {
    return {
      lossSum: this.#lossSum.item() as number,
      correct: this.#correct.item() as number,
      count: this.count,
      seconds: this.seconds,
    };
  }

  dispose(): void {
    this.#lossSum.dispose();
    this.#correct.dispose();
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
  checkOptions(options);
  const { trainLoader, testLoader, optimizer, scheduler, checkpointDir, signal } = options;
  const lossFn = options.lossFn ?? ((output, target) => crossEntropy(output, target));
  const callbacks = options.callbacks ?? [];
  const progressEvery = options.progressEvery ?? 10;
  const perBatchScheduler = options.schedulerInterval === 'batch';
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
    model.loadStateDict(checkpoint.model);
    optimizer.loadStateDict(checkpoint.optimizer);
    if (scheduler !== undefined) {
      if (checkpoint.state.scheduler === null)
        throw new ArgumentError(
          `fit: expected the checkpoint at '${options.resume}' to hold a scheduler state for the given scheduler, got none; resume without a scheduler, as the run was started.`,
        );
      scheduler.loadStateDict(checkpoint.state.scheduler);
    }
    for (const t of [
      ...Object.values(checkpoint.model),
      ...Object.values(checkpoint.optimizer.state).flatMap((s) => Object.values(s)),
    ]) {
      if (typeof t !== 'number') t.dispose();
    }
    setRngState(checkpoint.state.rngState);
    state = { ...checkpoint.state, metadata: { ...checkpoint.state.metadata, ...options.metadata } };
  }

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
    const sums = new RunningSums(state.partial);
    let batch = state.batch;
    const progress = (): BatchProgress => {
      const { lossSum, correct, count, seconds } = sums.read();
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
          await writeCheckpoint('last.safetensors', 'last', { ...state, batch, partial: sums.read() });
        }
        if (interrupted) {
          stopped = 'interrupted';
          state = { ...state, batch, partial: sums.read() };
          break;
        }
      }
      if (stopped === 'interrupted') break;
      const { lossSum, correct, count, seconds } = sums.read();
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
        await writeMetricsLogs(checkpointDir, history);
        await writeCheckpoint('last.safetensors', 'last', state);
        if (improved) await writeCheckpoint('best.safetensors', 'best', state);
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
