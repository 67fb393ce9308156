import type { DType, Tensor } from '@strata/core';
import { assertRank } from '../module/module.js';
import { parseArgs, type PyTorchArgs } from '../module/pytorch-args.js';
import { BatchNormBase, type BatchNormLayerOptions, batchNormSpec } from './batch-norm-base.js';
import { BatchNorm2d } from './batch-norm2d.js';
import { become, inDType } from './lazy-materialize.js';

const PER_CHANNEL = ['weight', 'bias', 'running_mean', 'running_var'] as const;

const LAZY_BATCH_NORM2D = batchNormSpec('LazyBatchNorm2d', true);

/**
 * The arguments of {@link LazyBatchNorm2d}: PyTorch's `(eps=1e-05, momentum=0.1, affine=True,
 * track_running_stats=True, device=None, dtype=None, *, bias=True)`, positionally or by name in
 * an options object.
 *
 * @example
 * ```ts
 * const args: LazyBatchNorm2dArgs = [{ momentum: null }];
 * ```
 */
export type LazyBatchNorm2dArgs = PyTorchArgs<
  [
    eps?: number,
    momentum?: number | null,
    affine?: boolean,
    trackRunningStats?: boolean,
    backend?: string | null,
    dtype?: DType | null,
  ],
  ['eps', 'momentum', 'affine', 'trackRunningStats', 'backend', 'dtype'],
  BatchNormLayerOptions
>;

/**
 * A {@link BatchNorm2d} whose `numFeatures` is inferred from the first input
 * (`nn.LazyBatchNorm2d`): `weight`, `bias`, `running_mean` and `running_var` are registered as
 * `null` and created (ones, zeros, zeros, ones) by the first `forward` (or filled by
 * `loadStateDict`); `num_batches_tracked` exists from the start. The layer then becomes a
 * `BatchNorm2d`, as in PyTorch.
 *
 * Until then `parameters()` does not list them: build the optimizer after one forward pass
 * (a dry run on a dummy batch), as PyTorch advises.
 *
 * @example
 * ```ts
 * const bn = new LazyBatchNorm2d();
 * bn.forward(randn([8, 16, 10, 10]));
 * String(bn); // 'BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, track_running_stats=True)'
 * ```
 */
export class LazyBatchNorm2d extends BatchNormBase {
  readonly #options: BatchNormLayerOptions;

  constructor(...args: LazyBatchNorm2dArgs) {
    const options = parseArgs<BatchNormLayerOptions>(LAZY_BATCH_NORM2D, args);
    super('LazyBatchNorm2d', null, options);
    this.#options = options;
  }

  protected override isLazy(name: string): boolean {
    switch (name) {
      case 'weight':
        return this.affine;
      case 'bias':
        return this.affine && this.#options.bias !== false;
      case 'running_mean':
      case 'running_var':
        return this.trackRunningStats;
      default:
        return false;
    }
  }

  #stateTensor(name: (typeof PER_CHANNEL)[number]): Tensor | null {
    return name === 'weight' || name === 'bias' ? this.parameter(name) : this.buffer(name);
  }

  protected override setTensor(kind: 'parameter' | 'buffer', name: string, t: Tensor): void {
    super.setTensor(kind, name, name === 'num_batches_tracked' ? t : inDType(t, this.#options.dtype ?? 'float32'));
    if (PER_CHANNEL.every((n) => !this.isLazy(n) || this.#stateTensor(n) !== null)) {
      const first = PER_CHANNEL.map((n) => this.#stateTensor(n)).find((s) => s !== null);
      if (first) this.#become(first.shape[0]!);
    }
  }

  #become(numFeatures: number, backend?: string): void {
    this.materialize(numFeatures, backend);
    become(this, BatchNorm2d);
  }

  protected override assertInputRank(x: Tensor): void {
    assertRank('LazyBatchNorm2d', x, [4], '(N, C, H, W)');
  }

  /**
   * Creates the per-channel tensors from the channels of `x` (`[N, C, H, W]`), then runs
   * BatchNorm2d's forward.
   *
   * @example
   * ```ts
   * bn.forward(x);
   * ```
   */
  override forward(x: Tensor): Tensor {
    this.assertInputRank(x);
    const loaded = PER_CHANNEL.map((n) => this.#stateTensor(n)).find((s) => s !== null);
    this.#become(loaded?.shape[0] ?? x.shape[1]!, x.backend);
    return super.forward(x);
  }
}
