import type { KernelExports } from './kernel-exports.js';
import { KERNELS_WASM_BASE64 } from './kernels-wasm.generated.js';
import { WasmHeap } from './wasm-heap.js';

const loaded = await instantiate();

/**
 * Why the WebAssembly kernels are off, or `undefined` when they run: `STRATA_WASM=off` in the
 * environment, or a runtime without WebAssembly SIMD.
 *
 * @example
 * ```ts
 * if (wasmUnavailableReason !== undefined) console.warn(wasmUnavailableReason);
 * ```
 */
export const wasmUnavailableReason: string | undefined = loaded.reason;

/**
 * The kernels' heap, instantiated when the package loads, or `undefined` when
 * {@link wasmUnavailableReason} says why not (the TypeScript kernels then run everything).
 *
 * @example
 * ```ts
 * const heap = wasmHeap;
 * if (heap) heap.reset();
 * ```
 */
export const wasmHeap: WasmHeap | undefined = loaded.heap;

async function instantiate(): Promise<{ heap?: WasmHeap; reason?: string }> {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  if (env?.STRATA_WASM === 'off') {
    return { reason: 'STRATA_WASM=off is set: the TypeScript kernels run instead.' };
  }
  const bytes = decodeBase64(KERNELS_WASM_BASE64);
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) {
    return { reason: 'this runtime has no WebAssembly SIMD: the TypeScript kernels run instead.' };
  }
  const memory = new WebAssembly.Memory({ initial: 64 });
  const { instance } = await WebAssembly.instantiate(bytes, { env: { memory } });
  return { heap: new WasmHeap(instance.exports as unknown as KernelExports, memory) };
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
