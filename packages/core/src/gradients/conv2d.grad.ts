import { run } from '../autograd/run-kernel.js';
import type { GradFunc } from './grad-func.js';

/** Gradient of the fused `Conv2d`, through the backend's fused backward kernels. */
export const conv2dGrad: GradFunc<'Conv2d'> = (dy, { inputs: { x, filter }, attrs }) => ({
  x: run('Conv2dBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }),
  filter: run('Conv2dBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }),
});
