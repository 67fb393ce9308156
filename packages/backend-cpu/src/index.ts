import { registerBackend } from '@strata/core';
import { CpuBackend } from './cpu-backend.js';
import { registerCpuKernels } from './register-kernels.js';

export { CpuBackend, type CpuBackendOptions, type CpuStats } from './cpu-backend.js';
export { OutOfMemoryError } from './out-of-memory-error.js';
export { type CpuKernelOptions, registerCpuKernels } from './register-kernels.js';
export { getNumThreads, setNumThreads, threadsReady } from './threads.js';
export {
  threadsUnavailableReason,
  type WasmSimdFlavour,
  wasmSimdFlavour,
  wasmUnavailableReason,
} from './wasm/load-wasm.js';

// Importing the package is what makes the CPU backend available (and the default, by priority).
registerBackend('cpu', () => new CpuBackend(), { priority: 1 });
registerCpuKernels('cpu');
