import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { sampleRandom } from '../sample-random.js';
import type { HostTensor, Image, RawImage } from '../types.js';
import { CenterCrop } from './center-crop.js';
import { Compose } from './compose.js';
import { Normalize } from './normalize.js';
import { Pad } from './pad.js';
import { RandomCrop } from './random-crop.js';
import { RandomHorizontalFlip } from './random-horizontal-flip.js';
import { RandomRotation } from './random-rotation.js';
import { Resize } from './resize.js';
import type { SerializableTransform } from './serializable-transform.js';
import { ToTensor } from './to-tensor.js';
import { transformFromSpec } from './transform-from-spec.js';
import type { TransformSpec } from './transform-spec.js';

const raw: RawImage = {
  kind: 'raw',
  data: Uint8Array.from({ length: 12 * 10 * 3 }, (_, i) => (i * 29) % 256),
  height: 12,
  width: 10,
  channels: 3,
};
const host: HostTensor = {
  kind: 'host',
  data: Float32Array.from({ length: 3 * 12 * 10 }, (_, i) => ((i * 29) % 256) / 255),
  shape: [3, 12, 10],
};

// Each built-in with non-default options, and an input it accepts.
const cases: [string, SerializableTransform<never, unknown>, Image][] = [
  ['ToTensor', new ToTensor(), raw],
  ['Normalize', new Normalize([0.4, 0.5, 0.6], [0.2, 0.25, 0.3]), host],
  ['Resize int', new Resize(7), raw],
  ['Resize pair nearest', new Resize([20, 5], { interpolation: 'nearest', antialias: false }), host],
  ['CenterCrop', new CenterCrop([6, 9]), raw],
  [
    'RandomCrop',
    new RandomCrop([8, 8], { padding: [1, 2], padIfNeeded: true, fill: [1, 2, 3], paddingMode: 'constant' }),
    raw,
  ],
  ['RandomCrop reflect', new RandomCrop(11, { padding: 2, paddingMode: 'reflect' }), host],
  ['RandomHorizontalFlip', new RandomHorizontalFlip(0.7), host],
  [
    'RandomRotation',
    new RandomRotation([-20, 35], { interpolation: 'bilinear', expand: true, center: [3, 4], fill: 0.25 }),
    host,
  ],
  ['RandomRotation raw', new RandomRotation(45, { fill: 9 }), raw],
  ['Pad', new Pad([1, 2, 3, 4], { fill: 0.5, paddingMode: 'symmetric' }), host],
  [
    'Compose',
    new Compose([
      new RandomCrop(10, { padding: 2 }),
      new RandomHorizontalFlip(),
      new ToTensor(),
      new Normalize(0.5, 0.5),
    ]),
    raw,
  ],
];

describe('transformFromSpec', () => {
  it.each(cases)('rebuilds %s from its JSON spec with the same output', (_name, t, input) => {
    const spec = JSON.parse(JSON.stringify(t.toSpec())) as TransformSpec;
    const again = transformFromSpec<Image, Image>(spec);
    expect(again.constructor).toBe(t.constructor);
    expect(again.toSpec()).toEqual(spec);
    for (const index of [0, 1, 2, 3]) {
      const expected = (t as SerializableTransform<Image, Image>).apply(input, sampleRandom(5, 0, index));
      expect(again.apply(input, sampleRandom(5, 0, index))).toEqual(expected);
    }
  });

  it('fills in defaults for options left out', () => {
    expect(transformFromSpec({ name: 'Resize', options: { size: 224 } }).toSpec()).toEqual(new Resize(224).toSpec());
    expect(transformFromSpec({ name: 'RandomCrop', options: { size: 28, padding: null } }).toSpec()).toEqual(
      new RandomCrop(28).toSpec(),
    );
  });

  it('rejects unknown transforms and options', () => {
    expect(() => transformFromSpec({ name: 'ColorJitter', options: {} })).toThrow(
      new ArgumentError(
        "transformFromSpec: expected a spec { name, options } naming a built-in transform (CenterCrop, Compose, Normalize, Pad, RandomCrop, RandomHorizontalFlip, RandomRotation, Resize, ToTensor), got 'ColorJitter'.",
      ),
    );
    expect(() => transformFromSpec({ name: 'toString', options: {} })).toThrow('naming a built-in transform');
    expect(() => transformFromSpec({ name: 'Resize', options: { size: 224, mode: 'bilinear' } })).toThrow(
      new ArgumentError(
        'transformFromSpec(Resize): unknown option mode; expected one of size, interpolation, antialias.',
      ),
    );
    expect(() => transformFromSpec({ name: 'Compose', options: { transforms: 3 } })).toThrow(
      'transformFromSpec: expected Compose options.transforms as an array of specs, got 3.',
    );
  });

  it('validates option values through the constructors', () => {
    expect(() => transformFromSpec({ name: 'Resize', options: { size: '224' } })).toThrow(
      "Resize: expected size as a positive integer or a pair [h, w] of them, got '224'.",
    );
    expect(() =>
      transformFromSpec({ name: 'Compose', options: { transforms: [{ name: 'Pad', options: { padding: -1 } }] } }),
    ).toThrow('Pad: expected padding as a non-negative integer');
  });
});
