import { conv2d as conv2dOp, registerBackend, registerKernel, randn } from '@strata/core';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from './cpu-backend.js';
import { conv2d } from './kernels/conv2d.js';
import { conv2dBackpropFilter } from './kernels/conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './kernels/conv2d-backprop-input.js';
import { registerCpuKernels } from './register-kernels.js';

// A CPU backend whose convolution backward kernels count their calls.
const calls = { input: 0, filter: 0 };
registerBackend('cpu-counting', () => new CpuBackend('cpu-counting'));
registerCpuKernels('cpu-counting', { fused: false });
registerKernel<'Conv2d', CpuBackend>('cpu-counting', 'Conv2d', conv2d);
registerKernel<'Conv2dBackpropInput', CpuBackend>('cpu-counting', 'Conv2dBackpropInput', (args) => {
  calls.input++;
  return conv2dBackpropInput(args);
});
registerKernel<'Conv2dBackpropFilter', CpuBackend>('cpu-counting', 'Conv2dBackpropFilter', (args) => {
  calls.filter++;
  return conv2dBackpropFilter(args);
});

describe('backward computes only the gradients somebody needs', () => {
  it('skips the input gradient of a convolution over images that need none', () => {
    calls.input = calls.filter = 0;
    const images = randn([2, 1, 6, 6], { backend: 'cpu-counting' });
    const weight = randn([3, 1, 3, 3], { backend: 'cpu-counting', requiresGrad: true });
    conv2dOp(images, weight).sum().backward();
    expect(calls).toEqual({ input: 0, filter: 1 });
    expect(weight.grad?.shape).toEqual([3, 1, 3, 3]);
  });

  it('skips the filter gradient of a frozen filter', () => {
    calls.input = calls.filter = 0;
    const x = randn([2, 1, 6, 6], { backend: 'cpu-counting', requiresGrad: true });
    const frozen = randn([3, 1, 3, 3], { backend: 'cpu-counting' });
    conv2dOp(x, frozen).sum().backward();
    expect(calls).toEqual({ input: 1, filter: 0 });
    expect(x.grad?.shape).toEqual([2, 1, 6, 6]);
  });
});
