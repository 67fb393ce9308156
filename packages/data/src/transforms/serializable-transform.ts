import type { Image, Transform } from '../types.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * A transform that can describe itself as plain JSON, so that `transformFromSpec` can rebuild it
 * in a worker thread. Every built-in transform is one (`Lambda`'s `toSpec()` throws: a closure
 * cannot cross threads).
 *
 * @example
 * ```ts
 * const t: SerializableTransform = new Resize(224);
 * const again = transformFromSpec(t.toSpec());
 * ```
 */
export interface SerializableTransform<I = Image, O = Image> extends Transform<I, O> {
  /** The JSON description `transformFromSpec` rebuilds this transform from. */
  toSpec(): TransformSpec;
}
