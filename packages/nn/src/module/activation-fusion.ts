import type { FusedActivation, Tensor } from '@strata/core';

type ActivatedForward = (layer: never, x: Tensor, activation: FusedActivation) => Tensor;

// Keyed by `forward` functions, not classes: a subclass that overrides `forward` has its own
// function and is never fused, so its override always runs.
const fusing = new WeakMap<object, ActivatedForward>();
const activations = new WeakMap<object, FusedActivation>();

/**
 * @internal Registers a layer class (a convolution, a linear layer, batch norm) whose kernel can
 * also apply the activation that follows it: `forwardActivated(layer, x, a)` is
 * `a(layer.forward(x))` in one kernel.
 */
export function fusesActivation<L extends { forward: object }>(
  layer: { prototype: L },
  forwardActivated: (layer: L, x: Tensor, activation: FusedActivation) => Tensor,
): void {
  fusing.set(layer.prototype.forward, forwardActivated as ActivatedForward);
}

/** @internal Registers an activation layer class as applying `activation` and nothing else. */
export function appliesActivation(layer: { prototype: { forward: object } }, activation: FusedActivation): void {
  activations.set(layer.prototype.forward, activation);
}

/**
 * @internal `layer` and then `next` as one forward function where `layer`'s kernel can apply
 * the activation `next` applies (as `nn.Sequential` runs them), or `undefined`.
 */
export function fusedForward<T extends { forward: object }>(
  layer: T,
  next: { forward: object },
): ((x: Tensor) => Tensor) | undefined {
  const forwardActivated = fusing.get(layer.forward) as
    | ((layer: T, x: Tensor, a: FusedActivation) => Tensor)
    | undefined;
  const activation = activations.get(next.forward);
  return forwardActivated && activation && ((x) => forwardActivated(layer, x, activation));
}
