/**
 * Per-output-pixel filter taps along one axis: output `i` is
 * `sum_k weights[i * taps + k] * input[starts[i] + k]` for `k < sizes[i]`.
 *
 * @example
 * ```ts
 * const w = linearWeights(28, 224, true);
 * w.starts[0]; // first input pixel feeding output 0
 * ```
 */
export interface AxisWeights<W extends Float64Array | Int32Array = Float64Array> {
  readonly starts: Int32Array;
  readonly sizes: Int32Array;
  /** Stride between consecutive outputs' weights. */
  readonly taps: number;
  readonly weights: W;
}

/**
 * {@link AxisWeights} in fixed point for uint8 images: weights are integers scaled by
 * `2 ** precision`, and a tap sum `acc` becomes `clamp((acc + 2 ** (precision - 1)) >> precision)`.
 *
 * @example
 * ```ts
 * const w = linearWeightsUint8(28, 224, true);
 * w.precision; // e.g. 14
 * ```
 */
export interface AxisWeightsUint8 extends AxisWeights<Int32Array> {
  readonly precision: number;
}

// PyTorch's (and Pillow's) bilinear filter: a triangle of half-width 1.
function triangle(x: number): number {
  const a = Math.abs(x);
  return a < 1 ? 1 - a : 0;
}

// PyTorch's _compute_indices_min_size_weights_aa: the triangle stretched by the downsampling
// factor so every input pixel under it contributes, then normalised to sum to 1.
function antialiasWeights(inSize: number, outSize: number): AxisWeights & { readonly max: number } {
  const scale = inSize / outSize;
  const support = Math.max(scale, 1);
  const invScale = scale >= 1 ? 1 / scale : 1;
  const taps = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outSize);
  const sizes = new Int32Array(outSize);
  const weights = new Float64Array(outSize * taps);
  let max = 0;
  for (let i = 0; i < outSize; i++) {
    const center = scale * (i + 0.5);
    const xmin = Math.max(Math.trunc(center - support + 0.5), 0);
    const xsize = Math.min(Math.max(Math.min(Math.trunc(center + support + 0.5), inSize) - xmin, 0), taps);
    let total = 0;
    for (let j = 0; j < xsize; j++) {
      const w = triangle((j + xmin - center + 0.5) * invScale);
      weights[i * taps + j] = w;
      total += w;
    }
    if (total !== 0) {
      for (let j = 0; j < xsize; j++) {
        const w = weights[i * taps + j]! / total;
        weights[i * taps + j] = w;
        max = Math.max(max, w);
      }
    }
    starts[i] = xmin;
    sizes[i] = xsize;
  }
  return { starts, sizes, taps, weights, max };
}

// Drops zero weights at either end of each output's taps (the antialiased triangle often ends on
// one), so the passes do less work; a zero tap adds nothing to the sum.
function trimZeroTaps<W extends Float64Array | Int32Array>(table: AxisWeights<W>): AxisWeights<W> {
  const { starts, sizes, taps, weights } = table;
  for (let i = 0; i < starts.length; i++) {
    const base = i * taps;
    let first = 0;
    let size = sizes[i]!;
    while (size > 1 && weights[base + first] === 0) {
      first++;
      size--;
    }
    while (size > 1 && weights[base + first + size - 1] === 0) size--;
    if (first > 0) weights.copyWithin(base, base + first, base + first + size);
    starts[i] = starts[i]! + first;
    sizes[i] = size;
  }
  return table;
}

/**
 * Float bilinear weights as PyTorch computes them for float tensors
 * (`interpolate(mode='bilinear', align_corners=False)`, with or without `antialias`). Without
 * antialiasing the source position `(i + 0.5) * in / out - 0.5` is computed in float32 as
 * PyTorch does.
 *
 * @example
 * ```ts
 * const w = linearWeights(28, 10, true); // 28 -> 10 with the antialiased (widened) triangle
 * ```
 */
