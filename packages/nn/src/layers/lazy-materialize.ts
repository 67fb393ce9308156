import type { DType, Tensor } from '@strata/core';
import type { Module } from '../module/module.js';

/**
 * @internal A state-dict tensor in the dtype the lazy layer was asked for, as `copy_` casts
 * into an existing parameter; the uncast copy is freed.
 *
 * @example
 * ```ts
 * super.setTensor(kind, name, inDType(t, 'float32'));
 * ```
 */
export function inDType(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const cast = t.cast(dtype);
  t.dispose();
  return cast;
}

/**
 * @internal Turns a materialised lazy layer into an instance of its concrete class, as
 * PyTorch's `cls_to_become`: from then on it prints, behaves and tests (`instanceof`,
 * `constructor`) as that class. The lazy layer holds the same fields as the concrete one, so
 * only the prototype changes.
 *
 * @example
 * ```ts
 * become(this, Linear);
 * ```
 */
export function become(layer: Module, concrete: { readonly prototype: Module }): void {
  Object.setPrototypeOf(layer, concrete.prototype);
}
