/**
 * A `start:stop:step` slice for {@link Tensor.index} and {@link Tensor.indexPut_}, as Python's
 * `slice` object: `null` bounds mean "from the start" / "to the end", negative bounds count from
 * the end, out-of-range bounds clamp. Make one with {@link slice}.
 *
 * @example
 * ```ts
 * x.index(new IndexSlice(1, null, 2)); // x[1::2]
 * ```
 */
export class IndexSlice {
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;

  constructor(start: number | null = null, stop: number | null = null, step: number | null = null) {
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  /** The Python spelling, `start:stop:step` with absent parts left out. */
  toString(): string {
    const part = (v: number | null) => (v === null ? '' : String(v));
    return `${part(this.start)}:${part(this.stop)}${this.step === null ? '' : `:${this.step}`}`;
  }
}

/**
 * A slice for computed bounds, as Python's `slice`: `slice(stop)`, `slice(start, stop)` or
 * `slice(start, stop, step)`, with `null` (or `undefined`) for an absent bound. Steps must be
 * positive, as in PyTorch. Literal slices read better as strings: `x.index(':, 2:6')`.
 *
 * @example
 * ```ts
 * X.index(slice(i, i + h), slice(j, j + w)); // X[i:i + h, j:j + w]
 * X.index(slice(null, null, 2));               // X[::2]
 * ```
 */
export function slice(stop?: number | null): IndexSlice;
export function slice(
  start: number | null | undefined,
  stop: number | null | undefined,
  step?: number | null,
): IndexSlice;
export function slice(...bounds: (number | null | undefined)[]): IndexSlice {
  if (bounds.length <= 1) return new IndexSlice(null, bounds[0] ?? null);
  return new IndexSlice(bounds[0] ?? null, bounds[1] ?? null, bounds[2] ?? null);
}
