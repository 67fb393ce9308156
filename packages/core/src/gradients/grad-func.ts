import type { TensorInfo } from '../backend/backend.js';
import type { KernelAttrs, KernelInputs, KernelName } from '../backend/kernel-map.js';
import type { DType } from '../dtype.js';
import type { Shape } from '../shape.js';
import type { Tensor } from '../tensor.js';

/**
 * `T` for every input of kernel `K` (`readonly T[]` where the kernel takes a list).
 *
 * @example
 * ```ts
 * const needs: PerInput<'Binary', boolean> = { a: true, b: false };
 * ```
 */
export type PerInput<K extends KernelName, T> = {
  [P in keyof KernelInputs<K>]: KernelInputs<K>[P] extends readonly TensorInfo[] ? readonly T[] : T;
};

/**
 * What a gradient knows of an input without keeping its values: as it was when the op ran.
 *
 * @example
 * ```ts
 * const back: Gradient<'Slice'>['backward'] = (dy, { inputs: { x } }) => ({ x: scatterInto(dy, x.shape) });
 * ```
 */
export interface InputMeta {
  readonly shape: Shape;
  readonly dtype: DType;
  /** Whether the input needs a gradient (skip computing the ones it does not). */
  readonly requiresGrad: boolean;
}

/**
 * The values a gradient declared in {@link Gradient.saves}: only these are kept between the
 * forward pass and `backward()`.
 *
 * @example
 * ```ts
 * const values: SaveList<'Binary'> = { inputs: ['b'] };
 * ```
 */
export interface SaveList<K extends KernelName> {
  readonly inputs?: readonly (keyof KernelInputs<K>)[];
  /** Positions of the kernel's outputs. */
  readonly outputs?: readonly number[];
}

/**
 * What a gradient's `backward` receives besides `dy`.
 *
 * @example
 * ```ts
 * const backward: Gradient<'Unary'>['backward'] = (dy, ctx) => ({ x: dy.mul(ctx.output(0)) });
 * ```
 */
export interface GradContext<K extends KernelName> {
  readonly attrs: KernelAttrs<K>;
  readonly inputs: PerInput<K, InputMeta>;
  /** A saved input's values; throws if `saves` did not list it. */
  saved<P extends keyof KernelInputs<K>>(name: P): PerInput<K, Tensor>[P];
  /** A saved output; throws if `saves` did not list it. */
  output(index: number): Tensor;
}

/**
 * The gradient of kernel `K`: which values it reads (`saves`, given the attributes and which
 * inputs need gradients), and `backward`, which maps the gradient `dy` of the (first) output to
 * the gradients of the inputs by name. Written with ops, so one gradient serves every backend.
 *
 * @example
 * ```ts
 * const neg: Gradient<'Unary'> = { saves: () => ({}), backward: (dy) => ({ x: dy.neg() }) };
 * ```
 */
export interface Gradient<K extends KernelName> {
  readonly saves: (attrs: KernelAttrs<K>, needs: PerInput<K, boolean>) => SaveList<K>;
  readonly backward: (dy: Tensor, ctx: GradContext<K>) => Partial<PerInput<K, Tensor>>;
}

/** @internal The `saves` of a gradient that reads no values. */
export const SAVES_NOTHING = (): Record<string, never> => ({});
