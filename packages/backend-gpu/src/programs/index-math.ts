import { type Shape, ShapeError, sizeFromShape, stridesFromShape, type TensorInfo } from '@strata/core';

/**
 * A number as a gpu.js source literal (always with a decimal point, so GLSL reads a float).
 * GLSL has no infinity literal: infinities are divisions by a zero the compiler cannot see.
 *
 * @example
 * ```ts
 * num(3); // '3.0'
 * ```
 */
export function num(value: number): string {
  if (Number.isNaN(value)) return '((this.thread.x * 0.0) / (this.thread.x * 0.0))';
  if (!Number.isFinite(value)) return `(${value > 0 ? '' : '-'}1.0 / (this.thread.x * 0.0))`;
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * How a backend lays out its buffers: flat (a gpu.js output `[size]`, read at one float index) up
 * to `splitAbove` elements (texels for packed buffers), and above that in rows of `rowWidth`
 * (a gpu.js output `[rowWidth, rows]`, read as `x[hi][lo]`), so that no float a program computes
 * exceeds `splitAbove`: float32 holds every integer below 2^24 exactly, gpu.js's own index
 * arithmetic is integer.
 *
 * @example
 * ```ts
 * const layout: RowLayout = { splitAbove: 2 ** 24, rowWidth: 4096 };
 * ```
 */
export interface RowLayout {
  /** Largest buffer kept flat; at most 2^24. */
  readonly splitAbove: number;
  /** Elements per row of a split buffer: a power of two, at most 4096, so that row-part products stay below 2^24. */
  readonly rowWidth: number;
}

/**
 * A program's view of its backend's layout: the layout and whether an input buffer is split.
 *
 * @example
 * ```ts
 * const suffix = at(backend, x, [['c0', 6, 2]]);
 * ```
 */
export interface Indexing {
  readonly layout: RowLayout;
  /** Whether `info`'s buffer is stored in rows. */
  isRows(info: TensorInfo): boolean;
}

/**
 * One term `coord * stride` of a buffer offset; `coord` is a float expression holding an integer
 * in `[0, count)` whenever the read it feeds is taken (reads under a failed bounds check may see
 * any value).
 *
 * @example
 * ```ts
 * const term: Term = ['c1', 784, 16];
 * ```
 */
export type Term = readonly [coord: string, stride: number, count: number];

/** Float32 holds every integer below this exactly. */
const FLOAT_EXACT = 2 ** 24;

/**
 * Statements that split the output thread's flat index into coordinates `c0, c1, ...` of
 * `shape` (whose size is the thread count). A flat output's index is `this.thread.x`; a split
 * output's is `this.thread.y * rowWidth + this.thread.x`, divided in two parts until the
 * remainder fits a float (see {@link RowLayout}).
 *
 * @example
 * ```ts
 * unravel([2, 3], layout); // 'let r = this.thread.x; let c0 = ...; let c1 = r;'
 * ```
 */
export function unravel(shape: Shape, layout: RowLayout): string {
  const size = sizeFromShape(shape);
  if (size <= layout.splitAbove) return ['let r = this.thread.x;', ...unravelFloat(shape, 0)].join('\n');
  const strides = stridesFromShape(shape);
  const w = layout.rowWidth;
  const lines = ['let rh = this.thread.y;', 'let rl = this.thread.x;'];
  let bound = size;
  for (let d = 0; d < shape.length; d++) {
    if (bound <= layout.splitAbove) {
      lines.push(`let r = rh * ${num(w)} + rl;`, ...unravelFloat(shape, d));
      return lines.join('\n');
    }
    const stride = strides[d]!;
    if (d === shape.length - 1) {
      if (bound > FLOAT_EXACT) throw tooLong(shape, d);
      lines.push(`let c${d} = rh * ${num(w)} + rl;`);
    } else if (stride % w === 0) {
      // Whole rows: the quotient depends on the row part alone.
      lines.push(...divide(`c${d}`, 'rh', stride / w));
    } else {
      // The estimate is within one of the quotient while the quotient stays below 2^22.
      if (stride >= FLOAT_EXACT / 2 || shape[d]! >= FLOAT_EXACT / 4) throw tooLong(shape, d);
      // Estimate, take the exact remainder in two parts, then step the quotient by one either way.
      const [qh, ql] = productParts(`c${d}`, stride, w);
      lines.push(
        `let c${d} = Math.floor((rh * ${num(w)} + rl) / ${num(stride)});`,
        `let r = (rh - (${qh})) * ${num(w)} + (rl - (${ql}));`,
        `if (r < 0.0) { c${d} = c${d} - 1.0; r = r + ${num(stride)}; }`,
        `if (r >= ${num(stride)}) { c${d} = c${d} + 1.0; r = r - ${num(stride)}; }`,
        ...unravelFloat(shape, d + 1),
      );
      return lines.join('\n');
    }
    bound = stride;
  }
  return lines.join('\n');
}

/** Statements splitting the float remainder `r` into coordinates `c${from}`, ... of `shape`. */
function unravelFloat(shape: Shape, from: number): string[] {
  const strides = stridesFromShape(shape);
  const lines: string[] = [];
  for (let d = from; d < shape.length; d++) {
    if (d === shape.length - 1) lines.push(`let c${d} = r;`);
    else if (shape[d] === 1) lines.push(`let c${d} = 0.0;`);
    else lines.push(...divide(`c${d}`, 'r', strides[d]!));
  }
  return lines;
}

/**
 * `let q = floor(v / divisor); v = v - q * divisor;` for an integer `v` below 2^24. Division is
 * float in WebGL1, so the quotient is corrected by one step either way.
 */
function divide(q: string, v: string, divisor: number): string[] {
  const s = num(divisor);
  return [
    `let ${q} = Math.floor((${v} + 0.5) / ${s}); ${v} = ${v} - ${q} * ${s};`,
    `if (${v} < 0.0) { ${q} = ${q} - 1.0; ${v} = ${v} + ${s}; }`,
    `if (${v} >= ${s}) { ${q} = ${q} + 1.0; ${v} = ${v} - ${s}; }`,
  ];
}

function tooLong(shape: Shape, d: number): ShapeError {
  const stride = stridesFromShape(shape)[d]!;
  return new ShapeError(
    `gpu backend: cannot index shape [${shape.join(', ')}] exactly at dimension ${d} (length ${shape[d]}, stride ${stride}): past 2^24 elements, every dimension must be shorter than 2^22 and every stride below 2^23 or a multiple of 4096 (the last dimension shorter than 2^24); reshape the tensor, e.g. keep the batch as its own dimension.`,
  );
}

/**
 * The parts `[hi, lo]` of `coord * stride` in base `w` (`coord * stride = hi * w + lo`, `lo` in
 * `[0, w)`), each an exact float expression when the product is below `2^24 * w`: the coordinate
 * is split as `ch * w + cl` and the stride as `sh * w + sl`, so no partial product reaches 2^24.
 */
function productParts(coord: string, stride: number, w: number): [hi: string, lo: string] {
  if (stride % w === 0) return [`${coord} * ${num(stride / w)}`, '0.0'];
  const sh = Math.floor(stride / w);
  const sl = stride % w;
  const ch = `Math.floor(${coord} / ${num(w)})`;
  const cl = `(${coord} - ${ch} * ${num(w)})`;
  const low = `${cl} * ${num(sl)}`;
  const carry = `Math.floor(${low} / ${num(w)})`;
  const hi = [`${ch} * ${num(stride)}`, ...(sh > 0 ? [`${cl} * ${num(sh)}`] : []), carry].join(' + ');
  return [hi, `${low} - ${carry} * ${num(w)}`];
}

/**
 * The index suffix reading `info`'s buffer at `base + sum(coord * stride)`: `[offset]` for a flat
 * buffer, `[hi][lo]` for one in rows, where terms whose products keep the low part below half of
 * `splitAbove` are summed into it directly and the others are split exactly in two parts.
 *
 * @example
 * ```ts
 * `let v = x${at(backend, x, [['c0', 784, n], ['k', 1, 784]])};`
 * ```
 */
export function at(ix: Indexing, info: TensorInfo, terms: readonly Term[], base = 0): string {
  const live = terms.filter(([, stride]) => stride !== 0);
  if (!ix.isRows(info)) return `[${[num(base), ...live.map(([c, s]) => `${c} * ${num(s)}`)].join(' + ')}]`;
  const w = ix.layout.rowWidth;
  const his = base >= w ? [num(Math.floor(base / w))] : [];
  const los = [num(base % w)];
  let loBound = base % w;
  for (const [coord, stride, count] of live) {
    const most = (count - 1) * stride;
    if (loBound + most < ix.layout.splitAbove / 2) {
      los.push(`${coord} * ${num(stride)}`);
      loBound += most;
    } else {
      const [hi, lo] = productParts(coord, stride, w);
      his.push(hi);
      if (lo !== '0.0') los.push(lo);
      loBound += w;
    }
  }
  return `[${his.length > 0 ? his.join(' + ') : '0.0'}][${los.join(' + ')}]`;
}

/**
 * The index suffix reading a buffer of the output's size at the thread's own element.
 *
 * @example
 * ```ts
 * `let v = x${threadAt(backend.layout, size)};`
 * ```
 */
export function threadAt(layout: RowLayout, size: number): string {
  return size > layout.splitAbove ? '[this.thread.y][this.thread.x]' : '[this.thread.x]';
}

/**
 * The terms `coord(d) * strides[d]` of an offset over coordinates that range over `counts`
 * (`c0, c1, ...` by default).
 *
 * @example
 * ```ts
 * coordTerms([3, 0, 1], [2, 5, 3]); // [['c0', 3, 2], ['c1', 0, 5], ['c2', 1, 3]]
 * ```
 */
export function coordTerms(
  strides: readonly number[],
  counts: readonly number[],
  coord = (d: number) => `c${d}`,
): Term[] {
  return strides.map((stride, d) => [coord(d), stride, counts[d]!] as const);
}

/**
 * The terms of cell `(c0, c1, row, col)` of a contiguous `[N, C, H, W]` buffer.
 *
 * @example
 * ```ts
 * planeTerms([2, 3, 28, 28], 'ih', 'iw'); // [['c0', 2352, 2], ['c1', 784, 3], ['ih', 28, 28], ['iw', 1, 28]]
 * ```
 */
export function planeTerms(shape: readonly [number, number, number, number], row: string, col: string): Term[] {
  const names = ['c0', 'c1', row, col];
  return coordTerms(stridesFromShape(shape), shape, (d) => names[d]!);
}

/**
 * Strides of an input of `inShape` read at the coordinates of `outShape` (right-aligned NumPy
 * broadcasting): 0 along dimensions the input repeats.
 *
 * @example
 * ```ts
 * broadcastStrides([3, 1], [2, 3, 4]); // [0, 1, 0]
 * ```
 */
export function broadcastStrides(inShape: Shape, outShape: Shape): number[] {
  const inStrides = stridesFromShape(inShape);
  const lead = outShape.length - inShape.length;
  return outShape.map((_, d) => {
    const i = d - lead;
    return i < 0 || inShape[i] === 1 ? 0 : inStrides[i]!;
  });
}

/**
 * Source of a kernel returning `value` everywhere.
 *
 * @example
 * ```ts
 * backend.runProgram({ source: fillSource(0), inputs: [] }, shape, 'float32');
 * ```
 */
export function fillSource(value: number): string {
  return `function() { return ${num(value)}; }`;
}

/**
 * The statement returning `expr` as the output dtype asks: int32 results are rounded to the
 * nearest integer and wrapped to 32 bits as two's complement, as integer arithmetic would;
 * float and bool results pass through.
 *
 * @example
 * ```ts
 * returnAs('int32', 'a * b');
 * ```
 */
export function returnAs(dtype: string, expr: string): string {
  if (dtype !== 'int32') return `return ${expr};`;
  return `let w = Math.floor(${expr} + 0.5);\nreturn w - Math.floor((w + 2147483648.0) / 4294967296.0) * 4294967296.0;`;
}

/**
 * Statements that set `${name}` to `numerator / stride` and `${name}Ok` to whether the division
 * is exact and the quotient lies in `[0, bound)`: the step a backward pass takes from an input
 * position to the output position whose window covers it.
 *
 * @example
 * ```ts
 * exactQuotient('oh', 'th', 2, 14);
 * ```
 */
export function exactQuotient(name: string, numerator: string, stride: number, bound: number): string {
  if (stride === 1)
    return `let ${name} = ${numerator};\nlet ${name}Ok = ${numerator} >= 0.0 && ${numerator} < ${num(bound)};`;
  const s = num(stride);
  return [
    `let ${name} = Math.floor((${numerator} + 0.5) / ${s});`,
    `let ${name}Ok = ${numerator} >= 0.0 && ${numerator} - ${name} * ${s} == 0.0 && ${name} < ${num(bound)};`,
  ].join('\n');
}

/**
 * `n` closing braces, one per line: the end of a program's nested loops and branches.
 *
 * @example
 * ```ts
 * closeBlocks(2); // '}\n}'
 * ```
 */
export function closeBlocks(n: number): string {
  return Array.from({ length: n }, () => '}').join('\n');
}
