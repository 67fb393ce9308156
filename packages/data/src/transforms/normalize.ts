import { ArgumentError, ShapeError } from '@strata/core';
import type { HostTensor } from '../types.js';
import { checkHostTensor, describeImage } from './image-checks.js';
import { formatValue } from './option-checks.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

function checkStats(name: string, value: unknown): readonly number[] {
  const values = typeof value === 'number' ? [value] : value;
  if (
    !Array.isArray(values) ||
    values.length === 0 ||
    !values.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    throw new ArgumentError(
      `Normalize: expected ${name} as a finite number or a non-empty array of them (one per channel), got ${formatValue(value)}.`,
    );
  }
  return values;
}

/**
 * Normalizes a `HostTensor` per channel, `(x - mean[c]) / std[c]` in float32 (torchvision's
 * `Normalize`). One value of `mean` or `std` applies to every channel. Tensors only: apply
 * `ToTensor` first.
 *
 * @example
 * ```ts
 * const norm = new Normalize([0.2860], [0.3530]); // Fashion-MNIST statistics
 * norm.apply(new ToTensor().apply(raw));
 * ```
 */
export class Normalize implements SerializableTransform<HostTensor, HostTensor> {
  readonly mean: readonly number[];
  readonly std: readonly number[];

  constructor(mean: number | readonly number[], std: number | readonly number[]) {
    this.mean = checkStats('mean', mean);
    this.std = checkStats('std', std);
    // torchvision checks std after converting it to the tensor's dtype, so a tiny std that
    // underflows float32 is caught too.
    const zero = this.std.findIndex((s) => Math.fround(s) === 0);
    if (zero >= 0) {
      throw new ArgumentError(
        `Normalize: expected a nonzero std for every channel, got std ${formatValue(this.std)} (zero in float32 at index ${zero}); a zero std would divide by zero.`,
      );
    }
    if (this.mean.length !== this.std.length && this.mean.length !== 1 && this.std.length !== 1) {
      throw new ArgumentError(
        `Normalize: expected mean and std of the same length (or one of length 1), got ${this.mean.length} and ${this.std.length} values.`,
      );
    }
  }

  /**
   * Normalizes one tensor into a new one.
   *
   * @example
   * ```ts
   * new Normalize(0.5, 0.5).apply(t); // maps [0, 1] to [-1, 1]
   * ```
   */
  apply(input: HostTensor): HostTensor {
    checkHostTensor('Normalize', input, 'apply ToTensor first.');
    const [channels, height, width] = input.shape;
    const perChannel = Math.max(this.mean.length, this.std.length);
    if (perChannel !== 1 && perChannel !== channels) {
      throw new ShapeError(
        `Normalize: expected an image with ${perChannel} channels to match mean and std, got ${describeImage(input)}.`,
      );
    }
    const plane = height * width;
    const out = new Float32Array(input.data.length);
    for (let c = 0; c < channels; c++) {
      const mean = Math.fround(this.mean[this.mean.length === 1 ? 0 : c]!);
      const std = Math.fround(this.std[this.std.length === 1 ? 0 : c]!);
      for (let i = c * plane; i < (c + 1) * plane; i++) out[i] = Math.fround(input.data[i]! - mean) / std;
    }
    return { kind: 'host', data: out, shape: [channels, height, width] };
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new Normalize([0.5], [0.5]).toSpec(); // { name: 'Normalize', options: { mean: [0.5], std: [0.5] } }
   * ```
   */
  toSpec(): TransformSpec {
    return { name: 'Normalize', options: { mean: [...this.mean], std: [...this.std] } };
  }
}
