import type { Shape } from '@strata/core';

/**
 * A broadcast of two operands to an output, collapsed to three dimensions: `dims` of the
 * output and, per operand, the element stride along each (0 where it is broadcast). The last
 * stride is always 0 or 1.
 *
 * @example
 * ```ts
 * collapseBroadcast([8, 3, 5, 5], [1, 3, 1, 1], [8, 3, 5, 5]);
 * // { dims: [8, 3, 25], aStrides: [75, 25, 1], bStrides: [0, 1, 0] }
 * ```
 */
export interface CollapsedBroadcast {
  dims: [number, number, number];
  aStrides: [number, number, number];
  bStrides: [number, number, number];
}

/**
 * Merges neighbouring output dimensions along which each operand either varies or is broadcast
 * alike; `undefined` when more than three such runs remain (e.g. `[2, 1, 3, 1]` against
 * `[1, 4, 1, 5]`), which the general offset-table path handles.
 *
 * @example
 * ```ts
 * collapseBroadcast([4, 6], [6], [4, 6]); // { dims: [1, 4, 6], aStrides: [0, 6, 1], bStrides: [0, 0, 1] }
 * ```
 */
export function collapseBroadcast(aShape: Shape, bShape: Shape, outShape: Shape): CollapsedBroadcast | undefined {
  const rank = outShape.length;
  const runs: { size: number; varies: number }[] = [];
  for (let d = 0; d < rank; d++) {
    const size = outShape[d]!;
    if (size === 1) continue;
    const aSize = aShape[d - (rank - aShape.length)] ?? 1;
    const bSize = bShape[d - (rank - bShape.length)] ?? 1;
    const varies = (aSize === 1 ? 0 : 1) | (bSize === 1 ? 0 : 2);
    const last = runs[runs.length - 1];
    if (last !== undefined && last.varies === varies) last.size *= size;
    else runs.push({ size, varies });
  }
  if (runs.length > 3) return undefined;
  while (runs.length < 3) runs.unshift({ size: 1, varies: 3 });
  const dims: [number, number, number] = [runs[0]!.size, runs[1]!.size, runs[2]!.size];
  return { dims, aStrides: stridesOf(runs, 1), bStrides: stridesOf(runs, 2) };
}

function stridesOf(runs: readonly { size: number; varies: number }[], operand: number): [number, number, number] {
  const strides: [number, number, number] = [0, 0, 0];
  let stride = 1;
  for (let g = 2; g >= 0; g--) {
    const run = runs[g]!;
    if ((run.varies & operand) === 0) continue;
    strides[g] = stride;
    stride *= run.size;
  }
  return strides;
}
