import { registerBackend } from '@strata/core';
import { runConformanceSuite } from '@strata/core/testing';
import { CpuBackend, registerCpuKernels } from './index.js';

runConformanceSuite({ backend: 'cpu' });

// The same kernels without the fused convolution and pooling: ops take their composites from
// required kernels, which must meet the same fixtures and gradchecks.
registerBackend('cpu-composite', () => new CpuBackend('cpu-composite'));
registerCpuKernels('cpu-composite', { fused: false });
runConformanceSuite({ backend: 'cpu-composite' });

// Every kernel in TypeScript, as where WebAssembly is unavailable (or STRATA_WASM=off).
registerBackend('cpu-typescript', () => new CpuBackend('cpu-typescript'));
registerCpuKernels('cpu-typescript', { wasm: false });
runConformanceSuite({ backend: 'cpu-typescript' });
