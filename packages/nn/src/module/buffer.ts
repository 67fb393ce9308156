import { keep, type Tensor } from '@strata/core';
import { argSpec, is, parseArgs, type PyTorchArgs } from './pytorch-args.js';
import { TensorSubclass } from './tensor-subclass.js';

const BUFFER = argSpec('Buffer', ['data'], 1, { data: is.tensor, persistent: is.boolean });

const persistence = new WeakMap<Tensor, boolean>();

/**
 * The arguments of {@link Buffer}, as PyTorch's `nn.Buffer(data, *, persistent=True)`.
 *
 * @example
 * ```ts
 * const args: BufferArgs = [zeros([3]), { persistent: false }];
 * ```
 */
export type BufferArgs = PyTorchArgs<[data: Tensor], ['data'], { data: Tensor; persistent?: boolean }>;

/**
 * A tensor that is a module's state but not learned (`nn.Buffer`), such as running
 * statistics: assigned to a module it registers itself and appears in `buffers()` and, when
 * `persistent` (the default), in `stateDict()`. It shares `data`'s values and is kept out of
 * `tidy`. A plain tensor assigned to a name already registered as a buffer replaces it.
 *
 * @example
 * ```ts
 * class Counter extends Module {
 *   count = new Buffer(zeros([]));
 *   scratch = new Buffer(zeros([4]), { persistent: false });
 *   forward(x: Tensor): Tensor { return x; }
 * }
 * Object.keys(new Counter().stateDict()); // ['count']
 * ```
 */
export class Buffer extends TensorSubclass {
  declare private readonly bufferBrand: never;

  constructor(...args: BufferArgs) {
    const { data, persistent = true } = parseArgs<{ data: Tensor; persistent?: boolean }>(BUFFER, args);
    super(data.detach());
    this.requiresGrad = data.requiresGrad;
    persistence.set(this, persistent);
    keep(this);
  }

  /** Whether the buffer is part of its module's `stateDict()`. */
  get persistent(): boolean {
    return persistence.get(this) ?? true;
  }
}
