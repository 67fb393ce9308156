import { StrataError } from '@strata/core';

/**
 * A file is not a usable strata checkpoint: unreadable, not one at all, a format of another
 * version, a training state that is malformed, or model weights that are not finite. Also what
 * `fit` throws when asked to resume from a run directory that holds no checkpoint yet.
 *
 * @example
 * ```ts
 * try { await loadCheckpoint('runs/a/last.safetensors'); } catch (e) { if (e instanceof CheckpointError) console.log(e.message); }
 * ```
 */
export class CheckpointError extends StrataError {
  override readonly name = 'CheckpointError';
}
