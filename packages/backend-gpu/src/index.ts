import { registerBackend } from '@strata/core';
import { GpuBackend } from './gpu-backend.js';
import { registerGpuKernels } from './register-kernels.js';

export { GpuBackend, type GpuBackendOptions, type GpuProgram, type GpuStats } from './gpu-backend.js';
export type { Indexing, RowLayout } from './programs/index-math.js';
export { createGpu, defaultGpuMode, type GpuMode } from './gpu-context.js';
export { gpuProblem } from './gpu-problem.js';
export { registerGpuKernels } from './register-kernels.js';

// Importing the package makes 'gpu' available; the GL context starts on first use
// (setBackend('gpu'), tensor.to('gpu')), and a missing GL is an error that says why.
registerBackend('gpu', () => new GpuBackend());
registerGpuKernels('gpu');
