import { DTypeError, ShapeError } from '@strata/core';
import { describeValue } from './describe-value.js';

/**
 * @internal Stacks the `[C, H, W]` float images of one batch into a single `N x C x H x W`
 * Float32Array as they arrive, so a batch costs one allocation and one `tensor()` call. Used on
 * the main thread and in workers alike, so both produce the same bytes.
 */
export class HostBatch {
  readonly size: number;
  #data: Float32Array | undefined;
  #shape: readonly [number, number, number] | undefined;

  constructor(size: number) {
    this.size = size;
  }

  /** Writes `image`, dataset sample `index`, at batch position `position`. */
  set(position: number, image: unknown, index: number): void {
    const kind = (image as { kind?: unknown } | null)?.kind;
    if (kind === 'raw') {
      throw new DTypeError(
        `DataLoader: expected sample ${index} to be a float CHW image (HostTensor), got ${describeValue(image)}; add ToTensor() to the dataset's transform, e.g. new Compose([..., new ToTensor()]).`,
      );
    }
    if (kind !== 'host') {
      throw new DTypeError(
        `DataLoader: expected the image of sample ${index} to be a HostTensor, got ${describeValue(image)}; end the transform with ToTensor(), or pass a collate function for other samples.`,
      );
    }
    const { data, shape } = image as { data: Float32Array; shape: readonly [number, number, number] };
    if (this.#shape === undefined) {
      this.#shape = [shape[0], shape[1], shape[2]];
      this.#data = new Float32Array(this.size * shape[0] * shape[1] * shape[2]);
    } else if (shape[0] !== this.#shape[0] || shape[1] !== this.#shape[1] || shape[2] !== this.#shape[2]) {
      throw new ShapeError(
        `DataLoader: expected every image of a batch to have shape [${this.#shape.join(', ')}] (like its first), got [${shape.join(', ')}] for sample ${index}; make them one size, e.g. add Resize(...) to the transform.`,
      );
    }
    const length = shape[0] * shape[1] * shape[2];
    if (data.length !== length) {
      throw new ShapeError(
        `DataLoader: expected sample ${index} to hold ${length} values for shape [${shape.join(', ')}], got ${data.length}.`,
      );
    }
    this.#data!.set(data, position * length);
  }

  /** The stacked values; every position must have been set. */
  get data(): Float32Array {
    return this.#data ?? new Float32Array(0);
  }

  /** `[N, C, H, W]`. */
  get shape(): [number, number, number, number] {
    const [c, h, w] = this.#shape ?? [0, 0, 0];
    return [this.size, c, h, w];
  }
}
