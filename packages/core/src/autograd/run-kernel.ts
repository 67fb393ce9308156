import type { TensorInfo } from '../backend/backend.js';
import type { KernelAttrs, KernelInputs, KernelName } from '../backend/kernel-map.js';
import { isFloat } from '../dtype.js';
import { runKernelRaw } from '../engine/engine.js';
import type { GradFunc } from '../gradients/grad-func.js';
import { GRADIENTS } from '../gradients/index.js';
import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { recordGrad } from './record.js';

/**
 * The tensors a kernel takes, by input name (`Tensor[]` where the kernel takes a list).
 *
 * @internal
 */
export type KernelTensors<K extends KernelName> = {
  [P in keyof KernelInputs<K>]: KernelInputs<K>[P] extends readonly TensorInfo[] ? readonly Tensor[] : Tensor;
};

function inputList(inputs: Record<string, Tensor | readonly Tensor[]>): Tensor[] {
  return Object.values(inputs).flatMap((v) => (Array.isArray(v) ? (v as Tensor[]) : [v as Tensor]));
}

/**
 * @internal Runs a kernel and, when gradients are on, records its registered gradient on the
 * first output. Every op reaches a backend through here.
 */
export function runKernel<K extends KernelName>(
  kernelName: K,
  inputs: KernelTensors<K>,
  attrs: KernelAttrs<K>,
  backendName?: string,
): Tensor[] {
  const outputs = runKernelRaw(kernelName, inputs, attrs, backendName);
  const gradient = GRADIENTS[kernelName] as GradFunc<K> | undefined;
  const named = inputs as Record<string, Tensor | readonly Tensor[]>;
  const list = inputList(named);
  // Integer and bool outputs (comparisons, indices) never carry gradients.
  if (gradient !== undefined && isFloat(outputs[0]!.dtype) && isGradEnabled() && list.some((t) => t.requiresGrad)) {
    const keys = Object.keys(named);
    recordGrad(kernelName, outputs[0]!, list, [...list, ...outputs], (dy) => {
      const grads = gradient(dy, { inputs, outputs, attrs }) as Record<string, Tensor | readonly Tensor[] | undefined>;
      return keys.flatMap((key) => {
        const g = grads[key];
        const input = named[key]!;
        if (Array.isArray(input)) return input.map((_, i) => (g as readonly Tensor[] | undefined)?.[i] ?? null);
        return [(g as Tensor | undefined) ?? null];
      });
    });
  }
  return outputs;
}

/**
 * @internal Runs a single-output kernel.
 */
export function run<K extends KernelName>(
  kernelName: K,
  inputs: KernelTensors<K>,
  attrs: KernelAttrs<K>,
  backendName?: string,
): Tensor {
  return runKernel(kernelName, inputs, attrs, backendName)[0]!;
}
