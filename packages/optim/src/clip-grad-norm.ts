import { ArgumentError, checkOptions, div, noGrad, StrataError, stack, Tensor, tidy, zeros } from '@strata/core';
import { checkOption, describe, isNumber } from './check.js';

/**
 * The options of {@link clipGradNorm_}.
 *
 * @example
 * ```ts
 * const options: ClipGradNormOptions = { normType: Infinity, errorIfNonfinite: true };
 * ```
 */
export interface ClipGradNormOptions {
  /** The p of the p-norm, > 0; `Infinity` for the largest absolute value. Default 2. */
  normType?: number;
  /** Throw when the total norm is NaN or infinite (reads the norm back to the host). Default false. */
  errorIfNonfinite?: boolean;
}

function vectorNorm(x: Tensor, p: number): Tensor {
  if (p === 2) return x.square().sum().sqrt();
  if (p === 1) return x.abs().sum();
  if (p === Number.POSITIVE_INFINITY) return x.abs().amax();
  return x
    .abs()
    .pow(p)
    .sum()
    .pow(1 / p);
}

/**
 * Rescales gradients in place so that their total norm is at most `maxNorm`, PyTorch's
 * `torch.nn.utils.clip_grad_norm_`: the total norm is the `normType`-norm of the per-gradient
 * norms (as if every gradient were one vector), and each gradient is multiplied by
 * `min(maxNorm / (total + 1e-6), 1)`. Parameters without a gradient are skipped. Returns the total
 * norm before clipping as a 0-d tensor (a float32 zero when no parameter has a gradient). It
 * stays on the device: nothing is read back unless `errorIfNonfinite` is set.
 *
 * @example
 * ```ts
 * loss.backward();
 * const norm = clipGradNorm_(model.parameters(), 1.0);
 * opt.step();
 * ```
 */
export function clipGradNorm_(
  params: Tensor | Iterable<Tensor>,
  maxNorm: number,
  options: ClipGradNormOptions = {},
): Tensor {
  checkOptions('clipGradNorm_', options, ['normType', 'errorIfNonfinite']);
  const { normType = 2, errorIfNonfinite = false } = options;
  checkOption(isNumber(maxNorm) && maxNorm >= 0, 'clipGradNorm_', 'maxNorm >= 0', maxNorm);
  checkOption(
    isNumber(normType) && normType > 0,
    'clipGradNorm_',
    'normType > 0 (Infinity for the max norm)',
    normType,
  );
  if (!(params instanceof Tensor) && (params === null || typeof params !== 'object' || !(Symbol.iterator in params))) {
    throw new ArgumentError(
      `clipGradNorm_: expected a tensor or an iterable of tensors, got ${describe(params)}; pass model.parameters().`,
    );
  }
  const list = params instanceof Tensor ? [params] : Array.from(params);
  const grads: Tensor[] = [];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor))
      throw new ArgumentError(`clipGradNorm_: expected tensors, got ${describe(p)} at position ${i}.`);
    if (p.grad !== null) grads.push(p.grad);
  });
  if (grads.length === 0) return zeros([]);
  return noGrad(() =>
    tidy(() => {
      const total = vectorNorm(stack(grads.map((g) => vectorNorm(g, normType))), normType);
      if (errorIfNonfinite && !Number.isFinite(total.item())) {
        throw new StrataError(
          `clipGradNorm_: expected a finite total norm of order ${normType}, got ${total.item()}; the gradients hold NaN or infinite values (check the loss and the learning rate), or pass errorIfNonfinite: false to scale by it anyway.`,
        );
      }
      const coef = div(maxNorm, total.add(1e-6)).clamp(null, 1);
      for (const g of grads) g.mul_(coef.dtype === g.dtype ? coef : coef.cast(g.dtype));
      return total;
    }),
  );
}
