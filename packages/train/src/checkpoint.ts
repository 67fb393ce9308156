import { checkOptions, isFloat, type Tensor } from '@strata/core';
import { fromSafetensors, SafetensorsError, type StateDict, toSafetensors, writeFileAtomic } from '@strata/nn';
import type { LRSchedulerStateDict, OptimizerStateDict, ParamState } from '@strata/optim';
import { CheckpointError } from './checkpoint-error.js';
import { checkTrainingState } from './check-training-state.js';
import { nodeFsPromises } from './node-fs.js';
import type { EpochMetrics } from './types.js';

/** The metadata key that holds a checkpoint's JSON state. */
const STATE_KEY = 'strata.training';
const FORMAT = 1;

/**
 * Where a run stands, everything but the tensors: enough, with the model and optimizer
 * tensors, to continue exactly.
 *
 * @example
 * ```ts
 * const { state } = await loadCheckpoint('runs/a/last.safetensors');
 * console.log(`stopped after ${state.epoch} epochs and ${state.batch} batches`);
 * ```
 */
export interface TrainingState {
  /** Epochs completed. */
  epoch: number;
  /** Batches completed in the epoch after those (0 at an epoch boundary). */
  batch: number;
  /** The random stream (`getRngState()`) when the checkpoint was written. */
  rngState: number;
  /** The optimizer's state dict without its tensors (they are in the file). */
  optimizer: { paramGroups: OptimizerStateDict['paramGroups']; scalars: Record<number, Record<string, number>> };
  /** The LR scheduler's state dict; `null` without a scheduler. */
  scheduler: LRSchedulerStateDict | null;
  /** Metrics of the completed epochs. */
  history: EpochMetrics[];
  /** The running sums of an epoch stopped part-way; `null` at an epoch boundary. */
  partial: { lossSum: number; correct: number; count: number; seconds: number } | null;
  /** Best test accuracy so far; `null` before the first evaluation. */
  bestTestAccuracy: number | null;
  /** What the caller stored with the run (model name and options, data settings). */
  metadata: Record<string, string>;
}

/**
 * A checkpoint as loaded: the model's state dict, the optimizer's, and the training state.
 *
 * @example
 * ```ts
 * const ckpt = await loadCheckpoint('runs/a/best.safetensors');
 * net.loadStateDict(ckpt.model);
 * ```
 */
export interface Checkpoint {
  model: StateDict;
  optimizer: OptimizerStateDict;
  state: TrainingState;
}

/**
 * Writes a checkpoint atomically as one safetensors file: model tensors under `model.`,
 * optimizer tensors under `optimizer.<param>.`, and the training state as JSON in the metadata
 * (`strata.training`). The model keys after `model.` are PyTorch's.
 *
 * @example
 * ```ts
 * await saveCheckpoint('runs/a/last.safetensors', { model: net.stateDict(), optimizer: opt.stateDict(), state });
 * ```
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  const tensors: StateDict = {};
  for (const [key, t] of Object.entries(checkpoint.model)) tensors[`model.${key}`] = t;
  const scalars: Record<number, Record<string, number>> = {};
  for (const [index, paramState] of Object.entries(checkpoint.optimizer.state)) {
    for (const [key, value] of Object.entries(paramState)) {
      if (typeof value !== 'number') tensors[`optimizer.${index}.${key}`] = value;
      else {
        scalars[Number(index)] = { ...scalars[Number(index)], [key]: value };
      }
    }
  }
  const state: TrainingState = {
    ...checkpoint.state,
    optimizer: { paramGroups: checkpoint.optimizer.paramGroups, scalars },
  };
  const bytes = toSafetensors(tensors, { metadata: { [STATE_KEY]: JSON.stringify({ format: FORMAT, ...state }) } });
  await writeFileAtomic(path, bytes, 'saveCheckpoint');
}

/**
 * Reads a checkpoint written by {@link saveCheckpoint}, checking all of it first: the file's
 * checksum (a flipped bit is caught), its format, every field of its training state, and that
 * the model weights are finite (a run stops at a non-finite loss before writing one). Any
 * problem throws a `CheckpointError` naming the file and what is wrong, and creates no tensor.
 *
 * @example
 * ```ts
 * const { model, optimizer, state } = await loadCheckpoint('runs/a/last.safetensors');
 * ```
 */
