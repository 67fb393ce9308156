import type { Tensor } from '../tensor.js';

/**
 * @internal A tensor a node's backward closure reads, with its storage version when saved: a
 * different version at backward time means it was overwritten in place.
 */
export interface SavedTensor {
  tensor: Tensor;
  version: number;
}

/**
 * @internal One recorded op. `next` holds, per input, the node that produced the input (for a
 * leaf that requires grad, the node that accumulates into its `.grad`), or `null` where the
 * input needs no gradient. Edges point at nodes, not tensors, so an in-place op that gives a
 * tensor a new history leaves the graphs that used its old value intact.
 */
export interface GradNode {
  /** What `gradFn` prints and errors name: `MulBackward`; a composite op renames its last node after itself. */
  name: string;
  next: readonly (GradNode | null)[];
  /** The tensors the backward closure reads, in the order it receives them. */
  saved: SavedTensor[];
  /** Maps the output's gradient to one per input (`null` where an input gets none). */
  backward: ((dy: Tensor, saved: readonly Tensor[]) => readonly (Tensor | null)[]) | null;
  /** Set on a leaf's accumulator node: the tensor whose `.grad` collects the gradient. */
  readonly leaf?: Tensor;
}
