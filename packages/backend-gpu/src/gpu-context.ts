import { GPU } from 'gpu.js';
import { StrataError } from '@strata/core';

/**
 * The gpu.js mode the GPU backend runs in: `headlessgl` (the `gl` package, WebGL1 on Mesa or a
 * real GPU) in Node and `webgl2` in browsers.
 *
 * @example
 * ```ts
 * const mode: GpuMode = 'headlessgl';
 * ```
 */
export type GpuMode = 'headlessgl' | 'webgl2';

/**
 * The mode this platform calls for: `webgl2` where a DOM is present, `headlessgl` in Node.
 *
 * @example
 * ```ts
 * defaultGpuMode(); // 'headlessgl' in Node
 * ```
 */
export function defaultGpuMode(): GpuMode {
  return 'document' in globalThis ? 'webgl2' : 'headlessgl';
}

/**
 * Why `mode` cannot start here, or `null` when it can. gpu.js would silently fall back to its
 * CPU mode; strata asks for the mode explicitly and reports the missing piece instead.
 *
 * @example
 * ```ts
 * gpuProblem('headlessgl'); // null under xvfb-run, else 'headless GL needs an X display; ...'
 * ```
 */
export function gpuProblem(mode: GpuMode): string | null {
  if (mode === 'headlessgl') {
    if (GPU.isHeadlessGLSupported) return null;
    if (typeof process !== 'undefined' && !process.env.DISPLAY) {
      return 'headless GL needs an X display; run under xvfb-run -a (Debian package xvfb)';
    }
    return 'headless GL could not create a context: the native `gl` package (an optional dependency of gpu.js) did not build or load; reinstall with npm_config_nodedir=/usr and the build packages in .ci/apt-packages.txt';
  }
  return GPU.isWebGL2Supported ? null : 'this browser offers no WebGL2 context';
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
