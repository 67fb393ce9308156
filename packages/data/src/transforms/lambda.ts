import { ArgumentError } from '@strata/core';
import type { Image, SampleRandom } from '../types.js';
import { formatValue } from './option-checks.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * A transform from a function (torchvision's `Lambda`); the function also receives the sample's
 * generator for random choices of its own. A closure cannot be sent to a worker thread, so
 * `toSpec()` throws: a pipeline with a `Lambda` runs only with `numWorkers: 0`.
 *
 * @example
 * ```ts
 * const invert = new Lambda((t: HostTensor) => ({ ...t, data: t.data.map((v) => 1 - v) }));
 * ```
 */
export class Lambda<I = Image, O = Image> implements SerializableTransform<I, O> {
  /** The wrapped function, called with the input and the sample's generator. */
  readonly fn: (input: I, random: SampleRandom) => O;

  constructor(fn: (input: I, random: SampleRandom) => O) {
    if (typeof fn !== 'function') {
      throw new ArgumentError(`Lambda: expected a function (input, random) => output, got ${formatValue(fn)}.`);
    }
    this.fn = fn;
  }

  /**
   * Calls the function.
   *
   * @example
   * ```ts
   * new Lambda((x: number) => x + 1).apply(1, random); // 2
   * ```
   */
  apply(input: I, random: SampleRandom): O {
    return this.fn(input, random);
  }

  /**
   * Always throws: a function cannot be described as JSON for a worker thread.
   *
   * @example
   * ```ts
   * try { new Lambda((x) => x).toSpec(); } catch (e) { console.log(e instanceof ArgumentError); } // true
   * ```
   */
  toSpec(): TransformSpec {
    throw new ArgumentError(
      'Lambda: expected a transform that can be described as JSON to send to worker threads, got a Lambda, whose function cannot leave this thread; run the DataLoader with numWorkers: 0, or build the pipeline from built-in transforms.',
    );
  }
}
