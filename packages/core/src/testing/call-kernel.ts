import type { Backend } from '../backend/backend.js';
import type {
  KernelAttrs,
  KernelFunc,
  KernelInputs,
  KernelName,
  KernelOutput,
  PerInput,
  TensorSpec,
} from '../backend/kernel-map.js';
import { KERNEL_OUTPUTS } from '../backend/kernel-outputs.js';

/**
 * Calls kernel implementation `kernel` of `kernelName` directly, as core's run path does: with the
 * output shapes and dtypes core computes from the inputs and attributes. For backend unit tests
 * that exercise one kernel without going through ops.
 *
 * @example
 * ```ts
 * const out = callKernel('Transpose', transpose, { inputs: { x }, attrs: { perm: [1, 0] }, backend });
 * ```
 */
export function callKernel<K extends KernelName, B extends Backend>(
  kernelName: K,
  kernel: KernelFunc<K, B>,
  args: { inputs: KernelInputs<K>; attrs: KernelAttrs<K>; backend: B },
): KernelOutput<K> {
  const output = KERNEL_OUTPUTS[kernelName](args.inputs as unknown as PerInput<K, TensorSpec>, args.attrs);
  return kernel({ ...args, output });
}
