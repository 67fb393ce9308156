import { elementwise, type Tensor, tensor } from '@strata/core';
import { describe, expect, it } from 'vitest';
import './index.js';

/** Bit patterns, every NaN as one: JavaScript engines do not keep a NaN's sign or payload. */
const bits = (values: ArrayLike<number>): number[] =>
  Array.from(new Uint32Array(Float32Array.from(values, (v) => (Number.isNaN(v) ? Number.NaN : v)).buffer));

// The CPU rounds every step of a fused chain to float32, as the separate ops round at every
// output, so the two agree to the bit (the conformance suite allows a GPU the last bits).
describe('elementwise on the CPU', () => {
  it('equals the separate ops bit for bit, forward and backward', () => {
    const x = tensor(
      [
        [-2.5, -0, 0.1, Number.NaN],
        [3, Number.POSITIVE_INFINITY, -7.25, 1e-30],
      ],
      { requiresGrad: true },
    );
    const w = tensor([[0.3], [-1.7]], { requiresGrad: true });
    const chain = (x: Tensor, w: Tensor) => x.mul(w).add(x.exp()).tanh().sub(x.div(3));
    const fused = elementwise([x, w], (x, w) => x.mul(w).add(x.exp()).tanh().sub(x.div(3)));
    fused.sum().backward();
    const grads = [x.grad!.dataSync(), w.grad!.dataSync()];
    x.grad = null;
    w.grad = null;
    const separate = chain(x, w);
    separate.sum().backward();
    expect(bits(fused.dataSync())).toEqual(bits(separate.dataSync()));
    expect(bits(grads[0]!)).toEqual(bits(x.grad!.dataSync()));
    expect(bits(grads[1]!)).toEqual(bits(w.grad!.dataSync()));
  });
});
