import { ArgumentError } from '@strata/core';

/**
 * @internal Refuses PyTorch's `inplace=True`: the layer returns a new tensor and leaves its
 * input as it was, which code written for the in-place form may rely on not happening.
 *
 * @example
 * ```ts
 * assertNotInplace('ReLU', options.inplace);
 * ```
 */
export function assertNotInplace(layer: string, inplace: boolean | undefined): void {
  if (inplace === true) {
    throw new ArgumentError(
      `${layer}: inplace is not supported (the layer returns a new tensor and leaves its input unchanged); drop the argument.`,
    );
  }
}
