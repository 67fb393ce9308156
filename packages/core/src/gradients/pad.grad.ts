import { run } from '../autograd/run-kernel.js';
import { tensor, zeros } from '../ops/creation.js';
import { sliceRaw } from '../ops/slice.js';
import type { Tensor } from '../tensor.js';
import { type Gradient, SAVES_NOTHING } from './grad-func.js';

/** For each output position along one dimension, the input position it copies (`Pad` modes). */
function sourceIndices(mode: 'reflect' | 'replicate' | 'circular', n: number, before: number, after: number): number[] {
  return Array.from({ length: before + n + after }, (_, o) => {
    const i = o - before;
    if (mode === 'replicate') return Math.min(Math.max(i, 0), n - 1);
    if (mode === 'circular') return ((i % n) + n) % n;
    const period = 2 * (n - 1);
    const r = ((i % period) + period) % period;
    return r < n ? r : period - r;
  });
}

/**
 * Gradient of `Pad`: constant padding crops the gradient; the other modes copy input cells into
 * the border, so each border cell's gradient is added back onto the cell it copied — one
 * index-add (`IndexScatter` with `accumulate`) per padded dimension.
 */
export const padGrad: Gradient<'Pad'> = {
  saves: SAVES_NOTHING,
  backward: (dy, { attrs, inputs: { x } }) => {
    if (attrs.mode === 'constant') {
      return {
        x: sliceRaw(
          dy,
          attrs.paddings.map(([before]) => before),
          x.shape,
          x.shape.map(() => 1),
        ),
      };
    }
    const mode = attrs.mode;
    let g: Tensor = dy;
    attrs.paddings.forEach(([before, after], axis) => {
      if (before + after === 0) return;
      const n = x.shape[axis]!;
      const indices = tensor(Int32Array.from(sourceIndices(mode, n, before, after)), { backend: dy.backend });
      const base = zeros(
        g.shape.map((s, d) => (d === axis ? n : s)),
        { dtype: dy.dtype, backend: dy.backend },
      );
      g = run('IndexScatter', { x: base, indices, values: g }, { axis, accumulate: true });
    });
    return { x: g };
  },
};
