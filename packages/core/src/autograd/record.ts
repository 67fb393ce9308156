import type { Tensor } from '../tensor.js';
import { isGradEnabled } from './grad-mode.js';

/**
 * @internal Attaches a backward closure to `output` when gradients are on and some input needs
 * one. `saved` lists the tensors the closure reads, so that autograd can detect that one was
 * changed in place or disposed before `backward()`.
 */
export function recordGrad(
  name: string,
  output: Tensor,
  inputs: readonly Tensor[],
  saved: readonly Tensor[],
  backward: (dy: Tensor) => readonly (Tensor | null)[],
): void {
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return;
  output._gradFn = {
    name,
    inputs,
    saved,
    savedVersions: saved.map((t) => t._version),
    backward,
  };
  output._requiresGrad = true;
}