export function linearWeights(inSize: number, outSize: number, antialias: boolean): AxisWeights {
  if (antialias) return trimZeroTaps(antialiasWeights(inSize, outSize));
  const scale = Math.fround(inSize / outSize);
  const starts = new Int32Array(outSize);
  const sizes = new Int32Array(outSize);
  const weights = new Float64Array(outSize * 2);
  for (let i = 0; i < outSize; i++) {
    const real = Math.max(Math.fround(Math.fround(scale * (i + 0.5)) - 0.5), 0);
    const i0 = Math.trunc(real);
    const lambda1 = Math.fround(real - i0);
    starts[i] = i0;
    if (i0 < inSize - 1) {
      sizes[i] = 2;
      weights[2 * i] = Math.fround(1 - lambda1);
      weights[2 * i + 1] = lambda1;
    } else {
      sizes[i] = 1;
      weights[2 * i] = 1;
    }
  }
  return trimZeroTaps({ starts, sizes, taps: 2, weights });
}

// PyTorch's _compute_indices_min_size_weights (uint8, antialias=False): two taps at the float
// source position, folding taps that fall off the image onto the edge pixel.
function bilinearWeightsDouble(inSize: number, outSize: number): AxisWeights & { readonly max: number } {
  const scale = inSize / outSize;
  const starts = new Int32Array(outSize);
  const sizes = new Int32Array(outSize);
  const weights = new Float64Array(outSize * 2);
  let max = 0;
  for (let i = 0; i < outSize; i++) {
    const real = Math.max(scale * (i + 0.5) - 0.5, 0);
    // PyTorch floors with floorf, i.e. after rounding the double position to float32.
    const index = Math.min(Math.floor(Math.fround(real)), inSize - 1);
    const lambda = Math.min(Math.max(real - index, 0), 1);
    const size = Math.min(Math.max(Math.min(index + 2, inSize) - index, 0), 2);
    let w = 0;
    for (let j = 0; j < 2; j++) {
      weights[i * 2 + j] = 0;
      if (index + j <= 0) w = 0;
      else if (index + j >= inSize - 1) w = size - 1;
      weights[i * 2 + w] = weights[i * 2 + w]! + triangle(j - lambda);
      max = Math.max(max, weights[i * 2 + w]!);
      w++;
    }
    starts[i] = index;
    sizes[i] = size;
  }
  return { starts, sizes, taps: 2, weights, max };
}

/**
 * Fixed-point bilinear weights for uint8 images, bit-exact with PyTorch's uint8 CPU path
 * (`_compute_index_ranges_int16_weights`, used by torchvision's `resize` on uint8 tensors):
 * double weights, a precision chosen so the largest weight fits in int16, then rounded.
 *
 * @example
 * ```ts
 * const w = linearWeightsUint8(28, 224, true);
 * ```
 */
export function linearWeightsUint8(inSize: number, outSize: number, antialias: boolean): AxisWeightsUint8 {
  const { starts, sizes, taps, weights, max } = antialias
    ? antialiasWeights(inSize, outSize)
    : bilinearWeightsDouble(inSize, outSize);
  let precision = 0;
  for (; precision < 22; precision++) {
    if (Math.trunc(0.5 + max * 2 ** (precision + 1)) >= 1 << 15) break;
  }
  const scaled = new Int32Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const v = weights[i]! * 2 ** precision;
    scaled[i] = v < 0 ? Math.trunc(-0.5 + v) : Math.trunc(0.5 + v);
  }
  return { ...trimZeroTaps({ starts, sizes, taps, weights: scaled }), precision };
}

/**
 * PyTorch's `'nearest'` source indices (not `'nearest-exact'`): `floor(i * (in / out))` with the
 * scale and product in float32, clamped to the last pixel.
 *
 * @example
 * ```ts
 * nearestIndices(4, 8); // Int32Array [0, 0, 1, 1, 2, 2, 3, 3]
 * ```
 */
export function nearestIndices(inSize: number, outSize: number): Int32Array {
  const scale = Math.fround(inSize / outSize);
  const out = new Int32Array(outSize);
  for (let i = 0; i < outSize; i++) out[i] = Math.min(Math.floor(Math.fround(i * scale)), inSize - 1);
  return out;
}
