import { recordGrad } from '../autograd/record.js';
import { backendOf, makeTensor } from '../engine/engine.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * @internal A new tensor sharing `x`'s buffer under `shape` (same size). Gradients reshape back.
 * This is how `reshape`, `view`, `squeeze` and no-op casts cost nothing.
 */
export function alias(x: Tensor, shape: Shape, name = 'Reshape'): Tensor {
  x._assertAlive();
  const out = makeTensor({ dataId: x._dataId, shape, dtype: x.dtype }, backendOf(x));
  recordGrad(name, out, [x], [], (dy) => [alias(dy, x.shape)]);
  return out;
}
