import type { TensorInfo } from '../backend/backend.js';
import type { KernelAttrs, KernelInputs, KernelName } from '../backend/kernel-map.js';
import type { Tensor } from '../tensor.js';

type InputTensors<K extends KernelName> = {
  [P in keyof KernelInputs<K>]: KernelInputs<K>[P] extends readonly TensorInfo[] ? readonly Tensor[] : Tensor;
};

/**
 * The gradient of kernel `K`: given the gradient `dy` of its (first) output, the gradients of
 * its inputs by name. Written with ops, so one gradient serves every backend.
 *
 * @example
 * ```ts
 * const negGrad: GradFunc<'Unary'> = (dy) => ({ x: dy.neg() });
 * ```
 */
export type GradFunc<K extends KernelName> = (
  dy: Tensor,
  saved: { inputs: InputTensors<K>; outputs: readonly Tensor[]; attrs: KernelAttrs<K> },
) => { [P in keyof KernelInputs<K>]?: KernelInputs<K>[P] extends readonly TensorInfo[] ? readonly Tensor[] : Tensor };
