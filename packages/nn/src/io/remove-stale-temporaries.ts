import { nodeFs } from './node-fs.js';
import { isTemporaryPath } from './temporary-path.js';

/**
 * Removes the temporary files that `writeFileAtomic` left in `dir` when its process was killed
 * or crashed mid-write (an error removes its own), and returns their names. Call it only while
 * nothing else writes into `dir` (a run directory whose lock you hold), since a write in
 * progress has a temporary file too. Node only.
 *
 * @example
 * ```ts
 * await removeStaleTemporaries('runs/a'); // ['last.safetensors.tmp-4242-k3j2h1g0']
 * ```
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const fs = await nodeFs('removeStaleTemporaries');
  const removed: string[] = [];
  for (const name of await fs.readdir(dir)) {
    if (!isTemporaryPath(name)) continue;
    await fs.rm(`${dir}/${name}`, { force: true });
    removed.push(name);
  }
  return removed;
}
