/**
 * How `Pad` and `RandomCrop` fill the border (torchvision's `padding_mode`). A row `1 2 3`
 * padded by 2 on both sides becomes `0 0 1 2 3 0 0` with `'constant'` (fill 0), `1 1 1 2 3 3 3`
 * with `'edge'`, `3 2 1 2 3 2 1` with `'reflect'` (mirrored about the edge pixel) and
 * `2 1 1 2 3 3 2` with `'symmetric'` (mirrored including it).
 *
 * @example
 * ```ts
 * const mode: PaddingMode = 'reflect';
 * new Pad(4, { paddingMode: mode });
 * ```
 */
export type PaddingMode = 'constant' | 'edge' | 'reflect' | 'symmetric';

/**
 * The padding modes, for validation and error messages.
 *
 * @example
 * ```ts
 * PADDING_MODES.includes('edge'); // true
 * ```
 */
export const PADDING_MODES: readonly PaddingMode[] = ['constant', 'edge', 'reflect', 'symmetric'];
