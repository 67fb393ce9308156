import { expect } from 'vitest';
import type { HostTensor, Image, RawImage, SampleRandom } from '../../types.js';

/**
 * An image as `packages/data/scripts/make-transform-fixtures.py` stores it: `host` images are
 * float32 `[C, H, W]`, `raw` images uint8 `[H, W, C]`, both flat in their own layout.
 *
 * @example
 * ```ts
 * const img: GoldenImage = { kind: 'host', shape: [1, 1, 2], data: [0, 1] };
 * ```
 */
export interface GoldenImage {
  kind: 'host' | 'raw';
  shape: [number, number, number];
  data: number[];
}

/**
 * A large expected output stored sampled: whole rows (every value with that row index, in the
 * image's layout order), plus the sum and the `(i % 7 + 1)`-weighted sum of every value.
 *
 * @example
 * ```ts
 * const out: GoldenSampled = { kind: 'raw', shape: [224, 224, 1], rows: [0], rowData: [[...]], sum: 0, weightedSum: 0 };
 * ```
 */
export interface GoldenSampled {
  kind: 'host' | 'raw';
  shape: [number, number, number];
  rows: number[];
  rowData: number[][];
  sum: number;
  weightedSum: number;
}

/**
 * One fixture file: named input images and the cases that use them.
 *
 * @example
 * ```ts
 * const file = resizeJson as unknown as GoldenFile<ResizeCase>;
 * ```
 */
export interface GoldenFile<C> {
  torch: string;
  torchvision: string;
  images: Record<string, GoldenImage>;
  cases: C[];
}

/**
 * A fresh strata image (own buffer) from a stored one.
 *
 * @example
 * ```ts
 * const input = toImage(file.images[c.input]!);
 * ```
 */
export function toImage(g: GoldenImage): Image {
  if (g.kind === 'host') {
    const img: HostTensor = {
      kind: 'host',
      data: Float32Array.from(g.data),
      shape: [g.shape[0], g.shape[1], g.shape[2]],
    };
    return img;
  }
  const img: RawImage = {
    kind: 'raw',
    data: Uint8Array.from(g.data),
    height: g.shape[0],
    width: g.shape[1],
    channels: g.shape[2],
  };
  return img;
}

function layoutShape(img: Image): [number, number, number] {
  return img.kind === 'host' ? [img.shape[0], img.shape[1], img.shape[2]] : [img.height, img.width, img.channels];
}

// Checks actual against expected with |a - e| <= tolerance, naming the first few mismatches.
// Stored float outputs have 9 significant digits, which pin down a float32 exactly, so rounding
// them to float32 makes tolerance 0 a bit-exact comparison.
function expectValues(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  const bad: string[] = [];
  for (let i = 0; i < expected.length; i++) {
    const e = Math.fround(expected[i]!);
    if (!(Math.abs(actual[i]! - e) <= tolerance)) bad.push(`[${i}] ${actual[i]} vs ${e}`);
  }
  expect(bad.slice(0, 5), `${what}: ${bad.length} values off by more than ${tolerance}`).toEqual([]);
}

/**
 * Compares an output with a stored full or sampled one: the kind and shape exactly, values
 * within `tolerance` (sums within `tolerance` per value).
 *
 * @example
 * ```ts
 * expectImage(resize.apply(input), c.output, FLOAT_TOLERANCE, c.name);
 * ```
 */
export function expectImage(
  actual: Image,
  expected: GoldenImage | GoldenSampled,
  tolerance: number,
  what: string,
): void {
  expect(actual.kind, `${what}: kind`).toBe(expected.kind);
  const shape = layoutShape(actual);
  expect(shape, `${what}: shape`).toEqual(expected.shape);
  if ('data' in expected) {
    expectValues(actual.data, expected.data, tolerance, what);
    return;
  }
  const [d0, d1, d2] = shape;
  expected.rows.forEach((r, k) => {
    const row: number[] = [];
    if (actual.kind === 'host') {
      for (let c = 0; c < d0; c++) for (let x = 0; x < d2; x++) row.push(actual.data[(c * d1 + r) * d2 + x]!);
    } else {
      for (let i = 0; i < d1 * d2; i++) row.push(actual.data[r * d1 * d2 + i]!);
    }
    expectValues(row, expected.rowData[k]!, tolerance, `${what} row ${r}`);
  });
  let sum = 0;
  let weightedSum = 0;
  for (let i = 0; i < actual.data.length; i++) {
    sum += actual.data[i]!;
    weightedSum += actual.data[i]! * ((i % 7) + 1);
  }
  expect(Math.abs(sum - expected.sum), `${what}: sum ${sum} vs ${expected.sum}`).toBeLessThanOrEqual(
    tolerance * actual.data.length + 1e-9,
  );
  expect(Math.abs(weightedSum - expected.weightedSum), `${what}: weighted sum`).toBeLessThanOrEqual(
    7 * tolerance * actual.data.length + 1e-9,
  );
}

/**
 * A generator that returns the given numbers in order and counts the draws, to pin random
 * transforms to chosen outcomes.
 *
 * @example
 * ```ts
 * const random = scriptedRandom(0.25, 0.75);
 * crop.apply(img, random);
 * random.draws; // 2
 * ```
 */
export function scriptedRandom(...values: number[]): SampleRandom & { readonly draws: number } {
  let i = 0;
  return {
    next: () => {
      if (i >= values.length) throw new Error(`scriptedRandom: only ${values.length} values scripted`);
      return values[i++]!;
    },
    get draws() {
      return i;
    },
  };
}
