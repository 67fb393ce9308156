import { memory } from '../engine/engine.js';

/**
 * Tensors created and never disposed, counting those the garbage collector has since released.
 * Unlike `memory().numTensors` it does not drop when the collector reclaims tensors that earlier
 * code dropped, so a leak check across `await` (where finalizers may run) is exact.
 *
 * @example
 * ```ts
 * const before = undisposedTensors();
 * for await (const [x, y] of loader) dispose([x, y]);
 * expect(undisposedTensors()).toBe(before);
 * ```
 */
export function undisposedTensors(): number {
  const m = memory();
  return m.numTensors + m.numCollected;
}
