/**
 * Rounds to the nearest integer, ties to even: Python's `round()` (used by torchvision's
 * `center_crop`) and `torch.round`.
 *
 * @example
 * ```ts
 * roundHalfEven(2.5); // 2
 * roundHalfEven(3.5); // 4
 * ```
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
