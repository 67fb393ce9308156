/**
 * A float buffer GEMM works on; float32 results are rounded when stored, float64 stay double.
 *
 * @example
 * ```ts
 * const c: FloatArray = new Float32Array(4);
 * ```
 */
export type FloatArray = Float32Array | Float64Array;

// A KC x NC panel of B, packed as doubles (512 KiB), stays in L2 while every row of A streams
// past it; the four accumulator rows (4 x NC doubles, 16 KiB) stay in L1.
const KC = 128;
const NC = 512;
const ROWS = 4;

// Reused across calls (JS runs one kernel at a time), so a convolution that calls GEMM once per
// batch item does not allocate half a megabyte each time.
let panelScratch: Float64Array | undefined;
let rowScratch: Float64Array | undefined;

/**
 * `C = op(A) op(B)`, or `C += op(A) op(B)` when `accumulate`, for contiguous row-major operands
 * at the given offsets: `op(A)` is `m x k` (stored `k x m` when `transposeA`), `op(B)` is `k x n`
 * (stored `n x k` when `transposeB`), `C` is `m x n`.
 *
 * Cache-blocked i-k-j: B is packed panel by panel into doubles, then four rows of C are updated
 * from four columns of A at a time in an inner loop that runs contiguously over the panel row,
 * which gives V8 straight-line double arithmetic without conversions or strided loads.
 *
 * @example
 * ```ts
 * const c = new Float32Array(4);
 * gemm(2, 2, 2, new Float32Array([1, 2, 3, 4]), 0, false, new Float32Array([1, 0, 0, 1]), 0, false, c, 0, false);
 * // c: [1, 2, 3, 4]
 * ```
 */
