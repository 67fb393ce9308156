import { run } from '../autograd/run-kernel.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of the fused `Conv2d`, through the backend's fused backward kernels; an input that
 * needs no gradient (a network's images) costs nothing, and is kept only for the filter's.
 */
export const conv2dGrad: Gradient<'Conv2d'> = {
  saves: (_attrs, needs) => ({
    inputs: [...(needs.filter ? (['x'] as const) : []), ...(needs.x ? (['filter'] as const) : [])],
  }),
  backward: (dy, { attrs, inputs: { x, filter }, saved }) => ({
    ...(x.requiresGrad
      ? { x: run('Conv2dBackpropInput', { dy, filter: saved('filter') }, { ...attrs, inputShape: x.shape }) }
      : {}),
    ...(filter.requiresGrad
      ? { filter: run('Conv2dBackpropFilter', { x: saved('x'), dy }, { ...attrs, filterShape: filter.shape }) }
      : {}),
  }),
};
