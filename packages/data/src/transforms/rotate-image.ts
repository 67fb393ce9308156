import type { Image } from '../types.js';
import { emptyImageLike, imageDims } from './image-dims.js';
import type { InterpolationMode } from './interpolation-mode.js';
import { roundHalfEven } from './round-half-even.js';

const f32 = Math.fround;

/**
 * torchvision's `_get_inverse_affine_matrix(center, -angle, [0, 0], 1, [0, 0])`: the 2x3 matrix
 * mapping an output pixel (in coordinates centred on the image) back to its source, for a
 * counter-clockwise rotation by `angle` degrees about `center` (also centred coordinates).
 *
 * @example
 * ```ts
 * inverseRotationMatrix(90, 0, 0); // ~[0, -1, 0, 1, 0, 0]
 * ```
 */
export function inverseRotationMatrix(angle: number, cx: number, cy: number): number[] {
  // Python's math.radians multiplies by a precomputed pi / 180.
  const rot = -angle * (Math.PI / 180);
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  const m = [cos, sin, 0, -sin, cos, 0];
  // Same association as torchvision, so the float32 matrix matches bit for bit.
  m[2] = m[2]! + (m[0]! * -cx + m[1]! * -cy) + cx;
  m[5] = m[5]! + (m[3]! * -cx + m[4]! * -cy) + cy;
  return m;
}

/**
 * The `[height, width]` of a rotated image with `expand`: torchvision's
 * `_compute_affine_output_size`, float32 arithmetic and its 1e-4 truncation included.
 *
 * @example
 * ```ts
 * expandedSize(inverseRotationMatrix(90, 0, 0), 6, 4); // [6, 4] -> [4, 6]
 * ```
 */
export function expandedSize(matrix: readonly number[], height: number, width: number): [number, number] {
  const t = matrix.map(f32);
  const corners = [
    [-0.5 * width, -0.5 * height],
    [-0.5 * width, 0.5 * height],
    [0.5 * width, 0.5 * height],
    [0.5 * width, -0.5 * height],
  ] as const;
  const tol = f32(1e-4);
  const extent = (row: number, half: number): number => {
    const values = corners.map(([x, y]) => f32(f32(f32(x * t[row * 3]!) + f32(y * t[row * 3 + 1]!)) + t[row * 3 + 2]!));
    const max = f32(Math.max(...values) + half);
    const min = f32(Math.min(...values) + half);
    return Math.ceil(f32(Math.trunc(f32(max / tol)) * tol)) - Math.floor(f32(Math.trunc(f32(min / tol)) * tol));
  };
  return [extent(1, f32(height * 0.5)), extent(0, f32(width * 0.5))];
}

/**
 * Rotates an image counter-clockwise by `angle` degrees the way torchvision's `F.rotate` does on
 * tensors: each output pixel centre is mapped through the inverse rotation into the input and
 * sampled there (`grid_sample` with `align_corners=False`), with the grid computed in float32 in
 * torchvision's order so nearest sampling picks the same pixels. Pixels that land outside take
 * `fill` (nearest) or are blended towards it by the covered fraction (bilinear). `center` is
 * in pixel coordinates (origin at the top-left corner); `null` means the image centre.
 *
 * @example
 * ```ts
 * const turned = rotateImage(img, 30, 'nearest', false, null, [0]);
 * ```
 */
export function rotateImage<T extends Image>(
  image: T,
  angle: number,
  interpolation: InterpolationMode,
  expand: boolean,
  center: readonly [number, number] | null,
  fill: readonly number[],
): T {
  const { channels, height, width, strideC, strideY, strideX } = imageDims(image);
  const cx = center === null ? 0 : center[0] - width * 0.5;
  const cy = center === null ? 0 : center[1] - height * 0.5;
  const matrix = inverseRotationMatrix(angle, cx, cy);
  const [outHeight, outWidth] = expand ? expandedSize(matrix, height, width) : [height, width];
  const theta = matrix.map(f32);
  const halfW = f32(0.5 * width);
  const halfH = f32(0.5 * height);
  const rx = [f32(theta[0]! / halfW), f32(theta[1]! / halfW), f32(theta[2]! / halfW)];
  const ry = [f32(theta[3]! / halfH), f32(theta[4]! / halfH), f32(theta[5]! / halfH)];
  const out = emptyImageLike(image, channels, outHeight, outWidth);
  const dst = imageDims(out);
  const src = image.data;
  const raw = image.kind === 'raw';
  const values = new Float64Array(channels);
  for (let oy = 0; oy < outHeight; oy++) {
    const y = oy - outHeight * 0.5 + 0.5;
    for (let ox = 0; ox < outWidth; ox++) {
      const x = ox - outWidth * 0.5 + 0.5;
      const gx = f32(f32(f32(x * rx[0]!) + f32(y * rx[1]!)) + rx[2]!);
      const gy = f32(f32(f32(x * ry[0]!) + f32(y * ry[1]!)) + ry[2]!);
      // grid_sample's unnormalisation for align_corners=False: ((g + 1) * size - 1) / 2.
      const px = f32(f32(f32(gx + 1) * halfW) - 0.5);
      const py = f32(f32(f32(gy + 1) * halfH) - 0.5);
      if (interpolation === 'nearest') {
        const sx = roundHalfEven(px);
        const sy = roundHalfEven(py);
        const inside = sx >= 0 && sx < width && sy >= 0 && sy < height;
        for (let c = 0; c < channels; c++)
          values[c] = inside ? src[c * strideC + sy * strideY + sx * strideX]! : fill[c]!;
      } else {
        const x0 = Math.floor(px);
        const y0 = Math.floor(py);
        const we = f32(px - x0);
        const ww = f32(1 - we);
        const ws = f32(py - y0);
        const wn = f32(1 - ws);
        const corners = [
          [y0, x0, f32(wn * ww)],
          [y0, x0 + 1, f32(wn * we)],
          [y0 + 1, x0, f32(ws * ww)],
          [y0 + 1, x0 + 1, f32(ws * we)],
        ] as const;
        let mask = 0;
        values.fill(0);
        for (const [sy, sx, w] of corners) {
          if (sx < 0 || sx >= width || sy < 0 || sy >= height) continue;
          mask = f32(mask + w);
          for (let c = 0; c < channels; c++)
            values[c] = f32(values[c]! + f32(src[c * strideC + sy * strideY + sx * strideX]! * w));
        }
        // torchvision samples a ones-channel alongside and blends: img * mask + (1 - mask) * fill.
        for (let c = 0; c < channels; c++) values[c] = f32(f32(values[c]! * mask) + f32(f32(1 - mask) * fill[c]!));
      }
      const at = oy * dst.strideY + ox * dst.strideX;
      for (let c = 0; c < channels; c++) {
        const v = values[c]!;
        out.data[at + c * dst.strideC] = raw ? Math.min(Math.max(roundHalfEven(v), 0), 255) : v;
      }
    }
  }
  return out;
}
