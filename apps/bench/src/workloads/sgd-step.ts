import { crossEntropy, type Tensor, tidy } from '@strata/core';
import { SGD } from '@strata/optim';

/** What a training step needs of a network: its forward pass and its parameters. */
export interface TrainableNet {
  forward(x: Tensor): Tensor;
  parameters(): Tensor[];
}

/**
 * One plain-SGD training step on a fixed batch, as PyTorch's reference script times it: forward,
 * cross-entropy, backward, update, then the loss read back, so that the timed step has finished.
 *
 * @example
 * ```ts
 * const step = sgdStep(lenetModern(), rand([256, 1, 28, 28]), randint(0, 10, [256], { dtype: 'int32' }), 0.01);
 * const loss = step();
 * ```
 */
export function sgdStep(net: TrainableNet, x: Tensor, y: Tensor, lr: number): () => number {
  const optimizer = new SGD(net.parameters(), { lr });
  return () =>
    tidy(() => {
      const loss = crossEntropy(net.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      return loss.item();
    });
}
