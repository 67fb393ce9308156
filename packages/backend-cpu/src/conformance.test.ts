import { registerBackend } from '@strata/core';
import { runConformanceSuite } from '@strata/core/testing';
import { CpuBackend, registerCpuKernels } from './index.js';

runConformanceSuite({ backend: 'cpu' });

// The same kernels without the fused convolution and pooling: ops take their composites from
// required kernels, which must meet the same fixtures and gradchecks.
registerBackend('cpu-composite', () => new CpuBackend('cpu-composite'));
registerCpuKernels('cpu-composite', { fused: false });
runConformanceSuite({ backend: 'cpu-composite' });

// The same kernels on tensors kept on the JS heap, as where the WebAssembly memory is not shared:
// every WebAssembly kernel copies its inputs in and its outputs back.
registerBackend('cpu-js-storage', () => new CpuBackend('cpu-js-storage', { storage: 'js' }));
registerCpuKernels('cpu-js-storage');
runConformanceSuite({ backend: 'cpu-js-storage' });

// Every kernel in TypeScript, as where WebAssembly is unavailable (or STRATA_WASM=off).
registerBackend('cpu-typescript', () => new CpuBackend('cpu-typescript'));
registerCpuKernels('cpu-typescript', { wasm: false });
runConformanceSuite({ backend: 'cpu-typescript' });
