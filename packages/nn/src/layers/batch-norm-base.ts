import {
  ArgumentError,
  batchNorm,
  type DType,
  type FusedActivation,
  formatShape,
  noGrad,
  ones,
  ShapeError,
  type Tensor,
  zeros,
} from '@strata/core';
import { fusesActivation } from '../module/activation-fusion.js';
import { Module } from '../module/module.js';
import type { Parameter } from '../module/parameter.js';
import { type ArgSpec, argSpec, is, type PyTorchArgs } from '../module/pytorch-args.js';
import { assertPositiveInt } from './linear.js';
import { pyBool, pyFloat } from './python-repr.js';

/**
 * Options of the batch-normalisation layers (PyTorch's keyword arguments, camelCase).
 *
 * @example
 * ```ts
 * new BatchNorm2d(16, { momentum: null, eps: 1e-3 }); // cumulative moving average
 * ```
 */
export interface BatchNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * Weight of each new batch in the running statistics (default 0.1); `null` averages every
   * batch seen so far equally (a cumulative moving average, PyTorch's `momentum=None`).
   */
  momentum?: number | null;
  /** Learn a per-channel scale `weight` (ones) and shift `bias` (zeros) (default true). */
  affine?: boolean;
  /** With `affine`, learn the shift too (default true; PyTorch's `bias`). */
  bias?: boolean;
  /**
   * Keep `running_mean` / `running_var` for evaluation (default true); without them the layer
   * normalises with the batch's statistics in evaluation mode too.
   */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics (default float32). */
  dtype?: DType | null;
  /** Backend to create them on (default: the current one); PyTorch's `device`. */
  backend?: string | null;
}

const BATCH_NORM_NAMES = ['eps', 'momentum', 'affine', 'trackRunningStats', 'backend', 'dtype'] as const;

/**
 * The arguments of {@link BatchNorm1d} and {@link BatchNorm2d}: PyTorch's `(num_features,
 * eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None, *,
 * bias=True)`, positionally or by name in an options object.
 *
 * @example
 * ```ts
 * const args: BatchNormArgs = [64, 1e-3, null]; // eps 1e-3, cumulative running averages
 * ```
 */
export type BatchNormArgs = PyTorchArgs<
  [
    numFeatures: number,
    eps?: number,
    momentum?: number | null,
    affine?: boolean,
    trackRunningStats?: boolean,
    backend?: string | null,
    dtype?: DType | null,
  ],
  ['numFeatures', 'eps', 'momentum', 'affine', 'trackRunningStats', 'backend', 'dtype'],
  BatchNormLayerOptions & { numFeatures: number }
>;

// `bias` is keyword-only, as in PyTorch.
const BATCH_NORM_CHECKS = {
  eps: is.number,
  momentum: is.nullable(is.number),
  affine: is.boolean,
  trackRunningStats: is.boolean,
  backend: is.nullable(is.string),
  dtype: is.nullable(is.dtype),
  bias: is.boolean,
};

/**
 * @internal The arguments of a batch-norm layer: `numFeatures` first unless `lazy`.
 *
 * @example
 * ```ts
 * parseArgs(batchNormSpec('BatchNorm2d'), [16, 1e-3]);
 * ```
 */
export function batchNormSpec(layer: string, lazy = false): ArgSpec {
  return lazy
    ? argSpec(layer, BATCH_NORM_NAMES, 0, BATCH_NORM_CHECKS)
    : argSpec(layer, ['numFeatures', ...BATCH_NORM_NAMES], 1, { numFeatures: is.number, ...BATCH_NORM_CHECKS });
}

/**
 * What BatchNorm1d and BatchNorm2d share (PyTorch's `_BatchNorm`): parameters `weight` and
 * `bias`, buffers `running_mean`, `running_var` and `num_batches_tracked` (in PyTorch's
 * state-dict order), the training/evaluation forward and the repr. Subclasses only say which
 * input ranks they take.
 *
 * `num_batches_tracked` is an int32 scalar here; PyTorch's is int64 (loading a PyTorch state
 * dict casts it).
 *
 * @example
 * ```ts
 * const layers = net.modules().filter((m) => m instanceof BatchNormBase);
 * ```
 */
export abstract class BatchNormBase extends Module {
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  #numFeatures = 0;
  readonly #bias: boolean;
  readonly #create: { dtype: DType; backend: string | undefined };

  /**
   * `numFeatures` `null` leaves the per-channel tensors unregistered until `materialize`
   * (LazyBatchNorm2d).
   */
  protected constructor(layer: string, numFeatures: number | null, options: BatchNormLayerOptions) {
    super();
    const eps = options.eps ?? 1e-5;
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (!(Number.isFinite(eps) && eps >= 0)) {
      throw new ArgumentError(`${layer}: expected eps to be a non-negative number, got ${eps}.`);
    }
    if (momentum !== null && !(momentum >= 0 && momentum <= 1)) {
      throw new ArgumentError(`${layer}: expected momentum in [0, 1] or null (cumulative average), got ${momentum}.`);
    }
    this.eps = eps;
    this.momentum = momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.#bias = this.affine && options.bias !== false;
    this.#create = { dtype: options.dtype ?? 'float32', backend: options.backend ?? undefined };
    this.registerParameter('weight', null);
    this.registerParameter('bias', null);
    this.registerBuffer('running_mean', null);
    this.registerBuffer('running_var', null);
    this.registerBuffer(
      'num_batches_tracked',
      this.trackRunningStats ? zeros([], { dtype: 'int32', backend: options.backend ?? undefined }) : null,
    );
    if (numFeatures !== null) {
      assertPositiveInt(layer, 'numFeatures', numFeatures);
      this.materialize(numFeatures);
    }
  }