export async function loadCheckpoint(path: string, options: { backend?: string } = {}): Promise<Checkpoint> {
  checkOptions('loadCheckpoint', options, ['backend']);
  const { readFile } = nodeFsPromises('loadCheckpoint');
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new CheckpointError(
      `loadCheckpoint: expected a readable checkpoint file, got ${code} for '${path}'; pass the last.safetensors or best.safetensors of a run directory.`,
      { cause: error },
    );
  }
  let contents: ReturnType<typeof fromSafetensors>;
  try {
    contents = fromSafetensors(bytes, options);
  } catch (error) {
    if (!(error instanceof SafetensorsError)) throw error;
    throw new CheckpointError(
      `loadCheckpoint: expected a strata checkpoint at '${path}', got a damaged file: ${error.message}`,
      {
        cause: error,
      },
    );
  }
  const { tensors, metadata } = contents;
  try {
    return await checkpointOf(path, tensors, metadata);
  } catch (error) {
    for (const t of Object.values(tensors)) t.dispose();
    throw error;
  }
}

async function checkpointOf(path: string, tensors: StateDict, metadata: Record<string, string>): Promise<Checkpoint> {
  const json = metadata[STATE_KEY];
  if (json === undefined) {
    throw new CheckpointError(
      `loadCheckpoint: expected a strata checkpoint (safetensors with '${STATE_KEY}' metadata), got a safetensors file without it at '${path}'; plain weights load with nn.load / loadInto.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new CheckpointError(
      `loadCheckpoint: expected JSON in the '${STATE_KEY}' metadata of '${path}', got text that does not parse (${(error as Error).message}); the checkpoint is damaged, use another one.`,
    );
  }
  const format = (parsed as { format?: unknown } | null)?.format;
  if (format !== FORMAT) {
    throw new CheckpointError(
      `loadCheckpoint: expected checkpoint format ${FORMAT}, got ${JSON.stringify(format)} at '${path}'.`,
    );
  }
  const { format: _, ...saved } = parsed as TrainingState & { format: number };
  checkTrainingState(saved, path);
  // JSON wrote NaN and the infinities as null; a loss is the only number that may be one.
  const state: TrainingState = {
    ...saved,
    history: saved.history.map((m) => ({ ...m, trainLoss: m.trainLoss ?? Number.NaN })),
    partial: saved.partial === null ? null : { ...saved.partial, lossSum: saved.partial.lossSum ?? Number.NaN },
  };
  const model: StateDict = {};
  const optimizerState: Record<number, ParamState> = {};
  for (const [index, values] of Object.entries(state.optimizer.scalars)) optimizerState[Number(index)] = { ...values };
  for (const [key, t] of Object.entries(tensors)) {
    if (key.startsWith('model.')) model[key.slice('model.'.length)] = t;
    else {
      const match = /^optimizer\.(\d+)\.(.+)$/.exec(key);
      if (match === null) throw new CheckpointError(`loadCheckpoint: unexpected tensor '${key}' in '${path}'.`);
      const index = Number(match[1]);
      optimizerState[index] = { ...optimizerState[index], [match[2]!]: t as Tensor };
    }
  }
  for (const [key, t] of Object.entries(model)) {
    if (!isFloat(t.dtype)) continue;
    const values = await t.data();
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new CheckpointError(
        `loadCheckpoint: expected finite model weights in '${path}', got ${values[bad]} at index ${bad} of '${key}'; a checkpoint of a diverged or damaged run cannot be evaluated or resumed, use an earlier one.`,
      );
    }
  }
  return { model, optimizer: { state: optimizerState, paramGroups: state.optimizer.paramGroups }, state };
}
