import { noGrad } from '../autograd/grad-mode.js';
import { runKernel } from '../autograd/run-kernel.js';
import type { FusedActivation } from '../backend/kernel-map.js';
import { hasFusedKernel } from '../backend/registry.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape, sizeFromShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat, ones, zeros } from './creation.js';
import { applyActivation, checkActivation, epilogueOf } from './epilogue.js';
import { variance } from './variance.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link batchNorm} (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: BatchNormOptions = { training: true, momentum: 0.1, eps: 1e-5 };
 * ```
 */
export interface BatchNormOptions {
  /** Normalise with the batch's statistics and update the running ones (default false). */
  training?: boolean;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /**
   * An activation applied to the result, as `relu(batchNorm(...))` with the same values and
   * gradients; while training, the fused kernel applies it as it writes each value.
   */
  activation?: FusedActivation;
}

/**
 * Batch normalisation over every dimension but 1 (channels), as
 * `torch.nn.functional.batch_norm`. While `training`, normalises with the batch mean and biased
 * variance and updates `runningMean`/`runningVar` in place (`(1 - momentum) * old + momentum *
 * new`, with the unbiased variance); otherwise uses the running statistics.
 *
 * @example
 * ```ts
 * const rm = zeros([3]), rv = ones([3]);
 * batchNorm(x, rm, rv, gamma, beta, { training: true });
 * batchNorm(x, rm, rv, gamma, beta, { training: true, activation: 'relu' }); // relu(batchNorm(...))
 * ```
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight?: Tensor | null,
  bias?: Tensor | null,
  options: BatchNormOptions = {},
): Tensor {
  checkOptions(
    'batchNorm',
    options,
    optionKeys<BatchNormOptions>({ training: true, momentum: true, eps: true, activation: true }),
  );
  assertFloat('batchNorm', x);
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  const activation = checkActivation('batchNorm', options.activation);
  if (x.rank < 2)
    throw new ShapeError(`batchNorm: expected input of rank >= 2 (N, C, ...), got shape ${formatShape(x.shape)}.`);
  const channels = x.shape[1]!;
  for (const [name, t] of [
    ['runningMean', runningMean],
    ['runningVar', runningVar],
    ['weight', weight],
    ['bias', bias],
  ] as const) {
    if (t != null && (t.rank !== 1 || t.shape[0] !== channels)) {
      throw new ShapeError(
        `batchNorm: expected ${name} of shape [${channels}] (the input's channels), got ${formatShape(t.shape)}.`,
      );
    }
  }
  if (!training && (runningMean == null || runningVar == null)) {
    throw new ArgumentError(
      'batchNorm: expected runningMean and runningVar when not training, got null; pass them or set { training: true }.',
    );
  }
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  const stat = [1, channels, ...new Array<number>(x.rank - 2).fill(1)];
  let mean: Tensor;
  let biasedVar: Tensor;
  if (training) {
    const count = sizeFromShape(axes.map((a) => x.shape[a]!));
    if (count <= 1) {
      throw new ShapeError(
        `batchNorm: expected more than 1 value per channel when training, got input shape ${formatShape(x.shape)}.`,
      );
    }
    const fused = hasFusedKernel(x.backend, 'BatchNormTrain');
    let out: Tensor | undefined;
    if (fused) {
      const options = { dtype: x.dtype, backend: x.backend };
      const affine = { weight: weight ?? ones([channels], options), bias: bias ?? zeros([channels], options) };
      const epilogue = epilogueOf(activation, false, x.dtype);
      [out, mean, biasedVar] = runKernel(
        'BatchNormTrain',
        { x, ...affine },
        epilogue ? { eps, epilogue } : { eps },
      ) as [Tensor, Tensor, Tensor];
    } else {
      mean = x.mean(axes, true);
      biasedVar = variance(x, axes, { correction: 0, keepdim: true });
    }
    noGrad(() => {
      if (runningMean != null) runningMean.mul_(1 - momentum).add_(mean.reshape([channels]).mul(momentum));
      if (runningVar != null)
        runningVar.mul_(1 - momentum).add_(biasedVar.reshape([channels]).mul((momentum * count) / (count - 1)));
    });
    if (out !== undefined) return out;
  } else {
    mean = runningMean!.reshape(stat);
    biasedVar = runningVar!.reshape(stat);
  }
  let out = x.sub(mean).div(biasedVar.add(eps).sqrt());
  if (weight != null) out = out.mul(weight.reshape(stat));
  if (bias != null) out = out.add(bias.reshape(stat));
  return applyActivation(out, activation);
}
