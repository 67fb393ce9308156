import { sampleRandom } from '../../sample-random.js';
import type { Image, RawImage, Transform } from '../../types.js';
import type { RawSampleDataset } from '../raw-sample-dataset.js';

/** Byte `k` (HWC order) of sample `index`: distinct first bytes for the first 256 samples. */
export const pixelOf = (index: number, k: number): number => (index * 31 + k * 7) % 256;

/**
 * A `RawSampleDataset` test double shaped like FashionMNIST: every image lives in one buffer and
 * `getRaw` returns views of it; the label of sample `i` is `i`, so a batch's labels are its
 * dataset indices.
 */
export class RawTestDataset implements RawSampleDataset {
  readonly length: number;
  readonly transform: Transform<RawImage, Image> | undefined;
  readonly targetTransform: Transform<number, number> | undefined;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Every image, back to back. */
  readonly bytes: Uint8Array;

  constructor(
    length: number,
    options: {
      height?: number;
      width?: number;
      channels?: number;
      transform?: Transform<RawImage, Image>;
      targetTransform?: Transform<number, number>;
    } = {},
  ) {
    this.length = length;
    this.height = options.height ?? 4;
    this.width = options.width ?? 3;
    this.channels = options.channels ?? 1;
    this.transform = options.transform;
    this.targetTransform = options.targetTransform;
    const size = this.height * this.width * this.channels;
    this.bytes = new Uint8Array(length * size);
    for (let i = 0; i < length; i++) for (let k = 0; k < size; k++) this.bytes[i * size + k] = pixelOf(i, k);
  }

  getRaw(index: number): [RawImage, number] {
    const size = this.height * this.width * this.channels;
    const data = this.bytes.subarray(index * size, (index + 1) * size);
    return [{ kind: 'raw', data, height: this.height, width: this.width, channels: this.channels }, index];
  }

  get(index: number): [Image, number] {
    const [raw, label] = this.getRaw(index);
    return [this.transform === undefined ? raw : this.transform.apply(raw, sampleRandom(0, 0, index)), label];
  }
}
