/**
 * How a geometric transform samples between pixels (torchvision's `InterpolationMode.BILINEAR`
 * and `InterpolationMode.NEAREST`).
 *
 * @example
 * ```ts
 * const mode: InterpolationMode = 'nearest';
 * new Resize(224, { interpolation: mode });
 * ```
 */
export type InterpolationMode = 'bilinear' | 'nearest';

/**
 * The interpolation modes, for validation and error messages.
 *
 * @example
 * ```ts
 * INTERPOLATION_MODES.includes('bilinear'); // true
 * ```
 */
export const INTERPOLATION_MODES: readonly InterpolationMode[] = ['bilinear', 'nearest'];
