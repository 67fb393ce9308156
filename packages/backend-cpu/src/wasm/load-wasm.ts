import { envVar } from '../runtime.js';
import type { KernelExports } from './kernel-exports.js';
import {
  KERNELS_RELAXED_SHARED_WASM_BASE64,
  KERNELS_RELAXED_WASM_BASE64,
  KERNELS_SHARED_WASM_BASE64,
  KERNELS_WASM_BASE64,
} from './kernels-wasm.generated.js';
import { threadSpawner } from './spawn-thread.js';
import { ThreadPool } from './thread-pool.js';
import { WasmHeap } from './wasm-heap.js';

// 4 GiB, all of wasm32: a shared memory must declare its maximum up front.
const MAX_PAGES = 65536;

// Synchronous, so that the package has no top-level await and Node can require() it; the modules
// are small enough (about 15 KiB each) for every browser to compile on the main thread.
const loaded = instantiate();

/**
 * Which build of the WebAssembly kernels runs: `'relaxed-simd'` (GEMM's multiply-adds are
 * `f32x4.relaxed_madd`, a fused multiply-add where the CPU has one) where the runtime validates
 * relaxed SIMD (Node >= 22, Chrome and Edge >= 114), `'simd128'` elsewhere or when
 * `STRATA_WASM=simd128` is set, `undefined` when {@link wasmUnavailableReason} says why none runs.
 * The two may differ in the last bits of a float32 sum; each gives the same bits for every thread count.
 *
 * @example
 * ```ts
 * console.log(`GEMM kernels: ${wasmSimdFlavour ?? 'TypeScript'}`);
 * ```
 */
export const wasmSimdFlavour: WasmSimdFlavour | undefined = loaded.flavour;

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
 * Why the kernels run on one thread only, or `undefined` when they can use more: no shared
 * memory (a page that is not cross-origin isolated), no worker threads, or no WebAssembly.
 *
 * @example
 * ```ts
 * if (threadsUnavailableReason !== undefined) console.warn(threadsUnavailableReason);
 * ```
 */
export const threadsUnavailableReason: string | undefined = loaded.threadsReason;

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

/**
 * The builds of the WebAssembly kernels: with relaxed SIMD, or SIMD128 only.
 *
 * @example
 * ```ts
 * const flavour: WasmSimdFlavour = 'simd128';
 * ```
 */
export type WasmSimdFlavour = 'relaxed-simd' | 'simd128';

interface Loaded {
  heap?: WasmHeap;
  flavour?: WasmSimdFlavour;
  reason?: string;
  threadsReason?: string;
}

function instantiate(): Loaded {
  if (envVar('STRATA_WASM') === 'off') {
    const reason = 'STRATA_WASM=off is set: the TypeScript kernels run instead.';
    return { reason, threadsReason: reason };
  }
  if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(decodeBase64(KERNELS_WASM_BASE64))) {
    const reason = 'this runtime has no WebAssembly SIMD: the TypeScript kernels run instead.';
    return { reason, threadsReason: reason };
  }
  const relaxed =
    envVar('STRATA_WASM') !== 'simd128' && WebAssembly.validate(decodeBase64(KERNELS_RELAXED_WASM_BASE64));
  const flavour: WasmSimdFlavour = relaxed ? 'relaxed-simd' : 'simd128';
  const spawn = threadSpawner();
  const threadsReason =
    typeof SharedArrayBuffer !== 'function'
      ? 'this runtime has no shared memory (a browser page must be cross-origin isolated for it).'
      : spawn === undefined
        ? 'this runtime has neither worker threads nor Web Workers.'
        : undefined;
  if (threadsReason !== undefined || spawn === undefined) {
    const bytes = decodeBase64(relaxed ? KERNELS_RELAXED_WASM_BASE64 : KERNELS_WASM_BASE64);
    const memory = new WebAssembly.Memory({ initial: 64 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return { heap: new WasmHeap(instance.exports as unknown as KernelExports, memory), flavour, threadsReason };
  }
  const module = new WebAssembly.Module(
    decodeBase64(relaxed ? KERNELS_RELAXED_SHARED_WASM_BASE64 : KERNELS_SHARED_WASM_BASE64),
  );
  const memory = new WebAssembly.Memory({ initial: 64, maximum: MAX_PAGES, shared: true });
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const heap = new WasmHeap(instance.exports as unknown as KernelExports, memory);
  heap.pool = new ThreadPool(heap, module, spawn);
  return { heap, flavour };
}

function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
