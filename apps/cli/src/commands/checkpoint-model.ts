import { loadCheckpoint } from '@strata/train';
import type { Sequential } from '@strata/nn';
import { StateDictError } from '@strata/nn';
import { buildModel } from '../run/build-run.js';
import { checkConfig, type TrainConfig } from '../run/train-config.js';
import { UsageError } from '../usage-error.js';

/**
 * A trained model rebuilt from a checkpoint of `strata train`, with the run's config (the model
 * name overridable: a checkpoint of another architecture fails with loadStateDict's report).
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
    throw new UsageError(`expected a checkpoint written by strata train: ${(error as Error).message}`);
  }
  const saved = checkpoint.state.metadata.config;
  if (saved === undefined)
    throw new UsageError(
      `expected the checkpoint '${path}' to record its run's config (strata train writes it), got none.`,
    );
  const config = checkConfig({ ...(JSON.parse(saved) as Partial<TrainConfig>), ...overrides, xavier: false });
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
  } finally {
    for (const t of Object.values(checkpoint.model)) t.dispose();
  }
  return { net, config, epoch: checkpoint.state.epoch };
}
