import { run, runKernel } from '../autograd/run-kernel.js';
import type { SoftmaxCrossEntropyAttrs } from '../backend/kernel-map.js';
import { hasFusedKernel } from '../backend/registry.js';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { formatShape, shapesEqual } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { assertFloat } from './creation.js';
import { assertIndicesInRange } from './one-hot.js';
import { applyReduction, type Reduction } from './reduction-mode.js';
import { logSoftmax } from './softmax.js';
import { movedim } from './transpose.js';
import { where } from './where.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link crossEntropy} (PyTorch's keyword arguments).
 *
 * @example
 * ```ts
 * const o: CrossEntropyOptions = { reduction: 'sum', labelSmoothing: 0.1 };
 * ```
 */
export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Mixes the target with the uniform distribution: `(1 - e) * target + e / C`. */
  labelSmoothing?: number;
  /** Class-index targets equal to this contribute nothing (default -100). */
  ignoreIndex?: number;
}

/**
 * Cross-entropy between `logits` (`[N, C]`, `[N, C, d1, ...]` or `[C]`) and `target`: class
 * indices (int32, the logits' shape without dimension 1) or class probabilities (float, the
 * logits' shape). The softmax is taken inside, as `torch.nn.functional.cross_entropy`.
 *
 * @example
 * ```ts
 * const logits = tensor([[2, 0, 0], [0, 2, 0]]);
 * crossEntropy(logits, tensor([0, 1], { dtype: 'int32' })); // tensor(0.2395)
 * ```
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  checkOptions(
    'crossEntropy',
    options,
    optionKeys<CrossEntropyOptions>({ reduction: true, labelSmoothing: true, ignoreIndex: true }),
  );
  assertFloat('crossEntropy', logits, 'logits');
  const reduction = options.reduction ?? 'mean';
  const smoothing = options.labelSmoothing ?? 0;
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (!(smoothing >= 0 && smoothing <= 1)) {
    throw new ArgumentError(`crossEntropy: expected labelSmoothing in [0, 1], got ${smoothing}.`);
  }
  if (logits.rank === 0) throw new ShapeError('crossEntropy: expected logits of shape [N, C] or [C], got a scalar.');
  const classDim = logits.rank === 1 ? 0 : 1;
  const numClasses = logits.shape[classDim]!;

  if (target.dtype !== 'int32') {
    if (target.dtype === 'bool') {
      throw new DTypeError(
        'crossEntropy: expected int32 class indices or float probabilities as target, got dtype bool.',
      );
    }
    if (!shapesEqual(target.shape, logits.shape)) {
      throw new ShapeError(
        `crossEntropy: expected probability targets of the logits' shape ${formatShape(logits.shape)}, got ${formatShape(target.shape)}; pass class indices as an int32 tensor instead.`,
      );
    }
    const logProbs = logSoftmax(logits, classDim);
    const mixed = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / numClasses) : target;
    const losses = mixed.mul(logProbs).sum(classDim).neg();
    return applyReduction('crossEntropy', losses, reduction);
  }

  const expected = logits.shape.filter((_, i) => i !== classDim);
  if (!shapesEqual(target.shape, expected)) {
    throw new ShapeError(
      `crossEntropy: expected class-index targets of shape ${formatShape(expected)} for logits of shape ${formatShape(logits.shape)}, got ${formatShape(target.shape)}.`,
    );
  }
  assertIndicesInRange(
    'crossEntropy',
    target,
    numClasses,
    `class indices (or ignoreIndex ${ignoreIndex})`,
    ignoreIndex,
  );
  if (hasFusedKernel(logits.backend, 'SoftmaxCrossEntropy')) {
    return fusedCrossEntropy(logits, target, reduction, { ignoreIndex, labelSmoothing: smoothing });
  }
  const logProbs = logSoftmax(logits, classDim);
  const valid = target.ne(ignoreIndex);
  const safeTarget = where(valid, target, 0);
  // The range was checked on `target` above; oneHot() would check `safeTarget` again, and reading
  // that computed tensor would cost a GPU backend a readback in every training step.
  const picks = movedim(
    run('OneHot', { indices: safeTarget }, { depth: numClasses, dtype: logits.dtype }),
    -1,
    classDim,
  );
  let losses = picks.mul(logProbs).sum(classDim).neg();
  if (smoothing > 0) {
    const uniform = logProbs.sum(classDim).neg().div(numClasses);
    losses = losses.mul(1 - smoothing).add(uniform.mul(smoothing));
  }
  losses = where(valid, losses, 0);
  return applyReduction(
    'crossEntropy',
    losses,
    reduction,
    reduction === 'mean' ? valid.sum().cast(logits.dtype) : undefined,
  );
}

/**
 * Class-index cross-entropy on the backend's fused kernel: the logits as rows `[rows, C]` (the
 * class dimension moved last), one loss per row, reduced here; `mean` divides by the targets
 * that are not `ignoreIndex`, counted on the backend as the composite path counts them.
 */
function fusedCrossEntropy(
  logits: Tensor,
  target: Tensor,
  reduction: Reduction,
  attrs: SoftmaxCrossEntropyAttrs,
): Tensor {
  const numClasses = logits.shape[logits.rank === 1 ? 0 : 1]!;
  const rows = logits.rank <= 2 ? logits.reshape([-1, numClasses]) : movedim(logits, 1, -1).reshape([-1, numClasses]);
  const [losses] = runKernel('SoftmaxCrossEntropy', { logits: rows, target: target.reshape([-1]) }, attrs);
  const count = reduction === 'mean' ? target.ne(attrs.ignoreIndex).sum().cast(logits.dtype) : undefined;
  return applyReduction('crossEntropy', losses!.reshape(target.shape), reduction, count);
}
