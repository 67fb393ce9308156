export {
  type Callback,
  type EarlyStoppingOptions,
  type EpochControl,
  earlyStopping,
  epochLogger,
  formatEpoch,
  lrLogger,
  type RunStart,
} from './callbacks.js';
export { type Checkpoint, loadCheckpoint, saveCheckpoint, type TrainingState } from './checkpoint.js';
export { CheckpointError } from './checkpoint-error.js';
export { type Classifier, type EvaluateOptions, type EvaluationResult, evaluate } from './evaluate.js';
export { type FitOptions, type FitResult, fit } from './fit.js';
export { metricsCsv, metricsJsonl, writeMetricsLogs } from './metrics-log.js';
export { NonFiniteLossError } from './non-finite-loss-error.js';
export { lockRunDir, type RunLock } from './run-lock.js';
export { type RunLockHolder, RunLockedError } from './run-locked-error.js';
export type { BatchProgress, BatchSource, EpochMetrics, EvalSource, LossFn } from './types.js';
export { xavierInit } from './xavier-init.js';
