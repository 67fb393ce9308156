import { checkOptions, type Tensor } from '@strata/core';
import { Module, type StateDict } from '../module/module.js';
import { nodeFs } from './node-fs.js';
import { checkStateDict, encodeSafetensors } from './to-safetensors.js';
import { writeFileAtomic } from './write-file-atomic.js';

/**
 * Saves a module's state dict (or a state dict) as a safetensors file at `path`, which PyTorch
 * reads with `safetensors.torch.load_file`. The write is atomic: the bytes go to a temporary
 * file beside `path`, are flushed to disk, then renamed over `path`, so a crash or an error
 * leaves either the old file or the new one, never a partial file (and no temporary file).
 * Node only; in a browser, use `toSafetensors`.
 *
 * @example
 * ```ts
 * await save(net, 'checkpoints/mlp.safetensors', { metadata: { epoch: '10' } });
 * ```
 */
export async function save(
  moduleOrStateDict: Module | StateDict,
  path: string,
  options: { metadata?: Record<string, string> } = {},
): Promise<void> {
  checkOptions('save', options, ['metadata']);
  // Fails before any tensor is read when there is no file system to write to.
  await nodeFs('save');
  const stateDict = moduleOrStateDict instanceof Module ? moduleOrStateDict.stateDict() : moduleOrStateDict;
  checkStateDict('save', stateDict, options.metadata);
  const named = Object.entries(stateDict);
  // data() rather than dataSync(): backends that read asynchronously can save too.
  const values = await Promise.all(named.map(([, t]: [string, Tensor]) => t.data()));
  const bytes = encodeSafetensors(
    named.map(([name, t], i) => [name, t, values[i]!] as const),
    options.metadata,
  );
  await writeFileAtomic(path, bytes, 'save');
}
