import type { JsonValue } from './json-value.js';

/**
 * A plain-JSON description of a built-in transform: its class name and constructor options.
 * `transform.toSpec()` makes one and `transformFromSpec(spec)` rebuilds the transform, which is
 * how a DataLoader hands its pipeline to worker threads.
 *
 * @example
 * ```ts
 * const spec: TransformSpec = { name: 'Resize', options: { size: 224, interpolation: 'bilinear', antialias: true } };
 * ```
 */
export interface TransformSpec {
  readonly name: string;
  readonly options: { readonly [key: string]: JsonValue };
}
