import { execFileSync } from 'node:child_process';
import { arch, availableParallelism, cpus, loadavg, platform } from 'node:os';
import type { MachineInfo } from './report.js';

/**
 * The CPU model, core count, Node version, platform and current load of this machine.
 *
 * @example
 * ```ts
 * machineInfo().cores; // 2
 * ```
 */
export function machineInfo(): MachineInfo {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    node: process.version,
    platform: `${platform()} ${arch()}`,
    loadAverage: Number(loadavg()[0]!.toFixed(2)),
  };
}

/**
 * The short hash of the git commit checked out in `dir`, with `+changes` when the tree differs
 * from it, or `unknown` outside a git checkout.
 *
 * @example
 * ```ts
 * gitCommit(process.cwd()); // '1f49961'
 * ```
 */
export function gitCommit(dir: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') === '' ? '' : '+changes'}`;
  } catch {
    return 'unknown';
  }
}
