import { arch, availableParallelism, cpus, platform } from 'node:os';
import type { MachineInfo } from './report.js';

/**
 * The CPU model, core count, Node version and platform of this machine.
 *
 * @example
 * ```ts
 * machineInfo().cores; // 2
 * ```
 */
export function machineInfo(): MachineInfo {
  return { cpu: cpus()[0]?.model.trim() ?? 'unknown', cores: availableParallelism(), node: process.version, platform: `${platform()} ${arch()}` };
}
