import { callKernel } from '@strata/core/testing';
import { type Conv2dAttrs, type Epilogue, type KernelFunc, type TensorInfo, uniformAt } from '@strata/core';
import { expect } from 'vitest';
import { CpuBackend } from '../../cpu-backend.js';

/** The backend whose storage the sweeps' tensors live in. */
export const backend = new CpuBackend();

/** float32 unit roundoff. */
export const U = 2 ** -24;

/** One convolution of a sweep: input and filter shapes and the attributes. */
export interface ConvShape {
  x: [number, number, number, number];
  w: [number, number, number, number];
  attrs: Conv2dAttrs;
}

/** A float32 tensor of `shape` with values uniform in [-1, 1) from `seed`, each passed through `map`. */
export function tensor(shape: number[], seed: number, map: (v: number) => number = (v) => v): TensorInfo {
  const size = shape.reduce((s, d) => s * d, 1);
  const values = Float32Array.from({ length: size }, (_, i) => map(uniformAt(seed, i) * 2 - 1));
  return { dataId: backend.write(values, shape, 'float32'), shape, dtype: 'float32' };
}

/** The float32 values of a tensor made by the sweep's backend. */
export function values(info: TensorInfo): Float32Array {
  return backend.values(info.dataId) as Float32Array;
}

/** A test title's description of a sweep shape. */
export function describeShape(s: ConvShape): string {
  const a = s.attrs;
  return `x ${s.x} w ${s.w} stride ${a.strides} pad ${a.pad} dilation ${a.dilations} groups ${a.groups}`;
}

/**
 * Whether the input gradient of `s` is itself a convolution (stride 1, no padding wider than the
 * dilated filter), which the direct and implicit-GEMM kernels run it as.
 */
export function inputGradientIsConvolution(s: ConvShape): boolean {
  const [kh, kw] = [s.w[2], s.w[3]];
  const [dh, dw] = s.attrs.dilations;
  const [pt, pb, pl, pr] = s.attrs.pad;
  const fullPadding = Math.max(pt, pb) <= dh * (kh - 1) && Math.max(pl, pr) <= dw * (kw - 1);
  return s.attrs.strides[0] === 1 && s.attrs.strides[1] === 1 && fullPadding;
}

/** Runs a Conv2d kernel, with a fused bias when `bias` is given. */
export function conv(
  kernel: KernelFunc<'Conv2d', CpuBackend>,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: Conv2dAttrs & { epilogue?: Epilogue },
  bias?: TensorInfo,
): TensorInfo {
  return callKernel('Conv2d', kernel, { inputs: bias ? { x, filter, bias } : { x, filter }, attrs, backend });
}

/** Runs a Conv2dBackpropInput kernel for the sweep shape `s`. */
export function convInput(
  kernel: KernelFunc<'Conv2dBackpropInput', CpuBackend>,
  dy: TensorInfo,
  filter: TensorInfo,
  s: ConvShape,
) {
  return callKernel('Conv2dBackpropInput', kernel, {
    inputs: { dy, filter },
    attrs: { ...s.attrs, inputShape: s.x },
    backend,
  });
}

/** Runs a Conv2dBackpropFilter kernel for the sweep shape `s`. */
export function convFilter(
  kernel: KernelFunc<'Conv2dBackpropFilter', CpuBackend>,
  x: TensorInfo,
  dy: TensorInfo,
  s: ConvShape,
) {
  return callKernel('Conv2dBackpropFilter', kernel, {
    inputs: { x, dy },
    attrs: { ...s.attrs, filterShape: s.w },
    backend,
  });
}

/**
 * The largest `|actual - reference|` over its bound `2 gamma_n scale / (1 - gamma_n)`, where
 * `scale` is the same sums over absolute values and `n` the terms in each sum (at most 1 passes).
 */
export function worstOverBound(actual: Float32Array, reference: Float32Array, scale: Float32Array, n: number): number {
  expect(actual.length).toBe(reference.length);
  const gamma = (n * U) / (1 - n * U);
  let worst = 0;
  for (let i = 0; i < reference.length; i++) {
    const error = Math.abs(actual[i]! - reference[i]!);
    if (error > 0) worst = Math.max(worst, error / ((2 * gamma * scale[i]!) / (1 - gamma)));
  }
  return worst;
}
