import type { AxisWeights, AxisWeightsUint8 } from './resize-weights.js';

/**
 * Resamples the last axis of float32 rows: `rows` rows of `inWidth` values become rows of
 * `weights.starts.length` values (the horizontal pass of a separable resize on CHW data).
 *
 * @example
 * ```ts
 * const wide = resampleRowsFloat(chw, channels * height, width, linearWeights(width, 224, true));
 * ```
 */
export function resampleRowsFloat(
  src: Float32Array,
  rows: number,
  inWidth: number,
  weights: AxisWeights,
): Float32Array {
  const { starts, sizes, taps, weights: w } = weights;
  const outWidth = starts.length;
  const out = new Float32Array(rows * outWidth);
  for (let r = 0; r < rows; r++) {
    const inRow = r * inWidth;
    const outRow = r * outWidth;
    for (let x = 0; x < outWidth; x++) {
      const base = inRow + starts[x]!;
      const wBase = x * taps;
      let acc = 0;
      for (let k = 0; k < sizes[x]!; k++) acc += w[wBase + k]! * src[base + k]!;
      out[outRow + x] = acc;
    }
  }
  return out;
}

/**
 * Resamples the middle axis of float32 `[planes, inHeight, width]` data (the vertical pass of a
 * separable resize on CHW data).
 *
 * @example
 * ```ts
 * const tall = resampleColumnsFloat(wide, channels, height, 224, linearWeights(height, 224, true));
 * ```
 */
export function resampleColumnsFloat(
  src: Float32Array,
  planes: number,
  inHeight: number,
  width: number,
  weights: AxisWeights,
): Float32Array {
  const { starts, sizes, taps, weights: w } = weights;
  const outHeight = starts.length;
  const out = new Float32Array(planes * outHeight * width);
  const acc = new Float64Array(width);
  for (let p = 0; p < planes; p++) {
    for (let y = 0; y < outHeight; y++) {
      const outRow = (p * outHeight + y) * width;
      const row0 = (p * inHeight + starts[y]!) * width;
      const w0 = w[y * taps]!;
      // Upsampling tables have one or two taps; those rows skip the accumulator.
      if (sizes[y] === 1) {
        for (let x = 0; x < width; x++) out[outRow + x] = w0 * src[row0 + x]!;
      } else if (sizes[y] === 2) {
        const w1 = w[y * taps + 1]!;
        const row1 = row0 + width;
        for (let x = 0; x < width; x++) out[outRow + x] = w0 * src[row0 + x]! + w1 * src[row1 + x]!;
      } else {
        acc.fill(0);
        for (let k = 0; k < sizes[y]!; k++) {
          const wk = w[y * taps + k]!;
          const inRow = row0 + k * width;
          for (let x = 0; x < width; x++) acc[x] = acc[x]! + wk * src[inRow + x]!;
        }
        out.set(acc, outRow);
      }
    }
  }
  return out;
}

/**
 * Resamples the width of uint8 HWC rows in fixed point, rounding and clamping each result to
 * uint8 as PyTorch's uint8 kernel does.
 *
 * @example
 * ```ts
 * const wide = resampleRowsUint8(hwc, height, width, channels, linearWeightsUint8(width, 224, true));
 * ```
 */
export function resampleRowsUint8(
  src: Uint8Array,
  height: number,
  inWidth: number,
  channels: number,
  weights: AxisWeightsUint8,
): Uint8Array {
  const { starts, sizes, taps, weights: w, precision } = weights;
  const outWidth = starts.length;
  const half = 1 << (precision - 1);
  const out = new Uint8Array(height * outWidth * channels);
  for (let y = 0; y < height; y++) {
    const inRow = y * inWidth * channels;
    const outRow = y * outWidth * channels;
    for (let x = 0; x < outWidth; x++) {
      const base = inRow + starts[x]! * channels;
      const wBase = x * taps;
      const n = sizes[x]!;
      for (let c = 0; c < channels; c++) {
        let acc = half;
        for (let k = 0; k < n; k++) acc += w[wBase + k]! * src[base + k * channels + c]!;
        // Bilinear weights are never negative, so only the top needs clamping.
        out[outRow + x * channels + c] = Math.min(acc >> precision, 255);
      }
    }
  }
  return out;
}

/**
 * Resamples the height of uint8 HWC data in fixed point (the vertical pass), rounding and
 * clamping like {@link resampleRowsUint8}.
 *
 * @example
 * ```ts
 * const tall = resampleColumnsUint8(wide, 224 * channels, linearWeightsUint8(height, 224, true));
 * ```
 */
export function resampleColumnsUint8(src: Uint8Array, rowLength: number, weights: AxisWeightsUint8): Uint8Array {
  const { starts, sizes, taps, weights: w, precision } = weights;
  const outHeight = starts.length;
  const half = 1 << (precision - 1);
  const out = new Uint8Array(outHeight * rowLength);
  const acc = new Int32Array(rowLength);
  // Bilinear weights are never negative, so results only need clamping at the top.
  for (let y = 0; y < outHeight; y++) {
    const outRow = y * rowLength;
    const row0 = starts[y]! * rowLength;
    const w0 = w[y * taps]!;
    // Upsampling tables have one or two taps; those rows skip the accumulator.
    if (sizes[y] === 1) {
      for (let i = 0; i < rowLength; i++) out[outRow + i] = Math.min((half + w0 * src[row0 + i]!) >> precision, 255);
    } else if (sizes[y] === 2) {
      const w1 = w[y * taps + 1]!;
      const row1 = row0 + rowLength;
      for (let i = 0; i < rowLength; i++)
        out[outRow + i] = Math.min((half + w0 * src[row0 + i]! + w1 * src[row1 + i]!) >> precision, 255);
    } else {
      acc.fill(half);
      for (let k = 0; k < sizes[y]!; k++) {
        const wk = w[y * taps + k]!;
        const inRow = row0 + k * rowLength;
        for (let i = 0; i < rowLength; i++) acc[i] = acc[i]! + wk * src[inRow + i]!;
      }
      for (let i = 0; i < rowLength; i++) out[outRow + i] = Math.min(acc[i]! >> precision, 255);
    }
  }
  return out;
}
