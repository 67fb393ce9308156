import type { Shape } from '../shape.js';

/**
 * How the inputs of an `Elementwise` kernel are read at each output element, computed once by
 * core: the output with its size-1 dimensions dropped and neighbouring dimensions merged where
 * every input either varies along both or is broadcast along both, and per input the element
 * stride along each merged dimension (0 where it is broadcast). Inputs are contiguous, so a
 * stride is the product of the later dimensions the input varies along.
 *
 * @example
 * ```ts
 * elementwiseLayout([[8, 3, 5, 5], [3, 1, 1]], [8, 3, 5, 5]);
 * // { shape: [8, 3, 5, 5], dims: [8, 3, 25], strides: [[75, 25, 1], [0, 1, 0]], key: '3:111,010' }
 * ```
 */
export interface ElementwiseLayout {
  /** The output shape: the inputs' shapes broadcast. */
  readonly shape: Shape;
  /** The merged output dimensions, outermost first; `[]` for a single element. */
  readonly dims: readonly number[];
  /** Per input, its element stride along each of `dims`. */
  readonly strides: readonly (readonly number[])[];
  /**
   * Which merged dimensions each input varies along (`1`) or is broadcast along (`0`): with
   * the program's key, what a backend compiles a loop for; the sizes are arguments.
   */
  readonly key: string;
}

/**
 * The layout of inputs of `inputShapes` read at every element of `outShape` (their broadcast).
 *
 * @example
 * ```ts
 * elementwiseLayout([[4, 6], [6]], [4, 6]).strides; // [[6, 1], [0, 1]]
 * ```
 */
export function elementwiseLayout(inputShapes: readonly Shape[], outShape: Shape): ElementwiseLayout {
  const rank = outShape.length;
  const dims: number[] = [];
  const varies: boolean[][] = [];
  for (let d = 0; d < rank; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const pattern = inputShapes.map((s) => (s[d - (rank - s.length)] ?? 1) !== 1);
    const last = varies[varies.length - 1];
    if (last?.every((v, i) => v === pattern[i])) dims[dims.length - 1]! *= size;
    else {
      dims.push(size);
      varies.push(pattern);
    }
  }
  const strides = inputShapes.map((_, i) => {
    const out = new Array<number>(dims.length).fill(0);
    let stride = 1;
    for (let g = dims.length - 1; g >= 0; g--) {
      if (!varies[g]![i]) continue;
      out[g] = stride;
      stride *= dims[g]!;
    }
    return out;
  });
  const key = `${dims.length}:${inputShapes.map((_, i) => varies.map((v) => (v[i] ? 1 : 0)).join('')).join(',')}`;
  return { shape: outShape, dims, strides, key };
}
