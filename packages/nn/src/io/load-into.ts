import { checkOptions, dispose } from '@strata/core';
import type { LoadResult, Module } from '../module/module.js';
import { load } from './load.js';

/**
 * Loads the safetensors file at `path` into `module`'s parameters and buffers in place:
 * `load` then `module.loadStateDict`. Both validate everything before changing anything, so a
 * corrupt file (`SafetensorsError`) or a mismatched one (`StateDictError`) leaves the module
 * untouched. `strict` is `loadStateDict`'s (default true).
 *
 * @example
 * ```ts
 * const net = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 3));
 * await loadInto(net, 'mlp.safetensors'); // written by PyTorch's save_file(model.state_dict(), ...)
 * ```
 */
export async function loadInto(
  module: Module,
  path: string,
  options: { strict?: boolean; backend?: string } = {},
): Promise<LoadResult> {
  checkOptions('loadInto', options, ['strict', 'backend']);
  const stateDict = await load(path, { backend: options.backend });
  try {
    return module.loadStateDict(stateDict, { strict: options.strict });
  } finally {
    // loadStateDict copies the values, so the loaded tensors are no longer needed.
    dispose(Object.values(stateDict));
  }
}
