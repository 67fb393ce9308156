import { run } from '../autograd/run-kernel.js';
import { epilogueBackward } from '../ops/epilogue.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of the fused `Conv2d`, through the backend's fused backward kernels; an input that
 * needs no gradient (a network's images) costs nothing, and is kept only for the filter's. With
 * an epilogue, `dy` is first taken back through its activation (from the kept output) and the
 * bias gets its per-channel sums.
 */
export const conv2dGrad: Gradient<'Conv2d'> = {
  saves: ({ epilogue }, needs) => ({
    inputs: [...(needs.filter ? (['x'] as const) : []), ...(needs.x ? (['filter'] as const) : [])],
    outputs: epilogue?.vjp ? [0] : [],
  }),
  backward: (dy, { attrs: { epilogue, ...attrs }, inputs: { x, filter, bias }, saved, output }) => {
    const dz = epilogue?.vjp ? epilogueBackward(epilogue, dy, output(0)) : dy;
    return {
      ...(x.requiresGrad
        ? { x: run('Conv2dBackpropInput', { dy: dz, filter: saved('filter') }, { ...attrs, inputShape: x.shape }) }
        : {}),
      ...(filter.requiresGrad
        ? { filter: run('Conv2dBackpropFilter', { x: saved('x'), dy: dz }, { ...attrs, filterShape: filter.shape }) }
        : {}),
      ...(bias?.requiresGrad ? { bias: dz.sum([0, 2, 3]) } : {}),
    };
  },
};
