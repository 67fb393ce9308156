import { ArgumentError } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { sampleRandom } from '../sample-random.js';
import type { HostTensor, RawImage, Transform } from '../types.js';
import { scriptedRandom } from './__fixtures__/golden.js';
import { Compose } from './compose.js';
import { Lambda } from './lambda.js';
import { Normalize } from './normalize.js';
import { RandomCrop } from './random-crop.js';
import { RandomHorizontalFlip } from './random-horizontal-flip.js';
import { ToTensor } from './to-tensor.js';

const raw: RawImage = {
  kind: 'raw',
  data: Uint8Array.from({ length: 28 * 28 }, (_, i) => (i * 7) % 256),
  height: 28,
  width: 28,
  channels: 1,
};

describe('Compose', () => {
  const pipeline = new Compose<RawImage, HostTensor>([
    new RandomCrop(28, { padding: 4 }),
    new RandomHorizontalFlip(),
    new ToTensor(),
    new Normalize(0.5, 0.5),
  ]);

  it('runs the transforms in order, all drawing from one generator', () => {
    const random = scriptedRandom(0.5, 0.5, 0.9);
    const out = pipeline.apply(raw, random);
    expect(random.draws).toBe(3);
    expect(out.shape).toEqual([1, 28, 28]);
    // crop at (4, 4) of the 36x36 padded image is the image itself; 0.9 >= 0.5 means no flip.
    expect(out.data[1]).toBeCloseTo((raw.data[1]! / 255 - 0.5) / 0.5, 6);
  });

  it('is deterministic for a given sample generator and varies across samples', () => {
    const a = pipeline.apply(raw, sampleRandom(11, 2, 40));
    expect(pipeline.apply(raw, sampleRandom(11, 2, 40)).data).toEqual(a.data);
    expect(pipeline.apply(raw, sampleRandom(11, 3, 40)).data).not.toEqual(a.data);
  });

  it('describes itself as the list of its transforms', () => {
    expect(new Compose([new ToTensor(), new RandomHorizontalFlip(0.25)]).toSpec()).toEqual({
      name: 'Compose',
      options: {
        transforms: [
          { name: 'ToTensor', options: {} },
          { name: 'RandomHorizontalFlip', options: { p: 0.25 } },
        ],
      },
    });
  });

  it('cannot be described when a transform cannot', () => {
    expect(() => new Compose([new ToTensor(), new Lambda((x) => x)]).toSpec()).toThrow(
      'Lambda: expected a transform that can be described as JSON',
    );
    const custom: Transform<unknown, unknown> = { apply: (x) => x };
    expect(() => new Compose([custom]).toSpec()).toThrow(
      new ArgumentError(
        'Compose: expected every transform to have toSpec() so the pipeline can be rebuilt in worker threads, got Object without one at index 0; run the DataLoader with numWorkers: 0, or use built-in transforms.',
      ),
    );
  });

  it('needs an array of transforms', () => {
    expect(() => new Compose([new ToTensor(), 3 as unknown as Transform<unknown, unknown>])).toThrow(
      new ArgumentError(
        'Compose: expected every element to be a transform with an apply(input, random) method, got 3 at index 1.',
      ),
    );
    expect(() => new Compose(new ToTensor() as unknown as Transform<unknown, unknown>[])).toThrow(
      'Compose: expected an array of transforms, got {}.',
    );
  });
});
