import { checkOptions, optionKeys, type Tensor } from '@strata/core';
import { Adam, type AdamOptions } from './adam.js';
import type { OptimizerStateDict, ParamGroup } from './optimizer.js';

/**
 * The options of {@link AdamW}: Adam's, with weight decay always decoupled.
 *
 * @example
 * ```ts
 * const options: AdamWOptions = { lr: 3e-4, weightDecay: 0.05 };
 * ```
 */
export type AdamWOptions = Omit<AdamOptions, 'decoupledWeightDecay'>;

const ADAMW_KEYS = optionKeys<AdamWOptions>({
  lr: true,
  betas: true,
  eps: true,
  weightDecay: true,
  amsgrad: true,
  maximize: true,
});

function adamWOptions(options: AdamWOptions): AdamOptions {
  // Anything but an object goes to Adam unchanged, for its error message.
  if (options === null || typeof options !== 'object') return options as AdamOptions;
  checkOptions('AdamW', options, ADAMW_KEYS);
  return { ...options, weightDecay: options.weightDecay ?? 1e-2, decoupledWeightDecay: true };
}

/**
 * AdamW, PyTorch's `torch.optim.AdamW`: Adam with decoupled weight decay, which shrinks the
 * weights directly (`p *= 1 - lr * weightDecay`) instead of adding an L2 term to the gradient,
 * so the decay is not rescaled by the adaptive denominator. `weightDecay` defaults to 1e-2.
 * Its param groups have `decoupledWeightDecay: true`, also after `loadStateDict`.
 *
 * @example
 * ```ts
 * const opt = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 * opt.step();
 * ```
 */
export class AdamW extends Adam {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroup<Required<AdamOptions>>>, options: AdamWOptions = {}) {
    super(params, adamWOptions(options));
  }

  /**
   * Adam's `loadStateDict`, keeping weight decay decoupled.
   *
   * @example
   * ```ts
   * new AdamW(model.parameters()).loadStateDict(checkpoint.optimizer);
   * ```
   */
  override loadStateDict(stateDict: OptimizerStateDict<Required<AdamOptions>>): void {
    super.loadStateDict(stateDict);
    // As PyTorch's AdamW.__setstate__: a state dict saved by Adam must not turn decay back into L2.
    for (const group of this.paramGroups) group.decoupledWeightDecay = true;
  }
}
