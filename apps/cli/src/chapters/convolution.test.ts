import '@strata/backend-cpu';
import { arange, conv2d, corr2d, manualSeed, randn, ShapeError, tensor } from '@strata/core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConvolutionChapterResults,
  corr2dLoop,
  corr2dMultiInOut,
  corr2dMultiInOut1x1,
  runConvolutionChapter,
} from './convolution.js';

// Expected values are the outputs printed in the d2l chapters (the convolution chapter of Dive into Deep Learning).
const EDGE_ROW = [0, 1, 0, 0, 0, -1, 0];
// float32 matmul against a sum of float32 products: a few ulps of values of order 1.
const ONE_BY_ONE_TOLERANCE = 1e-5;
// 30 steps contract the slowest direction by 0.86^30 ≈ 0.01 of its initial error.
const LEARNED_KERNEL_TOLERANCE = 0.05;

describe('the convolution chapter', () => {
  let r: ConvolutionChapterResults;
  const printed: string[] = [];
  beforeAll(() => {
    r = runConvolutionChapter((line) => printed.push(line));
  });

  it('corr2d of the 3x3 input and 2x2 kernel is [[19, 25], [37, 43]]', () => {
    expect(r.corr2d.toArray()).toEqual([
      [19, 25],
      [37, 43],
    ]);
    expect(printed.join('\n')).toContain('tensor([[19., 25.],\n        [37., 43.]])');
  });

  it("the chapter's corr2d loop (Y[i, j] = ...) equals the corr2d op, integers included", () => {
    manualSeed(2);
    const X = randn([5, 6]);
    const K = randn([2, 3]);
    const error = corr2dLoop(X, K).sub(corr2d(X, K)).abs().max().item();
    expect(error).toBeLessThan(ONE_BY_ONE_TOLERANCE);
    expect(corr2dLoop(arange(9).view([3, 3]), arange(4).view([2, 2])).toArray()).toEqual([
      [19, 25],
      [37, 43],
    ]);
  });

  it('the [1, -1] kernel finds the two vertical edges of the stripe image, and none once transposed', () => {
    expect(r.edges.toArray()).toEqual(Array.from({ length: 6 }, () => EDGE_ROW));
    expect(r.edgesTransposed.toArray()).toEqual(Array.from({ length: 8 }, () => [0, 0, 0, 0, 0]));
  });

  it('learning the kernel with a hand-written Conv2D drives the weight to about [1, -1]', () => {
    const [w0, w1] = (r.learnedKernel.toArray() as number[][])[0]!;
    expect(Math.abs(w0! - 1)).toBeLessThan(LEARNED_KERNEL_TOLERANCE);
    expect(Math.abs(w1! + 1)).toBeLessThan(LEARNED_KERNEL_TOLERANCE);
    expect(Math.abs(r.learnedBias.item())).toBeLessThan(LEARNED_KERNEL_TOLERANCE);
    const losses = r.losses.map((l) => l.loss);
    for (let i = 1; i < losses.length; i++) expect(losses[i]).toBeLessThan(losses[i - 1]!);
  });

  it('the padding/stride table gives [8, 8], [8, 8], [4, 4], [2, 2]', () => {
    expect(r.paddingStrideShapes).toEqual([
      [8, 8],
      [8, 8],
      [4, 4],
      [2, 2],
    ]);
  });

  it('multi-input and multi-output cross-correlation', () => {
    expect(r.multiIn.toArray()).toEqual([
      [56, 72],
      [104, 120],
    ]);
    expect(r.multiInOut.toArray()).toEqual([
      [
        [56, 72],
        [104, 120],
      ],
      [
        [76, 100],
        [148, 172],
      ],
      [
        [96, 128],
        [192, 224],
      ],
    ]);
  });

  it('a 1x1 convolution equals a matrix multiplication, also through conv2d', () => {
    expect(r.oneByOneMaxError).toBeLessThan(ONE_BY_ONE_TOLERANCE);
    manualSeed(1);
    const X = randn([3, 4, 5]);
    const K = randn([2, 3, 1, 1]);
    const viaConv = conv2d(X.unsqueeze(0), K).squeeze(0);
    const error = viaConv.sub(corr2dMultiInOut1x1(X, K)).abs().max().item();
    expect(error).toBeLessThan(ONE_BY_ONE_TOLERANCE);
    expect(corr2dMultiInOut(X, K).shape).toEqual([2, 4, 5]);
  });

  it('max and average pooling, with default stride, padding and stride, two channels and a batch', () => {
    expect(r.maxPool.toArray()).toEqual([
      [4, 5],
      [7, 8],
    ]);
    expect(r.avgPool.toArray()).toEqual([
      [2, 3],
      [5, 6],
    ]);
    expect(r.poolDefaultStride.toArray()).toEqual([[[[10]]]]);
    expect(r.poolPaddedStrided.toArray()).toEqual([
      [
        [
          [5, 7],
          [13, 15],
        ],
      ],
    ]);
    expect(r.poolTwoChannels.toArray()).toEqual([
      [
        [
          [5, 7],
          [13, 15],
        ],
        [
          [6, 8],
          [14, 16],
        ],
      ],
    ]);
    expect(r.poolBatchShape).toEqual([2, 1, 2, 2]);
  });

  it('conv2d on a 2-D image says how to add the batch and channel dimensions', () => {
    expect(() =>
      conv2d(
        tensor([
          [1, 2],
          [3, 4],
        ]),
        randn([1, 1, 1, 1]),
      ),
    ).toThrow(ShapeError);
    expect(() => conv2d(randn([6, 8]), randn([1, 1, 1, 2]))).toThrow(
      'conv2d: expected input of rank 4 (N, C, H, W) or 3 (C, H, W), got shape [6, 8]; add batch and channel dimensions with x.reshape([1, 1, 6, 8]).',
    );
  });
});
