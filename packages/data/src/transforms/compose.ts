import { ArgumentError } from '@strata/core';
import type { Image, SampleRandom, Transform } from '../types.js';
import { formatValue } from './option-checks.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * Chains transforms (torchvision's `Compose`): each one's output is the next one's input, and
 * all draw from the same sample generator in order, so a pipeline is reproducible as a whole.
 * The type parameters are the pipeline's input and output.
 *
 * @example
 * ```ts
 * const pipeline = new Compose<RawImage, HostTensor>([
 *   new RandomCrop(28, { padding: 4 }),
 *   new RandomHorizontalFlip(),
 *   new ToTensor(),
 *   new Normalize([0.2860], [0.3530]),
 * ]);
 * pipeline.apply(raw, sampleRandom(seed, epoch, index));
 * ```
 */
export class Compose<I = Image, O = Image> implements SerializableTransform<I, O> {
  readonly transforms: readonly Transform<unknown, unknown>[];

  constructor(transforms: readonly Transform<unknown, unknown>[]) {
    if (!Array.isArray(transforms)) {
      throw new ArgumentError(`Compose: expected an array of transforms, got ${formatValue(transforms)}.`);
    }
    const bad = transforms.findIndex((t) => typeof (t as Partial<Transform> | null)?.apply !== 'function');
    if (bad >= 0) {
      throw new ArgumentError(
        `Compose: expected every element to be a transform with an apply(input, random) method, got ${formatValue(transforms[bad])} at index ${bad}.`,
      );
    }
    this.transforms = [...transforms];
  }

  /**
   * Runs the transforms in order.
   *
   * @example
   * ```ts
   * pipeline.apply(raw, random);
   * ```
   */
  apply(input: I, random: SampleRandom): O {
    let value: unknown = input;
    for (const t of this.transforms) value = t.apply(value, random);
    return value as O;
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this pipeline from; throws if a transform
   * cannot be described (a `Lambda`, or one without `toSpec()`).
   *
   * @example
   * ```ts
   * new Compose([new ToTensor()]).toSpec(); // { name: 'Compose', options: { transforms: [{ name: 'ToTensor', options: {} }] } }
   * ```
   */
  toSpec(): TransformSpec {
    const specs = this.transforms.map((t, i) => {
      if (typeof (t as Partial<SerializableTransform>).toSpec !== 'function') {
        throw new ArgumentError(
          `Compose: expected every transform to have toSpec() so the pipeline can be rebuilt in worker threads, got ${t.constructor?.name ?? 'an object'} without one at index ${i}; run the DataLoader with numWorkers: 0, or use built-in transforms.`,
        );
      }
      return (t as SerializableTransform<unknown, unknown>).toSpec();
    });
    return { name: 'Compose', options: { transforms: specs.map((s) => ({ name: s.name, options: s.options })) } };
  }
}
