import { StrataError } from '@strata/core';

/**
 * Who holds a run directory's lock, as its lock file records.
 *
 * @example
 * ```ts
 * const holder: RunLockHolder = { pid: 4242, hostname: 'box', startedAt: '2025-01-01T00:00:00.000Z', command: 'strata train' };
 * ```
 */
export interface RunLockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly startedAt: string;
  readonly command: string;
}

/**
 * Another live process (or this one) holds the run directory's lock: two runs writing one
 * directory would mix their checkpoints and metrics.
 *
 * @example
 * ```ts
 * try { await lockRunDir('runs/a'); } catch (e) { if (e instanceof RunLockedError) console.log(e.holder.pid); }
 * ```
 */
export class RunLockedError extends StrataError {
  override readonly name = 'RunLockedError';
  constructor(
    message: string,
    readonly holder: RunLockHolder,
  ) {
    super(message);
  }
}
