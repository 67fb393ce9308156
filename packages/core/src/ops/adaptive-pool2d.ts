import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { stack } from './cat.js';
import { assertFloat } from './creation.js';
import { avgPool2d, maxPool2d } from './pool2d.js';
import { max } from './reduce.js';
import { sliceAlong } from './slice.js';

/**
 * The output size of an adaptive pooling: one number for a square, or `[h, w]` where `null`
 * keeps that input size.
 *
 * @example
 * ```ts
 * const size: AdaptiveOutputSize = [7, null];
 * ```
 */
export type AdaptiveOutputSize = number | readonly [number | null, number | null];

function resolve(op: string, x: Tensor, outputSize: AdaptiveOutputSize): [number, number] {
  assertFloat(op, x);
  if (x.rank !== 3 && x.rank !== 4) {
    throw new ShapeError(
      `${op}: expected input of rank 4 (N, C, H, W) or 3 (C, H, W), got shape ${formatShape(x.shape)}.`,
    );
  }
  const [h, w] = x.shape.slice(-2) as [number, number];
  const pair = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  const out = [pair[0] ?? h, pair[1] ?? w] as [number, number];
  if (out.some((v) => !Number.isInteger(v) || v < 1)) {
    throw new ArgumentError(
      `${op}: expected a positive output size (a number or [h, w], null keeps a size), got ${JSON.stringify(outputSize)}.`,
    );
  }
  if (h === 0 || w === 0)
    throw new ShapeError(`${op}: expected a non-empty input plane, got shape ${formatShape(x.shape)}.`);
  return out;
}

/** PyTorch's bins: output `i` covers `[floor(i * n / out), ceil((i + 1) * n / out))`. */
function bins(n: number, out: number): [number, number][] {
  return Array.from({ length: out }, (_, i) => [Math.floor((i * n) / out), Math.ceil(((i + 1) * n) / out)]);
}

function adaptive(x: Tensor, out: [number, number], reduce: (window: Tensor) => Tensor): Tensor {
  const [h, w] = x.shape.slice(-2) as [number, number];
  const rows = bins(h, out[0]).map(([h0, h1]) => {
    const band = sliceAlong('adaptivePool2d', x, -2, h0, h1);
    return stack(
      bins(w, out[1]).map(([w0, w1]) => reduce(sliceAlong('adaptivePool2d', band, -1, w0, w1).flatten(-2))),
      -1,
    );
  });
  return stack(rows, -2);
}

/**
 * Average pooling to a fixed output size `[OH, OW]` whatever the input size, with PyTorch's
 * (possibly overlapping) bins.
 *
 * @example
 * ```ts
 * adaptiveAvgPool2d(x, 1).shape; // [N, C, 1, 1], the global average pool of NiN and ResNet
 * ```
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  const out = resolve('adaptiveAvgPool2d', x, outputSize);
  const [h, w] = x.shape.slice(-2) as [number, number];
  if (out[0] === 1 && out[1] === 1) return x.mean([-2, -1], true);
  if (h % out[0] === 0 && w % out[1] === 0) return avgPool2d(x, [h / out[0], w / out[1]]);
  return adaptive(x, out, (window) => window.mean(-1));
}

/**
 * Max pooling to a fixed output size `[OH, OW]`, with PyTorch's bins.
 *
 * @example
 * ```ts
 * adaptiveMaxPool2d(x, [2, 2]);
 * ```
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: AdaptiveOutputSize): Tensor {
  const out = resolve('adaptiveMaxPool2d', x, outputSize);
  const [h, w] = x.shape.slice(-2) as [number, number];
  if (h % out[0] === 0 && w % out[1] === 0) return maxPool2d(x, [h / out[0], w / out[1]]);
  return adaptive(x, out, (window) => max(window, -1).values);
}
