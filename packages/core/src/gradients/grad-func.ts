import type { KernelAttrs, KernelInputs, KernelName, PerInput, TensorSpec } from '../backend/kernel-map.js';
import type { Tensor } from '../tensor.js';

/**
 * What a gradient knows of an input without keeping its values: as it was when the op ran.
 *
 * @example
 * ```ts
 * const back: Gradient<'Slice'>['backward'] = (dy, { inputs: { x } }) => ({ x: scatterInto(dy, x.shape) });
 * ```
 */
export interface InputMeta extends TensorSpec {
  /** Whether the input needs a gradient (skip computing the ones it does not). */
  readonly requiresGrad: boolean;
}

/**
 * An input a gradient keeps: a named input, or one element of a list input (`['xs', 1]`).
 *
 * @example
 * ```ts
 * const kept: SavedInput<'Elementwise'> = ['xs', 0];
 * ```
 */
export type SavedInput<K extends KernelName> = keyof KernelInputs<K> | readonly [keyof KernelInputs<K>, number];

/**
 * The values a gradient declared in {@link Gradient.saves}: only these are kept between the
 * forward pass and `backward()`.
 *
 * @example
 * ```ts
 * const values: SaveList<'MatMul'> = { inputs: ['b'] };
 * ```
 */
export interface SaveList<K extends KernelName> {
  readonly inputs?: readonly SavedInput<K>[];
  /** Positions of the kernel's outputs. */
  readonly outputs?: readonly number[];
}

/**
 * What a gradient's `backward` receives besides `dy`.
 *
 * @example
 * ```ts
 * const backward: Gradient<'MatMul'>['backward'] = (dy, ctx) => ({ a: dy.matmul(ctx.saved('b')) });
 * ```
 */
export interface GradContext<K extends KernelName> {
  readonly attrs: KernelAttrs<K>;
  readonly inputs: PerInput<K, InputMeta>;
  /** A saved input's values; throws if `saves` did not list it. */
  saved<P extends keyof KernelInputs<K>>(name: P): PerInput<K, Tensor>[P];
  /** One saved element of a list input; throws if `saves` did not list it. */
  savedAt(name: keyof KernelInputs<K>, index: number): Tensor;
  /** A saved output; throws if `saves` did not list it. */
  output(index: number): Tensor;
}

/**
 * The gradient of kernel `K`: which values it reads (`saves`, given the attributes and which
 * inputs need gradients), and `backward`, which maps the gradient `dy` of the (first) output to
 * the gradients of the inputs by name (`null` or absent where none flows). Written with ops, so
 * one gradient serves every backend.
 *
 * @example
 * ```ts
 * const transpose: Gradient<'Transpose'> = { saves: () => ({}), backward: (dy, { attrs }) => ({ x: dy.permute(inverse(attrs.perm)) }) };
 * ```
 */
export interface Gradient<K extends KernelName> {
  readonly saves: (attrs: KernelAttrs<K>, needs: PerInput<K, boolean>) => SaveList<K>;
  readonly backward: (dy: Tensor, ctx: GradContext<K>) => Partial<PerInput<K, Tensor | null>>;
}

/** @internal The `saves` of a gradient that reads no values. */
export const SAVES_NOTHING = (): Record<string, never> => ({});
