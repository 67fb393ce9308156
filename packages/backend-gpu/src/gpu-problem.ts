import type { GpuMode } from './gpu-context.js';
import { GPU, glLoadError } from './vendor/gpu-js.generated.js';

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
    const loadError = glLoadError();
    if (loadError !== undefined) return headlessGlMissing(loadError);
    if (typeof process !== 'undefined' && !process.env.DISPLAY) {
      return 'headless GL needs an X display; run under xvfb-run -a (Debian/Ubuntu package xvfb), or set DISPLAY';
    }
    return "headless GL could not create a context although the `gl` package loaded; check that Mesa's GL drivers are installed (Debian/Ubuntu: sudo apt-get install libgl1-mesa-dri) and that DISPLAY names a running X server";
  }
  return GPU.isWebGL2Supported ? null : 'this browser offers no WebGL2 context';
}

// Headless GL is opt-in for Node users (docs/adr/0009-packaging.md): the `gl` package is an
// optional peer dependency, compiled from source on install, so this names every step.
function headlessGlMissing(error: Error): string {
  const code = (error as { code?: string }).code;
  const why =
    code === 'MODULE_NOT_FOUND' && error.message.includes("'gl'")
      ? 'the `gl` package (headless WebGL for Node, an optional peer dependency of @strata/backend-gpu) is not installed'
      : `the \`gl\` package is installed but did not load (${error.message.split('\n')[0]}), usually because its native build failed`;
  return (
    `${why}. Install it with its build tools, then run Node under a display: ` +
    'Debian/Ubuntu: `sudo apt-get install -y build-essential python3 pkg-config libxi-dev libxext-dev libx11-dev libglu1-mesa-dev libglew-dev xvfb xauth libgl1-mesa-dri && npm install gl` and run `xvfb-run -a node ...`; ' +
    'macOS: `xcode-select --install && npm install gl`; ' +
    'Windows: install Visual Studio Build Tools with "Desktop development with C++" and Python 3, then `npm install gl`. ' +
    'With pnpm, `pnpm add gl` and allow its build script (`allowBuilds: { gl: true }` in pnpm-workspace.yaml). In a browser the backend uses WebGL2 and needs none of this'
  );
}
