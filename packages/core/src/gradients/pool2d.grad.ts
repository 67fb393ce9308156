import { run } from '../autograd/run-kernel.js';
import { type Gradient, SAVES_NOTHING } from './grad-func.js';

/** Gradient of the fused `MaxPool2d`: to each window's recorded winner (output 1). */
export const maxPool2dGrad: Gradient<'MaxPool2d'> = {
  saves: () => ({ outputs: [1] }),
  backward: (dy, { attrs, inputs: { x }, output }) => ({
    x: run('MaxPool2dGrad', { dy, indices: output(1) }, { ...attrs, inputShape: x.shape }),
  }),
};

/** Gradient of the fused `AvgPool2d`: spread evenly over each window by its divisor. */
export const avgPool2dGrad: Gradient<'AvgPool2d'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { attrs, inputs: { x } }) => ({
    x: run('AvgPool2dGrad', { dy }, { ...attrs, inputShape: x.shape }),
  }),
};
