import type { HostTensor, RawImage } from '../types.js';
import { checkRawImage } from './image-checks.js';
import type { SerializableTransform } from './serializable-transform.js';
import type { TransformSpec } from './transform-spec.js';

/**
 * Converts a `RawImage` (uint8, height x width x channels) to a `HostTensor` (float32,
 * channels x height x width) scaled to `[0, 1]` by dividing by 255 (torchvision's `ToTensor`).
 * Like torchvision, it rejects an input that is already a tensor.
 *
 * @example
 * ```ts
 * const t = new ToTensor().apply(raw); // raw 28x28x1 -> HostTensor [1, 28, 28]
 * ```
 */
export class ToTensor implements SerializableTransform<RawImage, HostTensor> {
  /**
   * Converts one image.
   *
   * @example
   * ```ts
   * new ToTensor().apply({ kind: 'raw', data: Uint8Array.of(0, 255), height: 1, width: 2, channels: 1 }).data; // [0, 1]
   * ```
   */
  apply(input: RawImage): HostTensor {
    checkRawImage(
      'ToTensor',
      input,
      'it is already a tensor, so drop ToTensor from the pipeline (or move it before the tensor transforms).',
    );
    const { data, height, width, channels } = input;
    const plane = height * width;
    const out = new Float32Array(channels * plane);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < channels; c++) out[c * plane + p] = data[p * channels + c]! / 255;
    }
    return { kind: 'host', data: out, shape: [channels, height, width] };
  }

  /**
   * The JSON description `transformFromSpec` rebuilds this transform from.
   *
   * @example
   * ```ts
   * new ToTensor().toSpec(); // { name: 'ToTensor', options: {} }
   * ```
   */
  toSpec(): TransformSpec {
    return { name: 'ToTensor', options: {} };
  }
}
