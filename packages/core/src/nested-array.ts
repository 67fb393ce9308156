import type { DType, TypedArray } from './dtype.js';
import { ArgumentError, ShapeError } from './errors.js';
import { formatShape, type Shape, sizeFromShape } from './shape.js';

/**
 * Values as nested JS arrays: what `toArray()` returns and `tensor()` accepts.
 *
 * @example
 * ```ts
 * const v: NestedArray = [[1, 2], [3, 4]];
 * ```
 */
export type NestedArray = number | boolean | NestedArray[];

/**
 * Turns flat row-major values into nested arrays of `shape` (booleans for bool tensors).
 *
 * @example
 * ```ts
 * toNestedArray(new Float32Array([1, 2, 3, 4]), [2, 2], 'float32'); // [[1, 2], [3, 4]]
 * ```
 */
export function toNestedArray(values: TypedArray, shape: Shape, dtype: DType): NestedArray {
  const convert = dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
  if (shape.length === 0) return convert(values[0]!);
  const build = (offset: number, depth: number): NestedArray[] => {
    const size = shape[depth]!;
    if (depth === shape.length - 1) return Array.from({ length: size }, (_, i) => convert(values[offset + i]!));
    const inner = sizeFromShape(shape.slice(depth + 1));
    return Array.from({ length: size }, (_, i) => build(offset + i * inner, depth + 1));
  };
  return build(0, 0);
}

/**
 * The shape of nested arrays, checking that they are rectangular; `op` names the caller in errors.
 *
 * @example
 * ```ts
 * inferShape('tensor', [[1, 2], [3, 4]]); // [2, 2]
 * ```
 */
export function inferShape(op: string, values: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = values;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0]!;
  }
  const check = (v: NestedArray, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (Array.isArray(v)) {
        throw new ShapeError(
          `${op}: expected a rectangular nested array of shape ${formatShape(shape)}, got a list at ${path || 'the top'} one level deeper than its siblings.`,
        );
      }
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new ArgumentError(`${op}: expected numbers or booleans, got ${typeof v} at ${path || 'the top'}.`);
      }
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[depth]) {
      throw new ShapeError(
        `${op}: expected a rectangular nested array of shape ${formatShape(shape)}, got ${Array.isArray(v) ? `a list of length ${v.length}` : 'a scalar'} at ${path || 'the top'}.`,
      );
    }
    v.forEach((item, i) => {
      check(item, depth + 1, `${path}[${i}]`);
    });
  };
  check(values, 0, '');
  return shape;
}