  /** The number of channels `C` (0 while a lazy layer has not seen an input). */
  get numFeatures(): number {
    return this.#numFeatures;
  }

  /** The `[C]` scale, or `null` without `affine`. */
  declare weight: Parameter | null;
  /** The `[C]` shift, or `null` without `affine` (or with `bias: false`). */
  declare bias: Parameter | null;

  /** The `[C]` running mean, or `null` without `trackRunningStats`. */
  get runningMean(): Tensor | null {
    return this.buffer('running_mean');
  }

  /** The `[C]` running (unbiased) variance, or `null` without `trackRunningStats`. */
  get runningVar(): Tensor | null {
    return this.buffer('running_var');
  }

  /** The number of training batches seen (an int32 scalar), or `null` without `trackRunningStats`. */
  get numBatchesTracked(): Tensor | null {
    return this.buffer('num_batches_tracked');
  }

  /**
   * @internal Registers, with their initial values, the per-channel tensors that are still
   * missing, for `numFeatures` channels, on the backend of the options (else `backend`).
   */
  protected materialize(numFeatures: number, backend?: string): void {
    this.#numFeatures = numFeatures;
    const create = { dtype: this.#create.dtype, backend: this.#create.backend ?? backend };
    const fill = (kind: 'parameter' | 'buffer', name: string, value: 0 | 1) => {
      const current = kind === 'parameter' ? this.parameter(name) : this.buffer(name);
      if (current !== null) return;
      const t = (value === 1 ? ones : zeros)([numFeatures], create);
      if (kind === 'parameter') this.registerParameter(name, t);
      else this.registerBuffer(name, t);
    };
    if (this.affine) fill('parameter', 'weight', 1);
    if (this.#bias) fill('parameter', 'bias', 0);
    if (this.trackRunningStats) {
      fill('buffer', 'running_mean', 0);
      fill('buffer', 'running_var', 1);
    }
  }

  /**
   * Resets the running statistics: mean 0, variance 1, no batches tracked.
   *
   * @example
   * ```ts
   * bn.resetRunningStats();
   * ```
   */
  resetRunningStats(): void {
    noGrad(() => {
      this.runningMean?.zero_();
      this.runningVar?.fill_(1);
      this.numBatchesTracked?.zero_();
    });
  }

  /**
   * Resets the running statistics and the parameters (weight ones, bias zeros).
   *
   * @example
   * ```ts
   * bn.resetParameters();
   * ```
   */
  resetParameters(): void {
    this.resetRunningStats();
    noGrad(() => {
      this.weight?.fill_(1);
      this.bias?.zero_();
    });
  }

  /**
   * Throws unless `x` has a rank this layer normalises.
   *
   * @example
   * ```ts
   * protected override assertInputRank(x: Tensor): void { assertRank('BatchNorm2d', x, [4], '(N, C, H, W)'); }
   * ```
   */
  protected abstract assertInputRank(x: Tensor): void;

  /**
   * Normalises each channel of `x`: in training with the batch's mean and (biased) variance,
   * updating the running statistics in place; in evaluation with the running statistics (or
   * the batch's without `trackRunningStats`).
   *
   * @example
   * ```ts
   * bn.train(); bn.forward(x); // updates running_mean, running_var, num_batches_tracked
   * bn.eval(); bn.forward(x);  // uses them
   * ```
   */
  forward(x: Tensor): Tensor {
    return this.#normalise(x);
  }

  #normalise(x: Tensor, activation?: FusedActivation): Tensor {
    this.assertInputRank(x);
    if (x.shape[1] !== this.numFeatures) {
      throw new ShapeError(
        `${this.constructor.name}: expected input with ${this.numFeatures} channels (dimension 1), got ${x.shape[1]} in shape ${formatShape(x.shape)}.`,
      );
    }
    let factor = this.momentum ?? 0;
    const tracked = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && tracked !== null) {
      noGrad(() => tracked.add_(1));
      if (this.momentum === null) factor = 1 / Number(tracked.item());
    }
    const runningMean = this.runningMean;
    const runningVar = this.runningVar;
    // As PyTorch: batch statistics while training, and in evaluation when nothing was tracked;
    // the running ones are passed only where they are read or updated.
    const useBatchStats = this.training || (runningMean === null && runningVar === null);
    const passRunning = !this.training || this.trackRunningStats;
    return batchNorm(x, passRunning ? runningMean : null, passRunning ? runningVar : null, this.weight, this.bias, {
      training: useBatchStats,
      momentum: factor,
      eps: this.eps,
      ...(activation === undefined ? {} : { activation }),
    });
  }

  static {
    // The activation after batch norm, applied by its training kernel (see nn.Sequential).
    fusesActivation(BatchNormBase, (layer, x, activation) => layer.#normalise(x, activation));
  }

  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pyFloat(this.momentum);
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${momentum}, affine=${pyBool(this.affine)}, bias=${pyBool(this.#bias)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}
