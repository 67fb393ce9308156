import { Conv2d, init, Linear, type Module } from '@strata/nn';

/**
 * The chapters' `init_weights`: Xavier-uniform weights for every `Linear` and `Conv2d` (biases
 * keep their default), as `train_ch6` applies before training.
 *
 * @example
 * ```ts
 * xavierInit(net);
 * await fit(net, options);
 * ```
 */
export function xavierInit<M extends Module>(model: M): M {
  return model.apply((m) => {
    if (m instanceof Linear || m instanceof Conv2d) init.xavierUniform_(m.weight);
  });
}
