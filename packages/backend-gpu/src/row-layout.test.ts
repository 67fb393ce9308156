import { registerBackend } from '@strata/core';
import { runConformanceSuite } from '@strata/core/testing';
import { defaultGpuMode } from './gpu-context.js';
import { GpuBackend } from './gpu-backend.js';
import { registerGpuKernels } from './register-kernels.js';

// The same suite with every buffer over 16 elements stored in rows of 8: each program's
// two-part thread coordinates and reads run on small tensors, as they do above 2^24 elements.
registerBackend('gpu-rows', () => new GpuBackend('gpu-rows', defaultGpuMode(), { splitAbove: 16, rowWidth: 8 }));
registerGpuKernels('gpu-rows');

runConformanceSuite({ backend: 'gpu-rows' });
