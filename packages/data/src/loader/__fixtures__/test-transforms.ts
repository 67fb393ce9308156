import { ShapeError } from '@strata/core';
import type { SerializableTransform } from '../../transforms/serializable-transform.js';
import type { TransformSpec } from '../../transforms/transform-spec.js';
import type { HostTensor, Image, RawImage, SampleRandom } from '../../types.js';

/** Raw HWC bytes to float CHW in [0, 1], as ToTensor. */
export class TestToTensor implements SerializableTransform<RawImage, HostTensor> {
  apply(raw: RawImage): HostTensor {
    const { height, width, channels } = raw;
    const data = new Float32Array(height * width * channels);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < channels; c++)
          data[(c * height + y) * width + x] = raw.data[(y * width + x) * channels + c]! / 255;
      }
    }
    return { kind: 'host', data, shape: [channels, height, width] };
  }

  toSpec(): TransformSpec {
    return { name: 'TestToTensor', options: {} };
  }
}

/** Adds a fresh draw of the sample's generator to every value. */
export class TestJitter implements SerializableTransform<HostTensor, HostTensor> {
  apply(image: HostTensor, random: SampleRandom): HostTensor {
    return { kind: 'host', data: image.data.map((v) => v + random.next()), shape: image.shape };
  }

  toSpec(): TransformSpec {
    return { name: 'TestJitter', options: {} };
  }
}

/**
 * Throws a ShapeError on the raw image whose first byte is `firstByte`; with `errorName`, an
 * error of that name instead (`toString`, `constructor`: names a lookup table must not trip on).
 */
export class TestFailOn implements SerializableTransform<RawImage, RawImage> {
  readonly firstByte: number;
  readonly errorName: string | undefined;

  constructor(firstByte: number, errorName?: string) {
    this.firstByte = firstByte;
    this.errorName = errorName;
  }

  apply(raw: RawImage): RawImage {
    if (raw.data[0] !== this.firstByte) return raw;
    const error = new ShapeError(`TestFailOn: expected another image, got first byte ${this.firstByte}.`);
    if (this.errorName !== undefined) Object.defineProperty(error, 'name', { value: this.errorName });
    throw error;
  }

  toSpec(): TransformSpec {
    return {
      name: 'TestFailOn',
      options: { firstByte: this.firstByte, ...(this.errorName === undefined ? {} : { errorName: this.errorName }) },
    };
  }
}

/** Blocks the thread for `ms` on raw images whose first byte is in `firstBytes`. */
export class TestDelay implements SerializableTransform<RawImage, RawImage> {
  readonly firstBytes: readonly number[];
  readonly ms: number;

  constructor(firstBytes: readonly number[], ms: number) {
    this.firstBytes = firstBytes;
    this.ms = ms;
  }

  apply(raw: RawImage): RawImage {
    if (this.firstBytes.includes(raw.data[0]!)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, this.ms);
    return raw;
  }

  toSpec(): TransformSpec {
    return { name: 'TestDelay', options: { firstBytes: [...this.firstBytes], ms: this.ms } };
  }
}

/** Applies transforms in order, as Compose. */
export class TestCompose implements SerializableTransform {
  readonly transforms: readonly SerializableTransform[];

  constructor(transforms: readonly SerializableTransform<never, Image>[]) {
    this.transforms = transforms as readonly SerializableTransform[];
  }

  apply(input: Image, random: SampleRandom): Image {
    return this.transforms.reduce((image, t) => t.apply(image, random), input);
  }

  toSpec(): TransformSpec {
    return { name: 'TestCompose', options: { transforms: this.transforms.map((t) => ({ ...t.toSpec() })) } };
  }
}

/** Rebuilds a test transform from its spec; the loader's workers import this module to find it. */
export function transformFromSpec(spec: TransformSpec): SerializableTransform {
  const o = spec.options as Record<string, never>;
  switch (spec.name) {
    case 'TestToTensor':
      return new TestToTensor() as SerializableTransform;
    case 'TestJitter':
      return new TestJitter() as SerializableTransform;
    case 'TestFailOn':
      return new TestFailOn(o.firstByte, o.errorName) as SerializableTransform;
    case 'TestDelay':
      return new TestDelay(o.firstBytes, o.ms) as SerializableTransform;
    case 'TestCompose':
      return new TestCompose((o.transforms as readonly TransformSpec[]).map(transformFromSpec));
    default:
      throw new Error(`transformFromSpec: unknown transform '${spec.name}'.`);
  }
}
