import type { StateDict } from '../module/module.js';
import { decodeSafetensors } from './from-safetensors.js';
import { describeFsError, nodeFs } from './node-fs.js';
import { SafetensorsError } from './safetensors-error.js';
import { checkOptions } from '@strata/core';

/**
 * Reads the safetensors file at `path` (written by `save`, or by PyTorch's
 * `safetensors.torch.save_file`) into a state dict, validating it completely first: a corrupt
 * or truncated file throws a `SafetensorsError` naming the problem and creates no tensor. The
 * tensors are created on `backend` (the current one by default). Node only; in a browser, use
 * `fromSafetensors`.
 *
 * @example
 * ```ts
 * const sd = await load('checkpoints/mlp.safetensors');
 * net.loadStateDict(sd);
 * ```
 */
export async function load(path: string, options: { backend?: string } = {}): Promise<StateDict> {
  checkOptions('load', options, ['backend']);
  const fs = await nodeFs('load');
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(path);
  } catch (error) {
    throw new SafetensorsError(`load: expected a readable file, got ${describeFsError(error)} for '${path}'.`, {
      cause: error,
    });
  }
  return decodeSafetensors(`load('${path}')`, bytes, options).tensors;
}
