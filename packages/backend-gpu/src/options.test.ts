// The GPU backend's options, held to the options rule.
import { type OptionsCase, runOptionsContract } from '@strata/core/testing';
import { GpuBackend } from './gpu-backend.js';
import { registerGpuKernels } from './register-kernels.js';

const rows: OptionsCase[] = [
  {
    fn: 'GpuBackend',
    call: (o) => new GpuBackend('gpu-options', undefined, o as never),
    misspelt: 'pool_bytes',
    meant: 'poolBytes',
  },
  {
    fn: 'registerGpuKernels',
    call: (o) => registerGpuKernels('gpu-options', o as never),
    misspelt: 'fuse',
    meant: 'fused',
  },
];
runOptionsContract(rows);
