import type { Tensor } from '../tensor.js';

/**
 * @internal One recorded op: the tensors it read and the closure that maps the gradient of its
 * output to gradients of those inputs (`null` where an input gets none).
 */
export interface GradNode {
  readonly name: string;
  inputs: readonly Tensor[];
  /** Tensors the backward closure reads, with their versions when recorded. */
  saved: readonly Tensor[];
  savedVersions: readonly number[];
  backward: ((dy: Tensor) => readonly (Tensor | null)[]) | null;
}
