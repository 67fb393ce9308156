import { run } from '../autograd/run-kernel.js';
import { zeros } from '../ops/creation.js';
import type { Gradient } from './grad-func.js';

/**
 * Gradient of `IndexScatter`: the written slices' gradient goes to `values` (every repeat of an
 * index gets it, as PyTorch's `index_put_` backward); `x` keeps the rest, and with `accumulate`
 * the written slices too.
 */
export const indexScatterGrad: Gradient<'IndexScatter'> = {
  saves: () => ({ inputs: ['indices'] }),
  backward: (dy, { attrs: { axis, accumulate }, inputs: { x, values }, saved }) => {
    const indices = saved('indices');
    return {
      ...(x.requiresGrad
        ? {
            x: accumulate
              ? dy
              : run(
                  'IndexScatter',
                  { x: dy, indices, values: zeros(values.shape, { dtype: dy.dtype, backend: dy.backend }) },
                  { axis, accumulate: false },
                ),
          }
        : {}),
      ...(values.requiresGrad ? { values: run('Gather', { x: dy, indices }, { axis }) } : {}),
    };
  },
};
