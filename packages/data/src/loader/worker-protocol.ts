import type { TransformSpec } from '../transforms/transform-spec.js';
import type { Image } from '../types.js';
import type { SerializedError } from './loader-errors.js';

/** @internal What every worker of one epoch starts with (its `workerData`). */
export interface WorkerInit {
  /** `transform.toSpec()` of the dataset, or `null` without a transform. */
  readonly spec: TransformSpec | null;
  readonly seed: number;
  readonly epoch: number;
  /** Stack the batch into one Float32Array (the default collate) or send the images back. */
  readonly stack: boolean;
  /** Module URLs to import before rebuilding the transform. */
  readonly imports: readonly string[];
}

/**
 * @internal One batch of raw samples: the dataset indices, `[height, width, channels]` of each
 * image, and their bytes back to back.
 */
export interface BatchJob {
  readonly id: number;
  readonly indices: Int32Array;
  readonly dims: Int32Array;
  readonly bytes: Uint8Array;
}

/** @internal A worker's answer to one job. */
export type BatchReply =
  | {
      readonly id: number;
      readonly kind: 'stacked';
      readonly data: Float32Array;
      readonly shape: [number, number, number, number];
    }
  | { readonly id: number; readonly kind: 'images'; readonly images: Image[] }
  | { readonly id: number; readonly kind: 'error'; readonly error: SerializedError };
