import { ArgumentError, checkOptions, optionKeys } from '@strata/core';
import type { FitResult } from './fit.js';
import type { BatchProgress, EpochMetrics } from './types.js';

/**
 * What a callback may do at the end of an epoch: read the history so far, or stop the run.
 *
 * @example
 * ```ts
 * const onEpochEnd = (m: EpochMetrics, run: EpochControl) => { if (m.testAccuracy! > 0.9) run.stop(); };
 * ```
 */
export interface EpochControl {
  /** Metrics of every completed epoch, this one included (restored ones too, after a resume). */
  readonly history: readonly EpochMetrics[];
  /** Ends the run after this epoch (its checkpoint is still written). */
  stop(reason?: string): void;
}

/**
 * Where a run starts, given to `onTrainBegin`.
 *
 * @example
 * ```ts
 * const onTrainBegin = (run: RunStart) => console.log(`epochs ${run.startEpoch + 1}..${run.epochs}`);
 * ```
 */
export interface RunStart {
  /** Epochs the run goes to. */
  epochs: number;
  /** Epochs already completed (after a resume). */
  startEpoch: number;
  /** Batches already completed in the first epoch run (after a resume mid-epoch). */
  startBatch: number;
  /** Batches per epoch. */
  batches: number;
  /** The backend the model's parameters live on. */
  device: string;
}

/**
 * Hooks into `fit`; every method is optional and may return a promise, which `fit` awaits.
 *
 * @example
 * ```ts
 * const printer: Callback = { onEpochEnd: (m) => console.log(m.epoch, m.testAccuracy) };
 * ```
 */
export interface Callback {
  /** Before the first step. */
  onTrainBegin?(run: RunStart): void | Promise<void>;
  /** Before each epoch's first batch (`epoch` counted from 1). */
  onEpochBegin?(epoch: number): void | Promise<void>;
  /** Every `progressEvery` batches and after an epoch's last batch. */
  onBatchEnd?(progress: BatchProgress): void | Promise<void>;
  /** After an epoch's evaluation, before its checkpoint. */
  onEpochEnd?(metrics: EpochMetrics, control: EpochControl): void | Promise<void>;
  /** After a checkpoint file is written. */
  onCheckpoint?(path: string, kind: 'last' | 'best'): void | Promise<void>;
  /** When the run ends: completed, stopped or interrupted. */
  onTrainEnd?(result: FitResult): void | Promise<void>;
}

const fixed = (value: number | null, digits: number): string => (value === null ? 'n/a' : value.toFixed(digits));

/**
 * The chapters' per-epoch line, `epoch 3: loss 0.412, train acc 0.851, test acc 0.842,
 * 5,120.3 examples/sec on cpu`.
 *
 * @example
 * ```ts
 * formatEpoch(result.history[0]!, 'cpu');
 * ```
 */
export function formatEpoch(m: EpochMetrics, device: string): string {
  const rate = m.examplesPerSec.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const test = m.testAccuracy === null ? '' : `, test acc ${fixed(m.testAccuracy, 3)}`;
  return `epoch ${m.epoch}: loss ${fixed(m.trainLoss, 3)}, train acc ${fixed(m.trainAccuracy, 3)}${test}, ${rate} examples/sec on ${device}`;
}

/**
 * Prints {@link formatEpoch}'s line after every epoch.
 *
 * @example
 * ```ts
 * await fit(net, { ..., callbacks: [epochLogger()] });
 * ```
 */
export function epochLogger(options: { log?: (line: string) => void } = {}): Callback {
  checkOptions('epochLogger', options, ['log']);
  const log = options.log ?? ((line: string) => console.log(line));
  let device = 'cpu';
  return {
    onTrainBegin: (run) => {
      device = run.device;
    },
    onEpochEnd: (m) => log(formatEpoch(m, device)),
  };
}

/**
 * Logs the learning rate whenever it changes from one epoch to the next (and at the first).
 *
 * @example
 * ```ts
 * await fit(net, { ..., scheduler, callbacks: [lrLogger()] }); // 'epoch 1: lr 0.1' ...
 * ```
 */
export function lrLogger(options: { log?: (line: string) => void } = {}): Callback {
  checkOptions('lrLogger', options, ['log']);
  const log = options.log ?? ((line: string) => console.log(line));
  return {
    onEpochEnd: (m, run) => {
      const previous = run.history.at(-2);
      if (previous === undefined || previous.lr !== m.lr) log(`epoch ${m.epoch}: lr ${m.lr}`);
    },
  };
}

/**
 * Options of {@link earlyStopping}.
 *
 * @example
 * ```ts
 * const options: EarlyStoppingOptions = { monitor: 'testLoss', patience: 2 };
 * ```
 */
export interface EarlyStoppingOptions {
  /** The metric watched; `'testAccuracy'` (higher is better) by default, losses lower is better. */
  monitor?: 'testAccuracy' | 'testLoss' | 'trainLoss' | 'trainAccuracy';
  /** Epochs without improvement before stopping; 3 by default. */
  patience?: number;
  /** The least change that counts as an improvement; 0 by default. */
  minDelta?: number;
}

/**
 * Stops the run when the monitored metric has not improved for `patience` epochs. It decides
 * from the run's history, so a resumed run stops where the uninterrupted one would have.
 *
 * @example
 * ```ts
 * await fit(net, { ..., callbacks: [earlyStopping({ patience: 2 })] });
 * ```
 */
export function earlyStopping(options: EarlyStoppingOptions = {}): Callback {
  checkOptions(
    'earlyStopping',
    options,
    optionKeys<EarlyStoppingOptions>({ monitor: true, patience: true, minDelta: true }),
  );
  const monitor = options.monitor ?? 'testAccuracy';
  const patience = options.patience ?? 3;
  const minDelta = options.minDelta ?? 0;
  if (!Number.isInteger(patience) || patience < 1) {
    throw new ArgumentError(`earlyStopping: expected patience to be an integer >= 1, got ${String(patience)}.`);
  }
  const higherIsBetter = monitor.endsWith('Accuracy');
  return {
    onEpochEnd: (_, run) => {
      let best = Number.NaN;
      let sinceBest = 0;
      for (const m of run.history) {
        const value = m[monitor];
        if (value === null) {
          throw new ArgumentError(
            `earlyStopping: expected a value for '${monitor}', got none; pass a testLoader to fit or monitor a training metric.`,
          );
        }
        const improved = Number.isNaN(best) || (higherIsBetter ? value > best + minDelta : value < best - minDelta);
        if (improved) {
          best = value;
          sinceBest = 0;
        } else {
          sinceBest++;
        }
      }
      if (sinceBest >= patience) run.stop(`no improvement in ${monitor} for ${patience} epochs (best ${best})`);
    },
  };
}
