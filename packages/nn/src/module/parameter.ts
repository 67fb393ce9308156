import { ArgumentError, DTypeError, isFloat, keep, type Tensor } from '@strata/core';
import { argSpec, is, parseArgs, type PyTorchArgs } from './pytorch-args.js';
import { TensorSubclass } from './tensor-subclass.js';

const PARAMETER = argSpec('Parameter', ['data', 'requiresGrad'], 1, { data: is.tensor, requiresGrad: is.boolean });

/**
 * The arguments of {@link Parameter}, as PyTorch's `nn.Parameter(data, requires_grad=True)`.
 *
 * @example
 * ```ts
 * const args: ParameterArgs = [zeros([3]), { requiresGrad: false }];
 * ```
 */
export type ParameterArgs = PyTorchArgs<
  [data: Tensor, requiresGrad?: boolean],
  ['data', 'requiresGrad'],
  { data: Tensor; requiresGrad?: boolean }
>;

/**
 * A tensor that is a module's learnable parameter (`nn.Parameter`): assigned to a module
 * (`this.weight = new Parameter(...)`, a class field, or `conv.weight = new Parameter(k)`), it
 * registers itself and appears in `parameters()` and `stateDict()`. It is a `Tensor` (every op
 * and optimizer takes it) that shares `data`'s values, as a leaf that requires grad unless
 * `requiresGrad` is false; `data` itself is left as it was. Parameters are kept out of `tidy`.
 * Ops on a parameter return plain tensors, as in PyTorch.
 *
 * @example
 * ```ts
 * class Conv2D extends Module {
 *   weight = new Parameter(rand([2, 2]));
 *   bias = new Parameter(zeros([1]));
 *   forward(x: Tensor): Tensor { return corr2d(x, this.weight).add(this.bias); }
 * }
 * new Conv2D().weight instanceof Parameter; // true
 * String(new Parameter(zeros([2]))); // 'Parameter containing:\ntensor([0., 0.], requiresGrad=true)'
 * ```
 */
export class Parameter extends TensorSubclass {
  declare private readonly parameterBrand: never;

  constructor(...args: ParameterArgs) {
    const { data, requiresGrad = true } = parseArgs<{ data: Tensor; requiresGrad?: boolean }>(PARAMETER, args);
    if (requiresGrad && !isFloat(data.dtype)) {
      throw new DTypeError(
        `Parameter: expected a floating-point tensor to learn by gradients, got dtype ${data.dtype}; cast it with .float() or pass requiresGrad false.`,
      );
    }
    super(data.detach());
    this.requiresGrad = requiresGrad;
    keep(this);
  }

  /** Prints as PyTorch: `Parameter containing:` above the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}

/**
 * @internal Makes a plain leaf tensor a {@link Parameter} in place (same object, so references
 * held elsewhere, e.g. by an optimizer, stay valid): what `registerParameter` does with a tensor.
 *
 * @example
 * ```ts
 * const p = adoptAsParameter('registerParameter', 'w', randn([3]));
 * ```
 */
export function adoptAsParameter(fn: string, name: string, t: Tensor): Parameter {
  if (!isFloat(t.dtype)) {
    throw new DTypeError(
      `${fn}: expected a floating-point tensor for '${name}', got dtype ${t.dtype}; parameters are learned by gradients.`,
    );
  }
  if (!t.isLeaf) {
    throw new ArgumentError(
      `${fn}: expected a leaf tensor for '${name}', got the result of an op; pass x.detach() or create it directly.`,
    );
  }
  t._assertAlive();
  t.requiresGrad = true;
  keep(t);
  return Object.setPrototypeOf(t, Parameter.prototype) as Parameter;
}
