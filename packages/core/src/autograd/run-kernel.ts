import type { TensorInfo } from '../backend/backend.js';
import type { KernelAttrs, KernelInputs, KernelName, PerInput, TensorSpec } from '../backend/kernel-map.js';
import { KERNEL_OUTPUTS } from '../backend/kernel-outputs.js';
import { findBackend, getKernel } from '../backend/registry.js';
import { isFloat } from '../dtype.js';
import { commonBackend, infoOf, makeTensor } from '../engine/engine.js';
import { StrataError } from '../errors.js';
import type { GradContext, Gradient, InputMeta, SavedInput } from '../gradients/grad-func.js';
import { GRADIENTS, gradNodeName } from '../gradients/index.js';
import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { recordGrad } from './record.js';

/**
 * The tensors a kernel takes, by input name (`Tensor[]` where the kernel takes a list).
 *
 * @internal
 */
export type KernelTensors<K extends KernelName> = PerInput<K, Tensor>;

type Named<T> = Record<string, T | readonly T[]>;

/** A kernel's inputs as one list, with each input's position in it (and its length, for a list input). */
interface FlatInputs {
  readonly keys: readonly string[];
  readonly list: readonly Tensor[];
  readonly start: readonly number[];
  /** Per input, the length of its list, or null for a single tensor. */
  readonly arity: readonly (number | null)[];
}

function flatten(inputs: Named<Tensor | undefined>): FlatInputs {
  // An optional input left out (a kernel's `bias`) is absent, not undefined, for the kernel.
  const keys = Object.keys(inputs).filter((key) => inputs[key] !== undefined);
  const list: Tensor[] = [];
  const start: number[] = [];
  const arity: (number | null)[] = [];
  for (const key of keys) {
    const v = inputs[key] as Tensor | readonly Tensor[];
    start.push(list.length);
    if (Array.isArray(v)) {
      list.push(...(v as readonly Tensor[]));
      arity.push(v.length);
    } else {
      list.push(v as Tensor);
      arity.push(null);
    }
  }
  return { keys, list, start, arity };
}

/** The inputs regrouped by name, each tensor mapped through `f`. */
function regroup<T>(flat: FlatInputs, f: (t: Tensor) => T): Named<T> {
  const out: Named<T> = {};
  flat.keys.forEach((key, k) => {
    const n = flat.arity[k];
    const s = flat.start[k]!;
    out[key] = n === null ? f(flat.list[s]!) : flat.list.slice(s, s + (n ?? 0)).map(f);
  });
  return out;
}

const specOf = (t: Tensor): TensorSpec => ({ shape: t.shape, dtype: t.dtype });
const metaOf = (t: Tensor): InputMeta => ({ shape: t.shape, dtype: t.dtype, requiresGrad: t.requiresGrad });

/**
 * Records the gradient of kernel `K` on `outputs[0]`. Only the inputs and outputs the gradient
 * declared in `saves` are kept; the backward closure reads them back by position from the node,
 * so that an in-place op can hand its own result's place over to the tensor it wrote.
 */
function recordKernelGrad<K extends KernelName>(
  kernelName: K,
  gradient: Gradient<K>,
  flat: FlatInputs,
  outputs: readonly Tensor[],
  attrs: KernelAttrs<K>,
): void {
  const meta = regroup(flat, metaOf) as PerInput<K, InputMeta>;
  const declared = gradient.saves(attrs, regroup(flat, (t) => t.requiresGrad) as PerInput<K, boolean>);
  const saved: Tensor[] = [];
  // Flat input position -> slot among the saved tensors.
  const inputSlots = new Map<number, number>();
  const save = (position: number) => inputSlots.set(position, saved.push(flat.list[position]!) - 1);
  for (const entry of (declared.inputs ?? []) as readonly SavedInput<K>[]) {
    const [key, index] = Array.isArray(entry) ? entry : [entry, undefined];
    const k = flat.keys.indexOf(key as string);
    const n = flat.arity[k];
    if (index !== undefined || n === null) save(flat.start[k]! + (index ?? 0));
    else for (let i = 0; i < n!; i++) save(flat.start[k]! + i);
  }
  const outputSlots = new Map<number, number>();
  for (const i of declared.outputs ?? []) outputSlots.set(i, saved.push(outputs[i]!) - 1);
  const undeclared = (what: string) =>
    new StrataError(`gradient of ${kernelName}: reads ${what} without listing it in its saves declaration.`);
  const { keys, start, arity } = flat;
  recordGrad(gradNodeName(kernelName, attrs), outputs[0]!, flat.list, saved, (dy, values) => {
    const slotted = (position: number, what: string) => {
      const slot = inputSlots.get(position);
      if (slot === undefined) throw undeclared(what);
      return values[slot]!;
    };
    const ctx: GradContext<K> = {
      attrs,
      inputs: meta,
      saved: (name) => {
        const k = keys.indexOf(name as string);
        const n = arity[k];
        const s = start[k]!;
        const what = `input '${String(name)}'`;
        return (n === null ? slotted(s, what) : Array.from({ length: n! }, (_, i) => slotted(s + i, what))) as never;
      },
      savedAt: (name, index) =>
        slotted(start[keys.indexOf(name as string)]! + index, `input '${String(name)}[${index}]'`),
      output: (index) => {
        const slot = outputSlots.get(index);
        if (slot === undefined) throw undeclared(`output ${index}`);
        return values[slot]!;
      },
    };
    const grads = gradient.backward(dy, ctx) as Named<Tensor | null | undefined>;
    return keys.flatMap((key, k) => {
      const g = grads[key];
      const n = arity[k] ?? null;
      if (n !== null)
        return Array.from({ length: n }, (_, i) => (g as readonly (Tensor | null)[] | undefined)?.[i] ?? null);
      return [(g as Tensor | null | undefined) ?? null];
    });
  });
}

/**
 * @internal Runs a kernel and, when gradients are on, records its gradient on the first output.
 * Every op reaches a backend through here: the inputs must share a backend (`backendName` names
 * it for kernels without inputs), core computes the outputs' shapes and dtypes
 * (`KERNEL_OUTPUTS`), and the kernel fills buffers of exactly those.
 */
export function runKernel<K extends KernelName>(
  kernelName: K,
  inputs: KernelTensors<K>,
  attrs: KernelAttrs<K>,
  backendName?: string,
): Tensor[] {
  const flat = flatten(inputs as Named<Tensor | undefined>);
  const name = commonBackend(kernelName, flat.list) ?? backendName;
  if (name === undefined) throw new StrataError(`runKernel: kernel '${kernelName}' needs a backend name.`);
  const backend = findBackend(name);
  const kernel = getKernel(name, kernelName);
  const output = KERNEL_OUTPUTS[kernelName](regroup(flat, specOf) as PerInput<K, TensorSpec>, attrs);
  const infos = regroup<TensorInfo>(flat, infoOf) as unknown as KernelInputs<K>;
  const out = kernel({ inputs: infos, attrs, output, backend }) as TensorInfo | TensorInfo[];
  const outputs = (Array.isArray(out) ? out : [out]).map((info) => makeTensor(info, backend));
  const gradient = GRADIENTS[kernelName] as Gradient<K> | null;
  // Integer and bool outputs (comparisons, indices) never carry gradients.
  if (gradient !== null && isFloat(outputs[0]!.dtype) && isGradEnabled() && flat.list.some((t) => t.requiresGrad)) {
    recordKernelGrad(kernelName, gradient, flat, outputs, attrs);
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
