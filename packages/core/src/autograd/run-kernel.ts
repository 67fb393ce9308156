import type { TensorInfo } from '../backend/backend.js';
import type { KernelAttrs, KernelInputs, KernelName } from '../backend/kernel-map.js';
import { isFloat } from '../dtype.js';
import { runKernelRaw } from '../engine/engine.js';
import { StrataError } from '../errors.js';
import type { GradContext, Gradient, InputMeta, PerInput } from '../gradients/grad-func.js';
import { GRADIENTS, gradNodeName } from '../gradients/index.js';
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

type Named = Record<string, Tensor | readonly Tensor[]>;

function mapInputs<T>(inputs: Named, f: (t: Tensor) => T): Record<string, T | readonly T[]> {
  const out: Record<string, T | readonly T[]> = {};
  for (const [key, value] of Object.entries(inputs))
    out[key] = Array.isArray(value) ? value.map(f) : f(value as Tensor);
  return out;
}

const metaOf = (t: Tensor): InputMeta => ({ shape: t.shape, dtype: t.dtype, requiresGrad: t.requiresGrad });

/**
 * Records the gradient of kernel `K` on `outputs[0]`. Only the inputs and outputs the gradient
 * declared in `saves` are kept; the backward closure reads them back by position from the node,
 * so that an in-place op can hand its own result's place over to the tensor it wrote.
 */
function recordKernelGrad<K extends KernelName>(
  kernelName: K,
  gradient: Gradient<K>,
  inputs: Named,
  outputs: readonly Tensor[],
  attrs: KernelAttrs<K>,
): void {
  const keys = Object.keys(inputs);
  const list = keys.flatMap((k) => {
    const v = inputs[k]!;
    return Array.isArray(v) ? (v as Tensor[]) : [v as Tensor];
  });
  const meta = mapInputs(inputs, metaOf) as PerInput<K, InputMeta>;
  const needs = mapInputs(inputs, (t) => t.requiresGrad) as PerInput<K, boolean>;
  const declared = gradient.saves(attrs, needs);
  const saved: Tensor[] = [];
  const inputSlots = new Map<string, number | number[]>();
  for (const key of (declared.inputs ?? []) as readonly unknown[] as readonly string[]) {
    const v = inputs[key]!;
    inputSlots.set(key, Array.isArray(v) ? (v as Tensor[]).map((t) => saved.push(t) - 1) : saved.push(v as Tensor) - 1);
  }
  const outputSlots = new Map<number, number>();
  for (const i of declared.outputs ?? []) outputSlots.set(i, saved.push(outputs[i]!) - 1);
  // Per input, the length of its list, or null for a single tensor: the closure must not keep the inputs.
  const arity = keys.map((key) => (Array.isArray(inputs[key]) ? (inputs[key] as readonly Tensor[]).length : null));
  const undeclared = (what: string) =>
    new StrataError(`gradient of ${kernelName}: reads ${what} without listing it in its saves declaration.`);
  recordGrad(gradNodeName(kernelName, attrs), outputs[0]!, list, saved, (dy, values) => {
    const ctx: GradContext<K> = {
      attrs,
      inputs: meta,
      saved: (name) => {
        const slot = inputSlots.get(name as string);
        if (slot === undefined) throw undeclared(`input '${String(name)}'`);
        return (Array.isArray(slot) ? slot.map((s) => values[s]!) : values[slot]!) as never;
      },
      output: (index) => {
        const slot = outputSlots.get(index);
        if (slot === undefined) throw undeclared(`output ${index}`);
        return values[slot]!;
      },
    };
    const grads = gradient.backward(dy, ctx) as Record<string, Tensor | readonly Tensor[] | undefined>;
    return keys.flatMap((key, k) => {
      const g = grads[key];
      const n = arity[k] ?? null;
      if (n !== null) return Array.from({ length: n }, (_, i) => (g as readonly Tensor[] | undefined)?.[i] ?? null);
      return [(g as Tensor | undefined) ?? null];
    });
  });
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
  const gradient = GRADIENTS[kernelName] as Gradient<K> | undefined;
  const named = inputs as Named;
  // Integer and bool outputs (comparisons, indices) never carry gradients.
  if (
    gradient !== undefined &&
    isFloat(outputs[0]!.dtype) &&
    isGradEnabled() &&
    Object.values(named).some((v) => (Array.isArray(v) ? v.some((t) => t.requiresGrad) : (v as Tensor).requiresGrad))
  ) {
    recordKernelGrad(kernelName, gradient, named, outputs, attrs);
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
