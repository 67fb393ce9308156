import { run } from '../autograd/run-kernel.js';
import { zeros } from '../ops/creation.js';
import type { Gradient } from './grad-func.js';

/** Gradient of `Gather` (index_select): added back at each index, repeats summing. */
export const gatherGrad: Gradient<'Gather'> = {
  saves: () => ({ inputs: ['indices'] }),
  backward: (dy, { attrs: { axis }, inputs: { x }, saved }) => ({
    x: run(
      'IndexScatter',
      { x: zeros(x.shape, { dtype: dy.dtype, backend: dy.backend }), indices: saved('indices'), values: dy },
      { axis, accumulate: true },
    ),
  }),
};
