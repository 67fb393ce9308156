import { Tensor } from '@strata/core';

/**
 * @internal The base of nn's tensor subclasses ({@link Parameter}, {@link Buffer}). Only core's
 * engine creates tensors (it tracks their memory), so instead of constructing one, `super(t)`
 * makes the existing tensor `t` the new instance: a base constructor that returns an object
 * replaces `this`, and `t`'s prototype becomes the subclass's. `t` keeps its data and engine
 * bookkeeping and passes `instanceof Tensor` as well as `instanceof Parameter`.
 *
 * @example
 * ```ts
 * class Parameter extends TensorSubclass { constructor(data: Tensor) { super(data.detach()); } }
 * ```
 */
export const TensorSubclass = function TensorSubclass(this: unknown, t: Tensor): Tensor {
  return Object.setPrototypeOf(t, new.target.prototype) as Tensor;
} as unknown as abstract new (
  t: Tensor,
) => Tensor;
TensorSubclass.prototype = Tensor.prototype;
