import cropPadJson from './crop-pad.json' with { type: 'json' };
import type { GoldenFile, GoldenImage } from './golden.js';

/**
 * A case of `crop-pad.json`: torchvision's `center_crop`, `pad`, or RandomCrop's pad-then-crop
 * at a fixed `top`/`left`.
 *
 * @example
 * ```ts
 * const pads = cropPadCases('Pad');
 * ```
 */
export interface CropPadCase {
  name: string;
  op: 'CenterCrop' | 'Pad' | 'RandomCrop';
  input: string;
  size?: number | [number, number];
  padding?: number | [number, number] | [number, number, number, number] | null;
  padIfNeeded?: boolean;
  fill?: number;
  paddingMode?: 'constant' | 'edge' | 'reflect' | 'symmetric';
  top?: number;
  left?: number;
  output: GoldenImage;
}

/**
 * The fixture file of crop and pad cases.
 *
 * @example
 * ```ts
 * const input = toImage(cropPadFile.images[c.input]!);
 * ```
 */
export const cropPadFile = cropPadJson as unknown as GoldenFile<CropPadCase>;

/**
 * The cases of one transform, as `[name, case]` rows for `it.each`.
 *
 * @example
 * ```ts
 * it.each(cropPadCases('CenterCrop'))('%s', (_name, c) => { ... });
 * ```
 */
export function cropPadCases(op: CropPadCase['op']): (readonly [string, CropPadCase])[] {
  return cropPadFile.cases.filter((c) => c.op === op).map((c) => [c.name, c] as const);
}
