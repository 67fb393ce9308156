import { run } from '../autograd/run-kernel.js';
import type { GradFunc } from './grad-func.js';

/** Gradient of the fused `MaxPool2d`: to each window's recorded winner. */
export const maxPool2dGrad: GradFunc<'MaxPool2d'> = (dy, { inputs: { x }, outputs, attrs }) => ({
  x: run('MaxPool2dGrad', { dy, indices: outputs[1]! }, { ...attrs, inputShape: x.shape }),
});

/** Gradient of the fused `AvgPool2d`: spread evenly over each window by its divisor. */
export const avgPool2dGrad: GradFunc<'AvgPool2d'> = (dy, { inputs: { x }, attrs }) => ({
  x: run('AvgPool2dGrad', { dy }, { ...attrs, inputShape: x.shape }),
});
