import { CpuBackend } from '@strata/backend-cpu';
import {
  type Epilogue,
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type KernelName,
  manualSeed,
  OPTIONAL_KERNELS,
  REQUIRED_KERNELS,
  randn,
  registerBackend,
  registerKernels,
  type Tensor,
} from '@strata/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { BatchNorm2d } from '../layers/batch-norm2d.js';
import { Conv2d } from '../layers/conv2d.js';
import { Flatten } from '../layers/flatten.js';
import { Linear } from '../layers/linear.js';
import { ReLU, Sigmoid, Tanh } from '../layers/activations.js';
import { Sequential } from './containers.js';

// A CPU backend whose kernels record which epilogue each matmul, convolution and batch norm ran.
const RECORDING = 'cpu-recording-epilogues';
const ran: string[] = [];
const FUSING: readonly KernelName[] = ['MatMul', 'Conv2d', 'BatchNormTrain'];
registerBackend(RECORDING, () => new CpuBackend(RECORDING));
registerKernels(
  RECORDING,
  ([...REQUIRED_KERNELS, ...Object.keys(OPTIONAL_KERNELS)] as KernelName[]).map((kernelName) => {
    const kernel = getKernel('cpu', kernelName) as KernelFunc<KernelName, CpuBackend>;
    const kernelFunc: KernelFunc<KernelName, CpuBackend> = (args) => {
      const { epilogue } = args.attrs as { epilogue?: Epilogue };
      if (FUSING.includes(kernelName)) ran.push(`${kernelName}:${epilogue?.name ?? 'none'}`);
      return kernel(args);
    };
    return { kernelName, kernelFunc } as KernelConfig<CpuBackend>;
  }),
);

describe('nn.Sequential fuses an activation into the layer before it', () => {
  beforeEach(() => {
    manualSeed(3);
    ran.length = 0;
  });

  it('runs Conv2d+ReLU and Linear+Sigmoid as one kernel each, with the values of the layers run one by one', () => {
    const net = new Sequential(
      new Conv2d(2, 3, 3, { padding: 1 }),
      new ReLU(),
      new Flatten(),
      new Linear(48, 5),
      new Sigmoid(),
      new Linear(5, 2),
      new Tanh(),
    ).to(RECORDING);
    const x = randn([4, 2, 4, 4], { backend: RECORDING });
    const fused = net.forward(x);
    expect(ran).toEqual(['Conv2d:relu', 'MatMul:sigmoid', 'MatMul:tanh']);
    let separate: Tensor = x;
    for (const layer of net) separate = layer.forward(separate);
    expect(fused.dataSync()).toEqual(separate.dataSync());
  });

  it('runs Conv2d and training BatchNorm2d+ReLU fused, with the gradients of the layers run one by one', () => {
    const net = new Sequential(new Conv2d(2, 3, 3), new BatchNorm2d(3), new ReLU()).to(RECORDING);
    const x = randn([4, 2, 5, 5], { backend: RECORDING });
    const gradients = (forward: () => Tensor) => {
      net.zeroGrad();
      const y = forward();
      y.square().sum().backward();
      return [y, ...net.parameters()].map((t) => Array.from((t.grad ?? t).dataSync()));
    };
    const fused = gradients(() => net.forward(x));
    expect(ran).toEqual(['Conv2d:bias', 'BatchNormTrain:relu']);
    const separate = gradients(() => [...net].reduce<Tensor>((h, layer) => layer.forward(h), x));
    expect(fused).toEqual(separate);
  });

  it('runs a subclass that overrides forward as written, never fused', () => {
    class DoubledConv2d extends Conv2d {
      override forward(x: Tensor): Tensor {
        return super.forward(x).mul(2);
      }
    }
    const conv = new DoubledConv2d(1, 2, 3).to(RECORDING);
    const x = randn([2, 1, 4, 4], { backend: RECORDING });
    const y = new Sequential(conv, new ReLU()).forward(x);
    expect(ran).toEqual(['Conv2d:bias']);
    expect(Array.from(y.dataSync())).toEqual(Array.from(conv.forward(x).relu().dataSync()));
  });
});
