import type { KernelFunc, TensorInfo } from '@strata/core';
import type { GpuBackend } from '../gpu-backend.js';
import { type EpilogueSource, epilogueSource } from '../programs/epilogue-source.js';
import { at, fillSource, returnAs, unravel } from '../programs/index-math.js';
import { packChannels, packLastAxis } from '../programs/pack-rows.js';

/** Below this inner dimension, packing the operands costs more than the fetches it saves. */
const PACKED_MIN_K = 8;

/**
 * Batched `[B, M, K] x [B, K, N]`: one thread per output element, a loop over `K`. From
 * `K = 8` both operands are first packed by fours along `K`, so the loop does one 4-wide
 * multiply-add per two texture fetches. The `epilogue` (bias of column `c2`, activation) is
 * applied to each sum in the same program.
 *
 * @example
 * ```ts
 * const c = matMul({ inputs: { a, b }, attrs: { transposeA: false, transposeB: true }, backend });
 * ```
 */
export const matMul: KernelFunc<'MatMul', GpuBackend> = ({
  inputs: { a, b, bias },
  attrs: { transposeA, transposeB, epilogue },
  backend,
}) => {
  const [batch, m, k] = transposeA ? [a.shape[0]!, a.shape[2]!, a.shape[1]!] : [a.shape[0]!, a.shape[1]!, a.shape[2]!];
  const n = transposeB ? b.shape[1]! : b.shape[2]!;
  const shape = [batch, m, n];
  const tail = epilogueSource('MatMul', backend, epilogue, 's', bias && { info: bias, coord: 'c2', count: n });
  if (k === 0) {
    if (epilogue === undefined) return backend.runProgram({ source: fillSource(0), inputs: [] }, shape, a.dtype);
    return runSums({}, ['let s = 0.0;'], tail, shape, a.dtype, backend);
  }
  if (k < PACKED_MIN_K) return directMatMul(a, b, transposeA, transposeB, [batch, m, k, n], tail, backend);
  const quads = Math.ceil(k / 4);
  // Texel (batch, row or column, q) of each operand holds K indices 4q .. 4q + 3.
  const a4 = transposeA ? packChannels(backend, a, 1) : packLastAxis(backend, a);
  const b4 = transposeB ? packLastAxis(backend, b) : packChannels(backend, b, 1);
  const aAt = at(
    backend,
    a4,
    transposeA
      ? [
          ['c0', quads * m, batch],
          ['q', m, quads],
          ['c1', 1, m],
        ]
      : [
          ['c0', m * quads, batch],
          ['c1', quads, m],
          ['q', 1, quads],
        ],
  );
  const bAt = at(
    backend,
    b4,
    transposeB
      ? [
          ['c0', n * quads, batch],
          ['c2', quads, n],
          ['q', 1, quads],
        ]
      : [
          ['c0', quads * n, batch],
          ['q', n, quads],
          ['c2', 1, n],
        ],
  );
  const sums = [
    'let s = 0.0;',
    `for (let q = 0; q < ${quads}; q++) {`,
    `let u = a4${aAt};`,
    `let v = b4${bAt};`,
    's = s + u[0] * v[0] + u[1] * v[1] + u[2] * v[2] + u[3] * v[3];',
    '}',
  ];
  const out = runSums({ a4, b4 }, sums, tail, shape, a.dtype, backend);
  backend.disposeData(a4.dataId);
  backend.disposeData(b4.dataId);
  return out;
};

/** One thread per output element reading single values: for a short `K`. */
function directMatMul(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  [batch, m, k, n]: [number, number, number, number],
  tail: EpilogueSource,
  backend: GpuBackend,
): TensorInfo {
  // Element (row, j) of an operand stored [rows, cols], or its transpose.
  const aAt = at(
    backend,
    a,
    transposeA
      ? [
          ['c0', m * k, batch],
          ['j', m, k],
          ['c1', 1, m],
        ]
      : [
          ['c0', m * k, batch],
          ['c1', k, m],
          ['j', 1, k],
        ],
  );
  const bAt = at(
    backend,
    b,
    transposeB
      ? [
          ['c0', k * n, batch],
          ['c2', k, n],
          ['j', 1, k],
        ]
      : [
          ['c0', k * n, batch],
          ['j', n, k],
          ['c2', 1, n],
        ],
  );
  const sums = ['let s = 0.0;', `for (let i = 0; i < ${k}; i++) {`, 'let j = i;', `s = s + a${aAt} * b${bAt};`, '}'];
  return runSums({ a, b }, sums, tail, [batch, m, n], a.dtype, backend);
}

/**
 * Runs one thread per output element `(c0, c1, c2)` of `shape`: `sums` (over the arguments
 * `inputs`, named by their keys) leave the element's sum in `s`, which the epilogue `tail` turns
 * into the value written.
 */
function runSums(
  inputs: Record<string, TensorInfo>,
  sums: readonly string[],
  tail: EpilogueSource,
  shape: number[],
  dtype: TensorInfo['dtype'],
  backend: GpuBackend,
): TensorInfo {
  const source = [
    `function(${[...Object.keys(inputs), ...tail.params].join(', ')}) {`,
    unravel(shape, backend.layout),
    ...sums,
    ...tail.statements,
    returnAs(dtype, tail.result),
    '}',
  ].join('\n');
  return backend.runProgram(
    { source, inputs: [...Object.values(inputs), ...tail.inputs], scalars: tail.scalars },
    shape,
    dtype,
  );
}
