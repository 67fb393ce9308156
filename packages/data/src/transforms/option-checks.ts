import { ArgumentError } from '@strata/core';
import type { Image } from '../types.js';
import { describeImage } from './image-checks.js';
import { imageDims } from './image-dims.js';

/**
 * How a rejected value reads in an error message: strings quoted, arrays and objects as JSON.
 *
 * @example
 * ```ts
 * formatValue('bicubic'); // "'bicubic'"
 * formatValue([1, 2]);    // '[1,2]'
 * ```
 */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

const isPositiveInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) > 0;
const isNonNegativeInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;

/**
 * Validates an output size: a positive integer or a pair `[h, w]` of them.
 *
 * @example
 * ```ts
 * checkSize('CenterCrop', 'size', [224, 196]);
 * ```
 */
export function checkSize(op: string, name: string, value: unknown): number | readonly [number, number] {
  if (isPositiveInt(value)) return value;
  if (Array.isArray(value) && value.length === 2 && value.every(isPositiveInt)) return [value[0], value[1]];
  throw new ArgumentError(
    `${op}: expected ${name} as a positive integer or a pair [h, w] of them, got ${formatValue(value)}.`,
  );
}

/**
 * A size as `[h, w]` (a single number is square).
 *
 * @example
 * ```ts
 * sizePair(28); // [28, 28]
 * ```
 */
export function sizePair(size: number | readonly [number, number]): readonly [number, number] {
  return typeof size === 'number' ? [size, size] : size;
}

/**
 * Padding as torchvision takes it: one number for all sides, `[leftRight, topBottom]`, or
 * `[left, top, right, bottom]`.
 *
 * @example
 * ```ts
 * const p: Padding = [4, 2];
 * ```
 */
export type Padding = number | readonly [number, number] | readonly [number, number, number, number];

/**
 * Validates a {@link Padding} of non-negative integers.
 *
 * @example
 * ```ts
 * checkPadding('Pad', [1, 2, 3, 4]);
 * ```
 */
export function checkPadding(op: string, value: unknown): Padding {
  if (isNonNegativeInt(value)) return value;
  if (Array.isArray(value) && (value.length === 2 || value.length === 4) && value.every(isNonNegativeInt)) {
    return value.length === 2 ? [value[0], value[1]] : [value[0], value[1], value[2], value[3]];
  }
  throw new ArgumentError(
    `${op}: expected padding as a non-negative integer, a pair [leftRight, topBottom] or four values [left, top, right, bottom] of them, got ${formatValue(value)}.`,
  );
}

/**
 * A {@link Padding} as `[left, top, right, bottom]`.
 *
 * @example
 * ```ts
 * paddingLtrb([4, 2]); // [4, 2, 4, 2]
 * ```
 */
export function paddingLtrb(padding: Padding): readonly [number, number, number, number] {
  if (typeof padding === 'number') return [padding, padding, padding, padding];
  if (padding.length === 2) return [padding[0], padding[1], padding[0], padding[1]];
  return padding;
}

/**
 * Validates a fill: a finite number, or one finite number per channel.
 *
 * @example
 * ```ts
 * checkFill('Pad', [0.5, 0.5, 0.5]);
 * ```
 */
export function checkFill(op: string, value: unknown): number | readonly number[] {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isFinite(v)))
    return [...value];
  throw new ArgumentError(
    `${op}: expected fill as a finite number or a non-empty array of them (one per channel), got ${formatValue(value)}.`,
  );
}

/**
 * The fill of each channel of `image`: a single value is broadcast; a RawImage needs integers in
 * `[0, 255]`.
 *
 * @example
 * ```ts
 * fillPerChannel('Pad', 0, rgbImage); // [0, 0, 0]
 * ```
 */
export function fillPerChannel(op: string, fill: number | readonly number[], image: Image): number[] {
  const { channels } = imageDims(image);
  const values = typeof fill === 'number' ? [fill] : fill;
  if (values.length !== 1 && values.length !== channels) {
    throw new ArgumentError(
      `${op}: expected fill with 1 or ${channels} values (one per channel), got ${values.length} values for ${describeImage(image)}.`,
    );
  }
  if (image.kind === 'raw') {
    const bad = values.find((v) => !Number.isInteger(v) || v < 0 || v > 255);
    if (bad !== undefined) {
      throw new ArgumentError(
        `${op}: expected fill values that are integers in [0, 255] for a RawImage, got ${bad}; use 0..255, or apply ToTensor first and fill in [0, 1].`,
      );
    }
  }
  return Array.from({ length: channels }, (_, c) => values[values.length === 1 ? 0 : c]!);
}

/**
 * Validates that `value` is one of `allowed`.
 *
 * @example
 * ```ts
 * checkOneOf('Resize', 'interpolation', 'nearest', ['bilinear', 'nearest']);
 * ```
 */
export function checkOneOf<T extends string>(op: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.map((a) => `'${a}'`);
  const expected = `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
  throw new ArgumentError(`${op}: expected ${name} ${expected}, got ${formatValue(value)}.`);
}

/**
 * Validates a boolean option.
 *
 * @example
 * ```ts
 * checkBoolean('Resize', 'antialias', true);
 * ```
 */
export function checkBoolean(op: string, name: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  throw new ArgumentError(`${op}: expected ${name} as a boolean, got ${formatValue(value)}.`);
}
