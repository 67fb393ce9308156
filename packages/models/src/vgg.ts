import { ArgumentError } from '@strata/core';
import { Conv2d, type Layer, MaxPool2d, ReLU, Sequential } from '@strata/nn';
import { classifierHead } from './classifier-head.js';
import { positiveInteger, type SizedModelOptions, resolveModelOptions, windowOutput } from './model-options.js';

/**
 * A VGG architecture: per block, the number of 3x3 convolutions and their output channels.
 *
 * @example
 * ```ts
 * const arch: VggArch = [[1, 64], [1, 128], [2, 256], [2, 512], [2, 512]];
 * ```
 */
export type VggArch = readonly (readonly [numConvs: number, outChannels: number])[];

/**
 * VGG-11's architecture from the chapter: 8 convolutions in 5 blocks (plus 3 linear layers).
 *
 * @example
 * ```ts
 * const net = vgg(VGG11_ARCH, { ratio: 4 });
 * ```
 */
export const VGG11_ARCH: VggArch = [
  [1, 64],
  [1, 128],
  [2, 256],
  [2, 512],
  [2, 512],
];

/**
 * One VGG block: `numConvs` 3x3 convolutions (padding 1) with ReLU, then a 2x2 stride-2 max pool
 * (the chapter's `vgg_block`).
 *
 * @example
 * ```ts
 * const block = vggBlock(2, 3, 64);
 * block.forward(rand([1, 3, 32, 32])).shape; // [1, 64, 16, 16]
 * ```
 */
export function vggBlock(numConvs: number, inChannels: number, outChannels: number): Sequential {
  positiveInteger('vggBlock', 'numConvs', numConvs);
  const layers: Layer[] = [];
  let channels = inChannels;
  for (let i = 0; i < numConvs; i++) {
    layers.push(new Conv2d(channels, outChannels, 3, { padding: 1 }), new ReLU());
    channels = outChannels;
  }
  layers.push(new MaxPool2d(2, { stride: 2 }));
  return new Sequential(...layers);
}

/**
 * The chapter's `vgg(conv_arch)`: a block per entry of `convArch`, then two 4096-unit linear
 * layers with dropout 0.5. `ratio` divides the block channels and the hidden units (the
 * chapter's `small_conv_arch` uses 4).
 *
 * @example
 * ```ts
 * const net = vgg(VGG11_ARCH);                              // the chapter's VGG-11
 * const small = vgg(VGG11_ARCH, { ratio: 4, inputSize: 64 }); // trainable here
 * ```
 */
export function vgg(convArch: VggArch, options: SizedModelOptions = {}): Sequential {
  const { inChannels, numClasses, width } = resolveModelOptions('vgg', options, ['inputSize']);
  const inputSize = positiveInteger('vgg', 'inputSize', options.inputSize ?? 224);
  if (!Array.isArray(convArch) || convArch.length === 0) {
    throw new ArgumentError(
      `vgg: expected convArch to be a non-empty list of [numConvs, outChannels] pairs such as VGG11_ARCH, got ${JSON.stringify(convArch)}.`,
    );
  }
  const blocks: Layer[] = [];
  let channels = inChannels;
  let size = inputSize;
  for (const [numConvs, outChannels] of convArch) {
    const out = width(positiveInteger('vgg', 'outChannels', outChannels));
    blocks.push(vggBlock(numConvs, channels, out));
    channels = out;
    size = windowOutput('vgg', inputSize, size, 2, 2, 0);
  }
  const hidden = width(4096);
  return new Sequential(...blocks, ...classifierHead(channels * size * size, hidden, numClasses));
}
