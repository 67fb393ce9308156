import {
  arange,
  avgPool2d,
  cat,
  conv2d,
  corr2d,
  manualSeed,
  matmul,
  maxPool2d,
  noGrad,
  ones,
  rand,
  randn,
  type Shape,
  slice,
  stack,
  type Tensor,
  tensor,
  zeros,
} from '@strata/core';

/** Where the chapter writes its lines (console.log for `strata chapter convolution`). */
export type Print = (line: string) => void;

/**
 * The chapter's `corr2d`, line for line: `Y[i, j] = (X[i:i + h, j:j + w] * K).sum()` in a loop.
 * Autograd records every write, so a layer built on it learns (the `corr2d` op is the fast form).
 */
export function corr2dLoop(X: Tensor, K: Tensor): Tensor {
  const [h, w] = K.shape as [number, number];
  const Y = zeros([X.shape[0]! - h + 1, X.shape[1]! - w + 1]);
  for (let i = 0; i < Y.shape[0]!; i++) {
    for (let j = 0; j < Y.shape[1]!; j++) {
      Y.indexPut_(
        [i, j],
        X.index(slice(i, i + h), slice(j, j + w))
          .mul(K)
          .sum(),
      );
    }
  }
  return Y;
}

/**
 * The hand-written convolution layer of the chapter: a kernel and a bias, both learnable, and
 * the chapter's `corr2d` loop plus the bias as the forward pass.
 */
export class Conv2D {
  readonly weight: Tensor;
  readonly bias: Tensor;

  constructor(kernelSize: readonly [number, number]) {
    this.weight = rand(kernelSize, { requiresGrad: true });
    this.bias = zeros([1], { requiresGrad: true });
  }

  forward(x: Tensor): Tensor {
    return corr2dLoop(x, this.weight).add(this.bias);
  }
}

/** `corr2d` summed over input channels (`sum(corr2d(x, k) for x, k in zip(X, K))`): `X` is `[C, H, W]`, `K` is `[C, KH, KW]`. */
export function corr2dMultiIn(X: Tensor, K: Tensor): Tensor {
  const kernels = [...K];
  return [...X].map((x, c) => corr2d(x, kernels[c]!)).reduce((sum, y) => sum.add(y));
}

/** One `corr2dMultiIn` per output channel, stacked (`torch.stack([... for k in K], 0)`): `K` is `[O, C, KH, KW]`. */
export function corr2dMultiInOut(X: Tensor, K: Tensor): Tensor {
  return stack([...K].map((k) => corr2dMultiIn(X, k)));
}

/** A 1x1 convolution as the matrix product it is: `[O, C] x [C, H * W]`. */
export function corr2dMultiInOut1x1(X: Tensor, K: Tensor): Tensor {
  const [c, h, w] = X.shape as [number, number, number];
  const o = K.shape[0]!;
  return matmul(K.reshape([o, c]), X.reshape([c, h * w])).reshape([o, h, w]);
}

/** What the chapter computes, for tests and for printing. */
export interface ConvolutionChapterResults {
  corr2d: Tensor;
  edges: Tensor;
  edgesTransposed: Tensor;
  losses: { epoch: number; loss: number }[];
  learnedKernel: Tensor;
  learnedBias: Tensor;
  paddingStrideShapes: Shape[];
  multiIn: Tensor;
  multiInOut: Tensor;
  oneByOneMaxError: number;
  maxPool: Tensor;
  avgPool: Tensor;
  poolDefaultStride: Tensor;
  poolPaddedStrided: Tensor;
  poolTwoChannels: Tensor;
  poolBatchShape: Shape;
}

const EPOCHS = 30;

/** The input image of the chapter: a 6x8 white image with a black vertical stripe. */
function stripeImage(): Tensor {
  const X = ones([6, 8]);
  X.indexPut_(':, 2:6', 0);
  return X;
}

function learnKernel(
  X: Tensor,
  Y: Tensor,
  print: Print,
): Pick<ConvolutionChapterResults, 'losses' | 'learnedKernel' | 'learnedBias'> {
  const layer = new Conv2D([1, 2]);
  // d2l trains a bias-free nn.Conv2d with lr 3e-2. The bias of the hand-written layer raises the
  // largest curvature of the summed squared loss on this image from 60 to 124, so gradient
  // descent needs lr < 2 / 124 to converge; 1.2e-2 contracts the slowest direction by 0.86 a step.
  const lr = 1.2e-2;
  const losses: { epoch: number; loss: number }[] = [];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const loss = layer.forward(X).sub(Y).pow(2).sum();
    layer.weight.grad = null;
    layer.bias.grad = null;
    loss.backward();
    noGrad(() => {
      layer.weight.sub_(layer.weight.grad!.mul(lr));
      layer.bias.sub_(layer.bias.grad!.mul(lr));
    });
    if (epoch % 5 === 0) {
      const value = loss.item();
      losses.push({ epoch, loss: value });
      print(`epoch ${epoch}, loss ${value.toFixed(3)}`);
    }
  }
  return { losses, learnedKernel: layer.weight.detach(), learnedBias: layer.bias.detach() };
}

