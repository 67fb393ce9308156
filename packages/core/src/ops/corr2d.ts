import { isFloat, promoteTypes } from '../dtype.js';
import { commonBackend } from '../engine/engine.js';
import { DTypeError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { conv2d } from './conv2d.js';
import { reshape } from './reshape.js';

/**
 * The 2-D cross-correlation of the d2l chapter: slides the 2-D kernel `K` over the 2-D input
 * `X` and sums the elementwise products (no padding, stride 1). Integer inputs give a float32
 * result, as the chapter's loop writing into `torch.zeros` does.
 *
 * @example
 * ```ts
 * corr2d(tensor([[0, 1, 2], [3, 4, 5], [6, 7, 8]]), tensor([[0, 1], [2, 3]]));
 * // tensor([[19., 25.],
 * //         [37., 43.]])
 * ```
 */
export function corr2d(X: Tensor, K: Tensor): Tensor {
  if (X.rank !== 2)
    throw new ShapeError(
      `corr2d: expected a 2-D input (H, W), got shape ${formatShape(X.shape)}; use conv2d for batches and channels.`,
    );
  if (K.rank !== 2) throw new ShapeError(`corr2d: expected a 2-D kernel (KH, KW), got shape ${formatShape(K.shape)}.`);
  for (const [t, what] of [
    [X, 'input'],
    [K, 'kernel'],
  ] as const) {
    if (t.dtype === 'bool') {
      throw new DTypeError(`corr2d: expected a numeric ${what}, got dtype bool; cast it with .float().`);
    }
  }
  commonBackend('corr2d', [X, K]);
  const promoted = promoteTypes(X.dtype, K.dtype);
  const dtype = isFloat(promoted) ? promoted : 'float32';
  const [h, w] = X.shape as [number, number];
  const [kh, kw] = K.shape as [number, number];
  if (kh === 0 || kw === 0) {
    throw new ShapeError(`corr2d: expected a non-empty kernel, got shape ${formatShape(K.shape)}.`);
  }
  if (kh > h || kw > w) {
    throw new ShapeError(
      `corr2d: expected a kernel no larger than the input, got kernel ${formatShape(K.shape)} for input ${formatShape(X.shape)}.`,
    );
  }
  const y = conv2d(reshape(cast(X, dtype), [1, 1, h, w]), reshape(cast(K, dtype), [1, 1, kh, kw]));
  return reshape(y, [h - kh + 1, w - kw + 1]);
}
