import { afterEach, describe, expect, it } from 'vitest';
import { KernelNotFoundError, StrataError } from '../errors.js';
import type { Backend } from './backend.js';
import { REQUIRED_KERNELS } from './kernel-map.js';
import {
  findBackend,
  getBackend,
  getKernel,
  hasFusedKernel,
  hasKernel,
  listBackends,
  missingRequiredKernels,
  registerBackend,
  registerKernel,
  registerKernels,
  removeBackend,
  setBackend,
} from './registry.js';

function stub(name: string): Backend {
  return {
    name,
    capabilities: { dtypes: ['float32'], syncRead: true, maxTensorSize: 16 },
    write: () => ({}),
    read: async () => new Float32Array(0),
    readSync: () => new Float32Array(0),
    disposeData: () => undefined,
    memory: () => ({ bytes: 0, buffers: 0 }),
  };
}

describe('backend and kernel registry', () => {
  afterEach(() => {
    for (const name of listBackends()) removeBackend(name);
  });

  it('says how to get a backend when none is registered', () => {
    expect(() => getBackend()).toThrow(KernelNotFoundError);
    expect(() => getBackend()).toThrow(/import '@strata\/backend-cpu'/);
  });

  it('picks the highest priority backend until setBackend chooses', () => {
    let created = 0;
    registerBackend('low', () => stub('low'));
    registerBackend(
      'high',
      () => {
        created++;
        return stub('high');
      },
      { priority: 5 },
    );
    expect(created).toBe(0);
    expect(listBackends()).toEqual(['high', 'low']);
    expect(getBackend().name).toBe('high');
    setBackend('low');
    expect(getBackend().name).toBe('low');
    expect(findBackend('high')).toBe(findBackend('high'));
    expect(created).toBe(1);
  });

  it('refuses registering a backend or a kernel twice', () => {
    registerBackend('b', () => stub('b'));
    expect(() => registerBackend('b', () => stub('b'))).toThrow(StrataError);
    registerKernel('b', 'Transpose', ({ inputs }) => inputs.x);
    expect(() => registerKernel('b', 'Transpose', ({ inputs }) => inputs.x)).toThrow(/already registered/);
  });

  it('tracks which kernels a backend has and which required ones it lacks', () => {
    registerBackend('b', () => stub('b'));
    registerKernels('b', [
      { kernelName: 'Transpose', kernelFunc: ({ inputs }) => inputs.x },
      { kernelName: 'Conv2d', kernelFunc: ({ inputs }) => inputs.x },
    ]);
    expect(hasKernel('b', 'Transpose')).toBe(true);
    expect(hasKernel('b', 'Conv2d')).toBe(true);
    expect(hasKernel('b', 'MaxPool2d')).toBe(false);
    // A fused kernel counts only with the kernels of its gradient.
    expect(hasFusedKernel('b', 'Conv2d')).toBe(false);
    registerKernel('b', 'Conv2dBackpropInput', ({ inputs }) => inputs.dy);
    registerKernel('b', 'Conv2dBackpropFilter', ({ inputs }) => inputs.dy);
    expect(hasFusedKernel('b', 'Conv2d')).toBe(true);
    expect(missingRequiredKernels('b')).toEqual(REQUIRED_KERNELS.filter((k) => k !== 'Transpose'));
    expect(() => getKernel('b', 'MatMul')).toThrow(/'MatMul' is not implemented by backend 'b'/);
    removeBackend('b');
    expect(hasKernel('b', 'Transpose')).toBe(false);
  });
});
