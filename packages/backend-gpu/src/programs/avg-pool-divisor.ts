import type { AvgPool2dAttrs, Pool2dInfo } from '@strata/core';
import { num } from './index-math.js';

/**
 * The shader twin of core's `avgPoolDivisor`: statements setting `div` for the window at output
 * position (`oh`, `ow`), given as expressions.
 *
 * @example
 * ```ts
 * avgPoolDivisorSource(info, attrs, 'c2', 'c3');
 * ```
 */
export function avgPoolDivisorSource(info: Pool2dInfo, attrs: AvgPool2dAttrs, oh: string, ow: string): string {
  if (attrs.divisorOverride !== null) return `let div = ${num(attrs.divisorOverride)};`;
  const lines = [
    `let hs = ${oh} * ${num(info.strideHeight)} - ${num(info.padHeight)};`,
    `let ws = ${ow} * ${num(info.strideWidth)} - ${num(info.padWidth)};`,
    `let he = Math.min(hs + ${num(info.kernelHeight)}, ${num(info.inHeight + info.padHeight)});`,
    `let we = Math.min(ws + ${num(info.kernelWidth)}, ${num(info.inWidth + info.padWidth)});`,
  ];
  lines.push(
    attrs.countIncludePad
      ? 'let div = (he - hs) * (we - ws);'
      : `let div = (Math.min(he, ${num(info.inHeight)}) - Math.max(hs, 0.0)) * (Math.min(we, ${num(info.inWidth)}) - Math.max(ws, 0.0));`,
  );
  return lines.join('\n');
}