export function gemm(
  m: number,
  n: number,
  k: number,
  a: FloatArray,
  aOffset: number,
  transposeA: boolean,
  b: FloatArray,
  bOffset: number,
  transposeB: boolean,
  c: FloatArray,
  cOffset: number,
  accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) c.fill(0, cOffset, cOffset + m * n);
    return;
  }
  panelScratch ??= new Float64Array(KC * NC);
  rowScratch ??= new Float64Array(ROWS * NC);
  const panel = panelScratch;
  const acc = rowScratch;
  // Element (i, p) of op(A) is a[aOffset + i * aRow + p * aCol].
  const aRow = transposeA ? 1 : k;
  const aCol = transposeA ? m : 1;
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    const r1 = nc;
    const r2 = 2 * nc;
    const r3 = 3 * nc;
    for (let k0 = 0; k0 < k; k0 += KC) {
      const kc = Math.min(KC, k - k0);
      packPanel(b, bOffset, transposeB, n, k, k0, kc, j0, nc, panel);
      const load = accumulate || k0 > 0;
      let i = 0;
      for (; i + ROWS <= m; i += ROWS) {
        const c0 = cOffset + i * n + j0;
        const c1 = c0 + n;
        const c2 = c1 + n;
        const c3 = c2 + n;
        if (load) {
          for (let j = 0; j < nc; j++) {
            acc[j] = c[c0 + j];
            acc[r1 + j] = c[c1 + j];
            acc[r2 + j] = c[c2 + j];
            acc[r3 + j] = c[c3 + j];
          }
        } else {
          acc.fill(0, 0, ROWS * nc);
        }
        const a0 = aOffset + i * aRow + k0 * aCol;
        const a1 = a0 + aRow;
        const a2 = a1 + aRow;
        const a3 = a2 + aRow;
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const q0 = p * aCol;
          const q1 = q0 + aCol;
          const q2 = q1 + aCol;
          const q3 = q2 + aCol;
          const x00 = a[a0 + q0];
          const x01 = a[a0 + q1];
          const x02 = a[a0 + q2];
          const x03 = a[a0 + q3];
          const x10 = a[a1 + q0];
          const x11 = a[a1 + q1];
          const x12 = a[a1 + q2];
          const x13 = a[a1 + q3];
          const x20 = a[a2 + q0];
          const x21 = a[a2 + q1];
          const x22 = a[a2 + q2];
          const x23 = a[a2 + q3];
          const x30 = a[a3 + q0];
          const x31 = a[a3 + q1];
          const x32 = a[a3 + q2];
          const x33 = a[a3 + q3];
          const b0 = p * nc;
          const b1 = b0 + nc;
          const b2 = b1 + nc;
          const b3 = b2 + nc;
          for (let j = 0; j < nc; j++) {
            const y0 = panel[b0 + j];
            const y1 = panel[b1 + j];
            const y2 = panel[b2 + j];
            const y3 = panel[b3 + j];
            acc[j] += x00 * y0 + x01 * y1 + x02 * y2 + x03 * y3;
            acc[r1 + j] += x10 * y0 + x11 * y1 + x12 * y2 + x13 * y3;
            acc[r2 + j] += x20 * y0 + x21 * y1 + x22 * y2 + x23 * y3;
            acc[r3 + j] += x30 * y0 + x31 * y1 + x32 * y2 + x33 * y3;
          }
        }
        for (; p < kc; p++) {
          const q = p * aCol;
          const x0 = a[a0 + q];
          const x1 = a[a1 + q];
          const x2 = a[a2 + q];
          const x3 = a[a3 + q];
          const b0 = p * nc;
          for (let j = 0; j < nc; j++) {
            const y = panel[b0 + j];
            acc[j] += x0 * y;
            acc[r1 + j] += x1 * y;
            acc[r2 + j] += x2 * y;
            acc[r3 + j] += x3 * y;
          }
        }
        for (let j = 0; j < nc; j++) {
          c[c0 + j] = acc[j];
          c[c1 + j] = acc[r1 + j];
          c[c2 + j] = acc[r2 + j];
          c[c3 + j] = acc[r3 + j];
        }
      }
      for (; i < m; i++) {
        const c0 = cOffset + i * n + j0;
        if (load) for (let j = 0; j < nc; j++) acc[j] = c[c0 + j];
        else acc.fill(0, 0, nc);
        const a0 = aOffset + i * aRow + k0 * aCol;
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const q0 = a0 + p * aCol;
          const x0 = a[q0];
          const x1 = a[q0 + aCol];
          const x2 = a[q0 + 2 * aCol];
          const x3 = a[q0 + 3 * aCol];
          const b0 = p * nc;
          const b1 = b0 + nc;
          const b2 = b1 + nc;
          const b3 = b2 + nc;
          for (let j = 0; j < nc; j++)
            acc[j] += x0 * panel[b0 + j] + x1 * panel[b1 + j] + x2 * panel[b2 + j] + x3 * panel[b3 + j];
        }
        for (; p < kc; p++) {
          const x = a[a0 + p * aCol];
          const b0 = p * nc;
          for (let j = 0; j < nc; j++) acc[j] += x * panel[b0 + j];
        }
        for (let j = 0; j < nc; j++) c[c0 + j] = acc[j];
      }
    }
  }
}

/** Copies rows `k0..k0+kc` and columns `j0..j0+nc` of op(B) into `panel` as a dense kc x nc block. */
function packPanel(
  b: FloatArray,
  bOffset: number,
  transposeB: boolean,
  n: number,
  k: number,
  k0: number,
  kc: number,
  j0: number,
  nc: number,
  panel: Float64Array,
): void {
  if (transposeB) {
    // B is stored n x k: walk its rows (contiguous reads) and write panel columns.
    for (let j = 0; j < nc; j++) {
      const src = bOffset + (j0 + j) * k + k0;
      for (let p = 0; p < kc; p++) panel[p * nc + j] = b[src + p];
    }
    return;
  }
  for (let p = 0; p < kc; p++) {
    const src = bOffset + (k0 + p) * n + j0;
    const dst = p * nc;
    for (let j = 0; j < nc; j++) panel[dst + j] = b[src + j];
  }
}
