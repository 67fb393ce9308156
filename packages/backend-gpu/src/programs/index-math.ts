import { type Shape, stridesFromShape } from '@strata/core';

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
 * Statements that split the flat output index `this.thread.x` into coordinates `c0, c1, ...` of
 * `shape`. Division is float in WebGL1, so each quotient is corrected by one step either way:
 * exact for every index below 2^24.
 *
 * @example
 * ```ts
 * unravel([2, 3]); // 'let r = this.thread.x; let c0 = ...; let c1 = r;'
 * ```
 */
export function unravel(shape: Shape): string {
  const strides = stridesFromShape(shape);
  const lines = ['let r = this.thread.x;'];
  shape.forEach((dim, d) => {
    const stride = strides[d]!;
    if (d === shape.length - 1) lines.push(`let c${d} = r;`);
    else if (dim === 1) lines.push(`let c${d} = 0.0;`);
    else {
      const s = num(stride);
      lines.push(
        `let c${d} = Math.floor((r + 0.5) / ${s}); r = r - c${d} * ${s};`,
        `if (r < 0.0) { c${d} = c${d} - 1.0; r = r + ${s}; }`,
        `if (r >= ${s}) { c${d} = c${d} + 1.0; r = r - ${s}; }`,
      );
    }
  });
  return lines.join('\n');
}

/**
 * The expression `base + sum(c_i * strides[i])` over the coordinates `c0, c1, ...` (zero strides
 * are left out).
 *
 * @example
 * ```ts
 * offsetExpr([3, 0, 1]); // '0.0 + c0 * 3.0 + c2 * 1.0'
 * ```
 */
export function offsetExpr(strides: readonly number[], base = 0, coord = (d: number) => `c${d}`): string {
  const terms = [num(base)];
  strides.forEach((s, d) => {
    if (s !== 0) terms.push(`${coord(d)} * ${num(s)}`);
  });
  return terms.join(' + ');
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
  if (stride === 1) return `let ${name} = ${numerator};\nlet ${name}Ok = ${numerator} >= 0.0 && ${numerator} < ${num(bound)};`;
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
