import {
  batchNorm,
  conv2d,
  type FusedActivation,
  linear,
  manualSeed,
  randn,
  registerBackend,
  relu,
  sigmoid,
  type Tensor,
  tanh,
} from '@strata/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { CpuBackend, registerCpuKernels } from './index.js';

registerBackend('cpu-epilogue-typescript', () => new CpuBackend('cpu-epilogue-typescript'));
registerCpuKernels('cpu-epilogue-typescript', { wasm: false });

/** Bit patterns of float32 values. */
const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

const SEPARATE: { readonly [A in FusedActivation]: (x: Tensor) => Tensor } = { relu, sigmoid, tanh };

/** Forward values and the gradients of `inputs`, as bit patterns, for `sum(f() * dy)`. */
function run(f: () => Tensor, inputs: readonly Tensor[], dy: Tensor): number[][] {
  for (const t of inputs) t.grad = null;
  const y = f();
  y.mul(dy).sum().backward();
  return [bits(y), ...inputs.map((t) => bits(t.grad!))];
}

// The kernels apply an epilogue with the loop the Elementwise kernel runs for the same
// expression, so the fused op equals the separate ops to the bit, forward and backward.
for (const backend of ['cpu', 'cpu-epilogue-typescript']) {
  describe(`kernel epilogues on ${backend}`, () => {
    beforeEach(() => manualSeed(7));
    const leaf = (shape: number[]) => randn(shape, { backend, requiresGrad: true });
    for (const activation of ['relu', 'sigmoid', 'tanh'] as const) {
      const activate = SEPARATE[activation];
      it(`conv2d with bias and '${activation}' equals the separate ops bit for bit`, () => {
        const [x, w, b] = [leaf([3, 4, 9, 8]), leaf([5, 4, 3, 3]), leaf([5])];
        const dy = randn([3, 5, 9, 8], { backend });
        const fused = run(() => conv2d(x, w, b, { padding: 1, activation }), [x, w, b], dy);
        const separate = run(
          () => activate(conv2d(x, w, null, { padding: 1 }).add(b.reshape([1, 5, 1, 1]))),
          [x, w, b],
          dy,
        );
        expect(fused).toEqual(separate);
      });
      it(`linear with bias and '${activation}' equals the separate ops bit for bit`, () => {
        const [x, w, b] = [leaf([6, 10]), leaf([7, 10]), leaf([7])];
        const dy = randn([6, 7], { backend });
        const fused = run(() => linear(x, w, b, { activation }), [x, w, b], dy);
        const separate = run(() => activate(x.matmul(w.t()).add(b)), [x, w, b], dy);
        expect(fused).toEqual(separate);
      });
      it(`training batchNorm with '${activation}' equals the separate ops bit for bit`, () => {
        const [x, w, b] = [leaf([4, 3, 5, 5]), leaf([3]), leaf([3])];
        const dy = randn([4, 3, 5, 5], { backend });
        const options = { training: true } as const;
        const fused = run(() => batchNorm(x, null, null, w, b, { ...options, activation }), [x, w, b], dy);
        const separate = run(() => activate(batchNorm(x, null, null, w, b, options)), [x, w, b], dy);
        expect(fused).toEqual(separate);
      });
    }
  });
}
