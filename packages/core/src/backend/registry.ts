import { KernelNotFoundError, StrataError } from '../errors.js';
import type { Backend } from './backend.js';
import {
  type KernelConfig,
  type KernelFunc,
  type KernelName,
  OPTIONAL_KERNELS,
  type OptionalKernelName,
  REQUIRED_KERNELS,
} from './kernel-map.js';
import { checkOptions } from '../check-options.js';

interface BackendEntry {
  readonly factory: () => Backend;
  readonly priority: number;
  instance: Backend | undefined;
}

const backends = new Map<string, BackendEntry>();
// Kernels are keyed `${backend}/${kernel}`; the value's backend type was fixed at registration.
const kernels = new Map<string, KernelFunc<KernelName>>();
let current: string | undefined;

/**
 * Makes a backend available under `name`. The factory runs on first use. The backend with the
 * highest `priority` becomes the default when none was chosen with `setBackend`.
 *
 * @example
 * ```ts
 * registerBackend('cpu', () => new CpuBackend(), { priority: 1 });
 * ```
 */
export function registerBackend(name: string, factory: () => Backend, options: { priority?: number } = {}): void {
  checkOptions('registerBackend', options, ['priority']);
  if (backends.has(name)) {
    throw new StrataError(`registerBackend: backend '${name}' is already registered; register each backend once.`);
  }
  backends.set(name, { factory, priority: options.priority ?? 0, instance: undefined });
}

/**
 * Registers `kernelFunc` as backend `backendName`'s implementation of `kernelName`. The kernel
 * signature is checked against {@link KernelMap}. Registering the same pair twice is an error.
 *
 * @example
 * ```ts
 * registerKernel<'Transpose', CpuBackend>('cpu', 'Transpose', transpose);
 * ```
 */
export function registerKernel<K extends KernelName, B extends Backend>(
  backendName: string,
  kernelName: K,
  kernelFunc: KernelFunc<K, B>,
): void {
  const key = `${backendName}/${kernelName}`;
  if (kernels.has(key)) {
    throw new StrataError(`registerKernel: kernel '${kernelName}' is already registered for backend '${backendName}'.`);
  }
  kernels.set(key, kernelFunc as unknown as KernelFunc<KernelName>);
}

/**
 * Registers every kernel of `configs` under `backendName` (a backend's kernel list, as
 * TensorFlow.js's `KernelConfig` arrays).
 *
 * @example
 * ```ts
 * registerKernels('cpu', [{ kernelName: 'Transpose', kernelFunc: transpose }]);
 * ```
 */
export function registerKernels<B extends Backend>(backendName: string, configs: readonly KernelConfig<B>[]): void {
  for (const { kernelName, kernelFunc } of configs)
    registerKernel(backendName, kernelName, kernelFunc as KernelFunc<KernelName, B>);
}

/**
 * Whether backend `backendName` registered `kernelName`.
 *
 * @example
 * ```ts
 * hasKernel('cpu', 'Conv2d'); // true
 * ```
 */
export function hasKernel(backendName: string, kernelName: KernelName): boolean {
  return kernels.has(`${backendName}/${kernelName}`);
}

/**
 * Whether backend `backendName` registered the fused kernel `kernelName` and every kernel its
 * gradient runs (`OPTIONAL_KERNELS`); ops use it to choose the fused kernel or their composite.
 *
 * @example
 * ```ts
 * hasFusedKernel('cpu', 'Conv2d'); // true: Conv2d, Conv2dBackpropInput and Conv2dBackpropFilter
 * ```
 */
export function hasFusedKernel(backendName: string, kernelName: OptionalKernelName): boolean {
  return hasKernel(backendName, kernelName) && OPTIONAL_KERNELS[kernelName].every((k) => hasKernel(backendName, k));
}

/**
 * The implementation of `kernelName` on `backendName`, or a `KernelNotFoundError` naming both.
 *
 * @example
 * ```ts
 * const matmul = getKernel('cpu', 'MatMul');
 * ```
 */
export function getKernel<K extends KernelName>(backendName: string, kernelName: K): KernelFunc<K> {
  const kernel = kernels.get(`${backendName}/${kernelName}`);
  if (kernel === undefined) {
    throw new KernelNotFoundError(
      `kernel '${kernelName}' is not implemented by backend '${backendName}'; it is a required kernel, so the backend is incomplete (run the conformance suite from @strata/core/testing against it).`,
    );
  }
  return kernel as unknown as KernelFunc<K>;
}

/**
 * The required kernels backend `backendName` is missing (empty when it is complete).
 *
 * @example
 * ```ts
 * missingRequiredKernels('cpu'); // []
 * ```
 */
export function missingRequiredKernels(backendName: string): KernelName[] {
  return REQUIRED_KERNELS.filter((k) => !hasKernel(backendName, k));
}

/**
 * The names of the registered backends, highest priority first.
 *
 * @example
 * ```ts
 * listBackends(); // ['cpu']
 * ```
 */
export function listBackends(): string[] {
  return [...backends.entries()].sort((a, b) => b[1].priority - a[1].priority).map(([name]) => name);
}

/**
 * The backend instance named `name` (started on first use).
 *
 * @example
 * ```ts
 * findBackend('cpu').memory();
 * ```
 */
export function findBackend(name: string): Backend {
  const entry = backends.get(name);
  if (entry === undefined) {
    const known = listBackends();
    throw new KernelNotFoundError(
      `backend '${name}' is not registered (registered: ${known.length ? known.map((n) => `'${n}'`).join(', ') : 'none'}); import its package, e.g. \`import '@strata/backend-${name}'\`.`,
    );
  }
  entry.instance ??= entry.factory();
  return entry.instance;
}

/**
 * Sets where new tensors are created (PyTorch's default device).
 *
 * @example
 * ```ts
 * setBackend('cpu');
 * ```
 */
export function setBackend(name: string): void {
  findBackend(name);
  current = name;
}

/**
 * The backend new tensors are created on: the one set with `setBackend`, else the registered
 * backend with the highest priority.
 *
 * @example
 * ```ts
 * getBackend().name; // 'cpu'
 * ```
 */
export function getBackend(): Backend {
  if (current !== undefined) return findBackend(current);
  const [best] = listBackends();
  if (best === undefined) {
    throw new KernelNotFoundError(
      "no backend is registered; import one before creating tensors, e.g. `import '@strata/backend-cpu'`.",
    );
  }
  return findBackend(best);
}

/**
 * Removes a backend and its kernels (for tests that register throwaway backends).
 *
 * @example
 * ```ts
 * removeBackend('test-backend');
 * ```
 */
export function removeBackend(name: string): void {
  backends.delete(name);
  for (const key of [...kernels.keys()]) if (key.startsWith(`${name}/`)) kernels.delete(key);
  if (current === name) current = undefined;
}
