import { StrataError } from '@strata/core';
import { gpuProblem } from './gpu-problem.js';
import { GPU } from './vendor/gpu-js.generated.js';

/**
 * The gpu.js mode the GPU backend runs in: `headlessgl` (the `gl` package, WebGL1 on Mesa or a
 * real GPU) in Node and `webgl2` in browsers.
 *
 * @example
 * ```ts
 * const gpu = createGpu(defaultGpuMode()); // 'webgl2' in a browser, 'headlessgl' in Node
 * ```
 */
export type GpuMode = 'headlessgl' | 'webgl2';

/**
 * The mode this platform calls for: `webgl2` in browsers (a page's DOM, or `OffscreenCanvas` in a
 * Web Worker), `headlessgl` in Node.
 *
 * @example
 * ```ts
 * defaultGpuMode(); // 'headlessgl' in Node
 * ```
 */
export function defaultGpuMode(): GpuMode {
  return 'document' in globalThis || 'OffscreenCanvas' in globalThis ? 'webgl2' : 'headlessgl';
}

/**
 * Starts gpu.js in `mode` with no fallback, or throws a `StrataError` that says why not.
 *
 * @example
 * ```ts
 * const gpu = createGpu('headlessgl');
 * ```
 */
export function createGpu(mode: GpuMode): GPU {
  const problem = gpuProblem(mode);
  if (problem !== null) throw new StrataError(`gpu backend: cannot start gpu.js in '${mode}' mode: ${problem}.`);
  return new GPU({ mode });
}
