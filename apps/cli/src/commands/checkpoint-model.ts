import type { Sequential } from '@strata/nn';
import { StateDictError } from '@strata/nn';
import { CheckpointError, loadCheckpoint } from '@strata/train';
import { buildModel } from '../run/build-run.js';
import { checkConfig, type TrainConfig } from '../run/train-config.js';
import { UsageError } from '../usage-error.js';

/** The run config a checkpoint records, without what belongs to the machine that trained it. */
function recordedConfig(path: string, saved: string | undefined): Partial<TrainConfig> {
  if (saved === undefined)
    throw new UsageError(
      `expected the checkpoint '${path}' to record its run's config (strata train writes it), got none.`,
    );
  let config: unknown;
  try {
    config = JSON.parse(saved);
  } catch (error) {
    throw new UsageError(
      `expected the 'config' metadata of '${path}' to be a run's config as JSON, got text that does not parse (${(error as Error).message}); the checkpoint is damaged.`,
    );
  }
  if (typeof config !== 'object' || config === null || Array.isArray(config))
    throw new UsageError(
      `expected the 'config' metadata of '${path}' to be a run's config as JSON, got ${JSON.stringify(config)}; the checkpoint is damaged.`,
    );
  // The data directory is the training machine's: evaluating and predicting read this one's
  // sources (--data-dir, $STRATA_DATA, ...), and never look into, or name, a directory a file
  // from elsewhere points to.
  const { dataDir: _, ...portable } = config as Record<string, unknown>;
  try {
    return checkConfig(portable as Partial<TrainConfig>);
  } catch (error) {
    if (error instanceof UsageError)
      throw new UsageError(`the run config recorded in '${path}' is not usable: ${error.message}`);
    throw error;
  }
}

/**
 * A trained model rebuilt from a checkpoint of `strata train`, with the run's config (the model
 * name overridable: a checkpoint of another architecture fails with loadStateDict's report).
 * A file that is not a valid checkpoint, or records a config that is not one, is a usage error
 * naming the file and the problem.
 *
 * @example
 * ```ts
 * const { net, config } = await modelFromCheckpoint('runs/a/best.safetensors');
 * ```
 */
export async function modelFromCheckpoint(
  path: string,
  overrides: Partial<TrainConfig> = {},
): Promise<{ net: Sequential; config: TrainConfig; epoch: number }> {
  let checkpoint: Awaited<ReturnType<typeof loadCheckpoint>>;
  try {
    checkpoint = await loadCheckpoint(path);
  } catch (error) {
    if (error instanceof CheckpointError)
      throw new UsageError(`expected a checkpoint written by strata train: ${error.message}`);
    throw error;
  }
  try {
    const recorded = recordedConfig(path, checkpoint.state.metadata.config);
    const config = checkConfig({ ...recorded, dataDir: null, ...overrides, xavier: false });
    const net = buildModel(config);
    try {
      net.loadStateDict(checkpoint.model);
    } catch (error) {
      if (error instanceof StateDictError) {
        throw new UsageError(
          `the checkpoint '${path}' does not fit model ${config.model} (width ratio ${config.widthRatio}): ${error.message}`,
        );
      }
      throw error;
    }
    return { net, config, epoch: checkpoint.state.epoch };
  } finally {
    for (const t of Object.values(checkpoint.model)) t.dispose();
    for (const s of Object.values(checkpoint.optimizer.state))
      for (const t of Object.values(s)) if (typeof t !== 'number') t.dispose();
  }
}
