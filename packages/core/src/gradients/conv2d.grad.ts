import { run } from '../autograd/run-kernel.js';
import type { GradFunc } from './grad-func.js';

/**
 * Gradient of the fused `Conv2d`, through the backend's fused backward kernels; an input that
 * needs no gradient (a network's images) costs nothing.
 */
export const conv2dGrad: GradFunc<'Conv2d'> = (dy, { inputs: { x, filter }, attrs }) => ({
  ...(x.requiresGrad ? { x: run('Conv2dBackpropInput', { dy, filter }, { ...attrs, inputShape: x.shape }) } : {}),
  ...(filter.requiresGrad
    ? { filter: run('Conv2dBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }) }
    : {}),
});
