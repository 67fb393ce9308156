import { run } from '../autograd/run-kernel.js';
import type { PadMode } from '../backend/kernel-map.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { formatShape } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { sliceRaw } from './slice.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link pad}.
 *
 * @example
 * ```ts
 * const o: PadOptions = { mode: 'reflect' };
 * ```
 */
export interface PadOptions {
  /** How to fill the border (default `'constant'`). */
  mode?: PadMode;
  /** The fill of `'constant'` mode (default 0). */
  value?: number;
}

const MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/**
 * Pads the last dimensions, `torch.nn.functional.pad` style: `padding` lists `[before, after]`
 * pairs starting from the LAST dimension (`[left, right, top, bottom]` for an image). Negative
 * amounts crop. `reflect` mirrors without repeating the edge, `replicate` repeats it, `circular`
 * wraps around.
 *
 * @example
 * ```ts
 * pad(ones([1, 1, 2, 2]), [1, 1, 1, 1]).shape; // [1, 1, 4, 4]
 * pad(x, [2, 2], { mode: 'reflect' });
 * ```
 */
export function pad(x: Tensor, padding: readonly number[], options: PadOptions = {}): Tensor {
  checkOptions('pad', options, optionKeys<PadOptions>({ mode: true, value: true }));
  const mode = options.mode ?? 'constant';
  if (!MODES.includes(mode))
    throw new ArgumentError(`pad: expected mode ${MODES.map((m) => `'${m}'`).join(', ')}, got '${String(mode)}'.`);
  if (padding.length % 2 !== 0 || padding.length > 2 * x.rank || padding.some((p) => !Number.isInteger(p))) {
    throw new ArgumentError(
      `pad: expected an even number (at most ${2 * x.rank}) of integer amounts, [before, after] per dimension from the last, got ${formatShape(padding)} for shape ${formatShape(x.shape)}.`,
    );
  }
  if (mode !== 'constant' && options.value !== undefined && options.value !== 0) {
    throw new ArgumentError(
      `pad: expected no value with mode '${mode}', got ${options.value}; the value only fills 'constant' mode.`,
    );
  }
  const pairs: [number, number][] = x.shape.map(() => [0, 0]);
  for (let i = 0; i < padding.length / 2; i++) pairs[x.rank - 1 - i] = [padding[2 * i]!, padding[2 * i + 1]!];

  // Negative amounts crop first; what remains is non-negative padding.
  let input = x;
  if (pairs.some(([a, b]) => a < 0 || b < 0)) {
    const begin = pairs.map(([a]) => Math.max(0, -a));
    const size = x.shape.map((n, i) => n - begin[i]! - Math.max(0, -pairs[i]![1]));
    if (size.some((s) => s < 0))
      throw new ShapeError(
        `pad: negative padding ${formatShape(padding)} crops more than the shape ${formatShape(x.shape)} holds.`,
      );
    input = sliceRaw(
      x,
      begin,
      size,
      x.shape.map(() => 1),
    );
  }
  const paddings = pairs.map(([a, b]) => [Math.max(0, a), Math.max(0, b)] as [number, number]);
  paddings.forEach(([a, b], i) => {
    const n = input.shape[i]!;
    if (a + b === 0) return;
    if (mode === 'reflect' && (a >= n || b >= n)) {
      throw new ShapeError(
        `pad: expected reflect padding below the size of dimension ${i} (${n}), got [${a}, ${b}] for shape ${formatShape(input.shape)}.`,
      );
    }
    if (mode === 'circular' && (a > n || b > n)) {
      throw new ShapeError(
        `pad: expected circular padding at most the size of dimension ${i} (${n}), got [${a}, ${b}] for shape ${formatShape(input.shape)}.`,
      );
    }
    if (mode === 'replicate' && n === 0) {
      throw new ShapeError(
        `pad: expected a non-empty dimension ${i} to replicate, got shape ${formatShape(input.shape)}.`,
      );
    }
  });
  if (paddings.every(([a, b]) => a === 0 && b === 0))
    return input === x
      ? sliceRaw(
          x,
          x.shape.map(() => 0),
          x.shape,
          x.shape.map(() => 1),
        )
      : input;
  return run('Pad', { x: input }, { paddings, mode, value: options.value ?? 0 });
}
