import { ArgumentError } from '@strata/core';
import { toPair } from './pair.js';

/**
 * @internal Validates the window of a pooling layer in its constructor: positive kernel, stride
 * and dilation, and PyTorch's rule that padding is at most half the (dilated) kernel.
 *
 * @example
 * ```ts
 * checkPoolWindow('MaxPool2d', 3, 2, 1, 1);
 * ```
 */
export function checkPoolWindow(
  layer: string,
  kernelSize: number | readonly [number, number],
  stride: number | readonly [number, number],
  padding: number | readonly [number, number],
  dilation: number | readonly [number, number],
): void {
  const kernel = toPair(layer, 'kernelSize', kernelSize, 1);
  toPair(layer, 'stride', stride, 1);
  const pad = toPair(layer, 'padding', padding, 0);
  const dil = toPair(layer, 'dilation', dilation, 1);
  for (let i = 0; i < 2; i++) {
    const effective = dil[i]! * (kernel[i]! - 1) + 1;
    if (pad[i]! * 2 > effective) {
      throw new ArgumentError(
        `${layer}: expected padding at most half of the (dilated) kernel size, got padding ${JSON.stringify(padding)} for kernelSize ${JSON.stringify(kernelSize)}; use a smaller padding.`,
      );
    }
  }
}
