import { ArgumentError } from '../errors.js';

// splitmix32 state: each random op draws one 32-bit seed from it, and the kernel expands that
// seed into as many values as it needs with the counter-based generator.
let state = 0x2545f491;

/**
 * Seeds every random op (PyTorch's `torch.manual_seed`): the same seed gives the same numbers,
 * run to run and backend to backend. The state is 32 bits, so a seed is an integer from
 * -2147483648 to 4294967295 (each one distinct); a larger one would silently equal a smaller
 * one and is refused.
 *
 * @example
 * ```ts
 * manualSeed(42); const a = rand([3]);
 * manualSeed(42); const b = rand([3]); // equal to a
 * ```
 */
export function manualSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < -(2 ** 31) || seed >= 2 ** 32) {
    throw new ArgumentError(
      `manualSeed: expected an integer seed from -2147483648 to 4294967295 (32 bits), got ${seed}; a larger seed would equal a smaller one.`,
    );
  }
  state = seed | 0;
}

/**
 * The next 32-bit seed for a random kernel.
 *
 * @example
 * ```ts
 * const seed = nextSeed();
 * ```
 */
export function nextSeed(): number {
  state = (state + 0x9e3779b9) | 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The state of the random stream (PyTorch's `torch.get_rng_state`): a checkpoint stores it so
 * that a resumed run draws the same numbers as an uninterrupted one.
 *
 * @example
 * ```ts
 * const saved = getRngState();
 * const a = rand([3]);
 * setRngState(saved);
 * const b = rand([3]); // equal to a
 * ```
 */
export function getRngState(): number {
  return state;
}

/**
 * Restores a state from {@link getRngState} (PyTorch's `torch.set_rng_state`).
 *
 * @example
 * ```ts
 * setRngState(checkpoint.rngState);
 * ```
 */
export function setRngState(saved: number): void {
  if (!Number.isInteger(saved) || saved < -2147483648 || saved > 2147483647) {
    throw new ArgumentError(`setRngState: expected a 32-bit integer from getRngState(), got ${String(saved)}.`);
  }
  state = saved;
}
