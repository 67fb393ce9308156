/**
 * The outputs `[start, end)` along one axis whose tap `o * stride + offset` lands inside
 * `[0, size)`; computed once per filter tap so the copy loops carry no bounds tests.
 *
 * @example
 * ```ts
 * validRange(-1, 1, 4, 4); // [1, 4]
 * ```
 */
export function validRange(offset: number, stride: number, size: number, outSize: number): [number, number] {
  const start = Math.min(outSize, Math.max(0, Math.ceil(-offset / stride)));
  const end = Math.min(outSize, Math.max(start, Math.ceil((size - offset) / stride)));
  return [start, end];
}
