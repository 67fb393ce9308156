/**
 * The version of this copy of `@strata/core`, as in its package.json (`pnpm version-packages`
 * keeps the two in step).
 *
 * @example
 * ```ts
 * console.log(`@strata/core ${VERSION}`);
 * ```
 */
export const VERSION = '0.0.0';