/** `conv2d` on a single 2-D image, as the chapter's `comp_conv2d` helper. */
function compConv2d(X: Tensor, kernelSize: readonly [number, number], options: Parameters<typeof conv2d>[3]): Shape {
  const weight = randn([1, 1, ...kernelSize]);
  const Y = conv2d(X.reshape([1, 1, ...X.shape]), weight, zeros([1]), options);
  return Y.shape.slice(2);
}

/**
 * Runs every example of the d2l chapters on convolutions (2-D cross-correlation, edge detection,
 * learning a kernel, padding and stride, channels, 1x1 convolutions, pooling), printing what
 * the chapter prints, and returns the results.
 *
 * @example
 * ```ts
 * const results = runConvolutionChapter(console.log);
 * results.corr2d.toArray(); // [[19, 25], [37, 43]]
 * ```
 */
export function runConvolutionChapter(print: Print): ConvolutionChapterResults {
  manualSeed(0);
  print('== 2-D cross-correlation ==');
  const X = tensor([
    [0, 1, 2],
    [3, 4, 5],
    [6, 7, 8],
  ]);
  const K = tensor([
    [0, 1],
    [2, 3],
  ]);
  const corr = corr2d(X, K);
  print(`corr2d(X, K) =\n${corr}`);

  print('\n== Edge detection ==');
  const image = stripeImage();
  const edgeKernel = tensor([[1, -1]]);
  const edges = corr2d(image, edgeKernel);
  print(`X =\n${image}`);
  print(`corr2d(X, [[1, -1]]) =\n${edges}`);
  const edgesTransposed = corr2d(image.t(), edgeKernel);
  print(`corr2d(X.t(), [[1, -1]]) =\n${edgesTransposed}`);

  print(`\n== Learning the kernel from X and Y (hand-written Conv2D, squared loss, ${EPOCHS} steps) ==`);
  const learned = learnKernel(image, edges, print);
  print(`learned kernel = ${learned.learnedKernel}, bias = ${learned.learnedBias}`);

  print('\n== Padding and stride (output shapes for an 8x8 input) ==');
  const square = rand([8, 8]);
  const paddingStrideShapes = [
    compConv2d(square, [3, 3], { padding: 1 }),
    compConv2d(square, [5, 3], { padding: [2, 1] }),
    compConv2d(square, [3, 3], { padding: 1, stride: 2 }),
    compConv2d(square, [3, 5], { padding: [0, 1], stride: [3, 4] }),
  ];
  for (const shape of paddingStrideShapes) print(`[${shape.join(', ')}]`);

  print('\n== Multiple input and output channels ==');
  const X2 = tensor([
    [
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ],
    [
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ],
  ]);
  const K2 = tensor([
    [
      [0, 1],
      [2, 3],
    ],
    [
      [1, 2],
      [3, 4],
    ],
  ]);
  const multiIn = corr2dMultiIn(X2, K2);
  print(`corr2dMultiIn(X, K) =\n${multiIn}`);
  const K3 = stack([K2, K2.add(1), K2.add(2)]);
  print(`K.shape = [${K3.shape.join(', ')}]`);
  const multiInOut = corr2dMultiInOut(X2, K3);
  print(`corr2dMultiInOut(X, K) =\n${multiInOut}`);
  const X1 = randn([3, 3, 3]);
  const K1 = randn([2, 3, 1, 1]);
  const viaMatmul = corr2dMultiInOut1x1(X1, K1);
  const viaCorr = corr2dMultiInOut(X1, K1);
  const oneByOneMaxError = viaMatmul.sub(viaCorr).abs().max().item();
  print(`1x1 convolution as a matrix product: max |difference| = ${oneByOneMaxError.toExponential(2)}`);

  print('\n== Pooling ==');
  const X4 = X.reshape([1, 1, 3, 3]);
  const maxPool = maxPool2d(X4, [2, 2], { stride: 1 }).reshape([2, 2]);
  const avgPool = avgPool2d(X4, [2, 2], { stride: 1 }).reshape([2, 2]);
  print(`max pooling 2x2 =\n${maxPool}`);
  print(`average pooling 2x2 =\n${avgPool}`);
  const P = arange(16, { dtype: 'float32' }).reshape([1, 1, 4, 4]);
  print(`X =\n${P}`);
  const poolDefaultStride = maxPool2d(P, 3);
  print(`maxPool2d(X, 3) =\n${poolDefaultStride}`);
  const poolPaddedStrided = maxPool2d(P, 3, { padding: 1, stride: 2 });
  print(`maxPool2d(X, 3, { padding: 1, stride: 2 }) =\n${poolPaddedStrided}`);
  const twoChannels = cat([P, P.add(1)], 1);
  const poolTwoChannels = maxPool2d(twoChannels, 3, { padding: 1, stride: 2 });
  print(`two channels [${twoChannels.shape.join(', ')}] ->\n${poolTwoChannels}`);
  const batch = arange(72, { dtype: 'float32' }).reshape([2, 1, 6, 6]);
  const poolBatchShape = maxPool2d(batch, 3).shape;
  print(`maxPool2d of [${batch.shape.join(', ')}] with kernel 3: [${poolBatchShape.join(', ')}]`);

  return {
    corr2d: corr,
    edges,
    edgesTransposed,
    ...learned,
    paddingStrideShapes,
    multiIn,
    multiInOut,
    oneByOneMaxError,
    maxPool,
    avgPool,
    poolDefaultStride,
    poolPaddedStrided,
    poolTwoChannels,
    poolBatchShape,
  };
}
