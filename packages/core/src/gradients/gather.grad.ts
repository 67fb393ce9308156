import { run } from '../autograd/run-kernel.js';
import type { GradFunc } from './grad-func.js';

/** Gradient of `Gather` (index_select): added back at each index, repeats summing. */
export const gatherGrad: GradFunc<'Gather'> = (dy, { inputs: { x, indices }, attrs }) => {
  const scatter = run('OneHot', { indices }, { depth: x.shape[attrs.axis]!, dtype: dy.dtype });
  return { x: dy.movedim(attrs.axis, -1).matmul(scatter).movedim(-1, attrs.axis) };
};
