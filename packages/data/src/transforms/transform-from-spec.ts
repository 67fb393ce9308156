import { ArgumentError, checkOptions } from '@strata/core';
import type { Image } from '../types.js';
import { CenterCrop } from './center-crop.js';
import { Compose } from './compose.js';
import type { InterpolationMode } from './interpolation-mode.js';
import type { JsonValue } from './json-value.js';
import { Normalize } from './normalize.js';
import { formatValue, type Padding } from './option-checks.js';
import { Pad } from './pad.js';
import type { PaddingMode } from './padding-mode.js';
import { RandomCrop } from './random-crop.js';
import { RandomHorizontalFlip } from './random-horizontal-flip.js';
import { RandomRotation } from './random-rotation.js';
import { Resize } from './resize.js';
import type { SerializableTransform } from './serializable-transform.js';
import { ToTensor } from './to-tensor.js';
import type { TransformSpec } from './transform-spec.js';

type Options = { readonly [key: string]: JsonValue };
type Size = number | readonly [number, number];
type Fill = number | readonly number[];

// The casts hand JSON values to the constructors, which validate every option themselves.
const BUILDERS: {
  readonly [name: string]: {
    readonly keys: readonly string[];
    build(o: Options): SerializableTransform<never, unknown>;
  };
} = {
  CenterCrop: { keys: ['size'], build: (o) => new CenterCrop(o.size as Size) },
  Compose: {
    keys: ['transforms'],
    build: (o) => {
      if (!Array.isArray(o.transforms)) {
        throw new ArgumentError(
          `transformFromSpec: expected Compose options.transforms as an array of specs, got ${formatValue(o.transforms)}.`,
        );
      }
      return new Compose(
        (o.transforms as readonly JsonValue[]).map((s) => transformFromSpec(s as unknown as TransformSpec)),
      );
    },
  },
  Normalize: { keys: ['mean', 'std'], build: (o) => new Normalize(o.mean as Fill, o.std as Fill) },
  Pad: {
    keys: ['padding', 'fill', 'paddingMode'],
    build: (o) => new Pad(o.padding as Padding, { fill: o.fill as Fill, paddingMode: o.paddingMode as PaddingMode }),
  },
  RandomCrop: {
    keys: ['size', 'padding', 'padIfNeeded', 'fill', 'paddingMode'],
    build: (o) =>
      new RandomCrop(o.size as Size, {
        padding: o.padding as Padding | null,
        padIfNeeded: o.padIfNeeded as boolean,
        fill: o.fill as Fill,
        paddingMode: o.paddingMode as PaddingMode,
      }),
  },
  RandomHorizontalFlip: { keys: ['p'], build: (o) => new RandomHorizontalFlip(o.p as number) },
  RandomRotation: {
    keys: ['degrees', 'interpolation', 'expand', 'center', 'fill'],
    build: (o) =>
      new RandomRotation(o.degrees as Size, {
        interpolation: o.interpolation as InterpolationMode,
        expand: o.expand as boolean,
        center: o.center as readonly [number, number] | null,
        fill: o.fill as Fill,
      }),
  },
  Resize: {
    keys: ['size', 'interpolation', 'antialias'],
    build: (o) =>
      new Resize(o.size as Size, {
        interpolation: o.interpolation as InterpolationMode,
        antialias: o.antialias as boolean,
      }),
  },
  ToTensor: { keys: [], build: () => new ToTensor() },
};

/**
 * Rebuilds a built-in transform (or a `Compose` of them) from the JSON its `toSpec()` made, e.g.
 * in a DataLoader worker thread. Options left out take their defaults; unknown names or options
 * are errors.
 *
 * @example
 * ```ts
 * const spec = JSON.parse(JSON.stringify(pipeline.toSpec()));
 * const again = transformFromSpec<RawImage, HostTensor>(spec);
 * again.apply(raw, random); // same output as pipeline.apply(raw, random)
 * ```
 */
export function transformFromSpec<I = Image, O = Image>(spec: TransformSpec): SerializableTransform<I, O> {
  const { name, options } = (spec ?? {}) as Partial<TransformSpec>;
  const builder = typeof name === 'string' && Object.hasOwn(BUILDERS, name) ? BUILDERS[name] : undefined;
  if (builder === undefined) {
    throw new ArgumentError(
      `transformFromSpec: expected a spec { name, options } naming a built-in transform (${Object.keys(BUILDERS).join(', ')}), got ${formatValue(name ?? spec)}.`,
    );
  }
  const opts = options ?? {};
  checkOptions(`transformFromSpec(${name})`, opts, builder.keys);
  return builder.build(opts as Options) as unknown as SerializableTransform<I, O>;
}
