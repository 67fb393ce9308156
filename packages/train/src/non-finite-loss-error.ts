import { StrataError } from '@strata/core';

/**
 * `fit` met a loss that is NaN or infinite and stopped (its `nonFinite: 'stop'` default), before
 * writing any checkpoint after it: `epoch`, `batch` (both counted from 1) and `step` (batches
 * since the run began) say where, `loss` what it was.
 *
 * @example
 * ```ts
 * try { await fit(net, options); } catch (e) { if (e instanceof NonFiniteLossError) console.log(e.epoch, e.batch); }
 * ```
 */
export class NonFiniteLossError extends StrataError {
  override readonly name = 'NonFiniteLossError';
  constructor(
    message: string,
    readonly epoch: number,
    readonly batch: number,
    readonly step: number,
    readonly loss: number,
  ) {
    super(message);
  }
}
