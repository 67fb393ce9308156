import { isGradEnabled } from '../autograd/grad-mode.js';
import { runKernel } from '../autograd/run-kernel.js';
import { hasFusedKernel } from '../backend/registry.js';
import { checkOptions } from '../check-options.js';
import { Expr } from '../elementwise/expr.js';
import { elementwiseLayout } from '../elementwise/layout.js';
import { runElementwise } from '../elementwise/run-elementwise.js';
import { commonBackend, markWritten, ownsBuffer, tidy, writeData } from '../engine/engine.js';
import { ArgumentError, AutogradError, DTypeError, InPlaceError, ShapeError } from '../errors.js';
import { broadcastShapes, formatShape, shapesEqual } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor.js';
import { canCast } from '../tensor-in-place.js';
import { assertOwnLeaves, type ElementwiseOptions } from './elementwise.js';
import { elementwiseOperands } from './elementwise-operands.js';

/**
 * Updates several tensors of one shape in place in a single pass: `build` receives one
 * {@link Expr} per target (its value before the update) and then one per input (tensors
 * broadcast to the targets' shape, numbers as weak scalars, promoted as {@link elementwise}
 * promotes them) and returns one expression per target, each written into its target in that
 * target's dtype. Every expression reads the values from before the update, so an optimizer
 * step that updates a parameter and its state tensors reads the gradient once and allocates
 * nothing; each step rounds as the separate ops would, so the values equal those of one
 * `elementwise` per target bit for bit on the CPU.
 *
 * It records no gradient: run it inside `noGrad` when a tensor involved requires grad (as
 * PyTorch refuses an in-place write to a leaf that requires grad). Targets must be distinct
 * buffers and may be read only as themselves (an input sharing a target's values must be that
 * tensor, or a reshape of it to the same shape); targets that share their values with another
 * tensor (after `copy_`, or kept by autograd) are given new buffers, as other in-place ops give.
 * On a backend without the `ElementwiseInPlace` kernel, each target's expression runs as one
 * `elementwise` and the targets take the results.
 *
 * @example
 * ```ts
 * // SGD with momentum: the buffer and the parameter in one pass
 * noGrad(() =>
 *   elementwiseInPlace([buf, p], [p.grad!], (b, w, g) => {
 *     const b2 = b.mul(0.9).add(g);
 *     return [b2, w.add(b2.mul(-0.1))];
 *   }),
 * );
 * ```
 */
export function elementwiseInPlace<T extends readonly Tensor[]>(
  targets: T,
  inputs: readonly TensorLike[],
  build: (...operands: Expr[]) => readonly Expr[],
  options: ElementwiseOptions = {},
): T {
  checkOptions('elementwiseInPlace', options, ['name']);
  const name = options.name ?? 'elementwiseInPlace';
  if (!Array.isArray(targets) || targets.length === 0 || !targets.every((t) => t instanceof Tensor)) {
    throw new ArgumentError(
      `${name}: expected a non-empty array of target tensors, got ${Array.isArray(targets) ? `[${targets.map((t) => (t instanceof Tensor ? 'Tensor' : typeof t)).join(', ')}]` : typeof targets}; pass [p, state, ...].`,
    );
  }
  if (!Array.isArray(inputs)) {
    throw new ArgumentError(`${name}: expected an array of inputs, got ${typeof inputs}; pass [g, ...] or [].`);
  }
  if (typeof build !== 'function') {
    throw new ArgumentError(`${name}: expected a function building one expression per target, got ${typeof build}.`);
  }
  const shape = targets[0]!.shape;
  targets.forEach((t, j) => {
    t._assertAlive();
    const copy = t._storage.copyOf;
    if (copy !== null) {
      throw new InPlaceError(
        `${name}: expected targets that own their values, got target ${j}, a copy made by ${copy.op}(); write into the tensor it was taken from, or clone() it.`,
      );
    }
    if (!shapesEqual(t.shape, shape)) {
      throw new ShapeError(
        `${name}: expected targets of one shape, got ${formatShape(shape)} (target 0) and ${formatShape(t.shape)} (target ${j}); update tensors of different shapes in separate calls.`,
      );
    }
    for (let i = 0; i < j; i++) {
      if (targets[i]!._dataId === t._dataId) {
        throw new InPlaceError(
          `${name}: expected targets that do not overlap, got targets ${i} and ${j} on the same values; pass each tensor once.`,
        );
      }
    }
  });
  assertNoGradient(name, targets, inputs);
  const { tensors, exprs } = elementwiseOperands(name, [...targets, ...inputs]);
  for (const t of tensors) assertExactOverlap(name, t, targets);
  const broadcast = broadcastShapes(name, ...tensors.map((t) => t.shape));
  if (!shapesEqual(broadcast, shape)) {
    throw new ShapeError(
      `${name}: expected inputs that broadcast to the targets' shape ${formatShape(shape)}, got inputs that broadcast to ${formatShape(broadcast)}; the targets are written in place, so their shape cannot grow.`,
    );
  }
  const results = build(...exprs);
  if (!Array.isArray(results) || results.length !== targets.length || !results.every((e) => e instanceof Expr)) {
    throw new ArgumentError(
      `${name}: expected the function to return an array of ${targets.length} Expr (one per target), got ${Array.isArray(results) ? `an array of ${results.length}` : typeof results}; return e.g. [m.mul(0.9).add(g), ...].`,
    );
  }
  const written = results.map((e, j) => {
    assertOwnLeaves(name, e, exprs);
    const dtype = targets[j]!.dtype;
    if (!canCast(e.dtype, dtype)) {
      throw new DTypeError(
        `${name}: expected an expression that can be written into target ${j}'s dtype ${dtype}, got dtype ${e.dtype}; cast it with .cast('${dtype}') where that is meant.`,
      );
    }
    return e.cast(dtype);
  });
  const backend = commonBackend(name, tensors)!;
  if (hasFusedKernel(backend, 'ElementwiseInPlace') && targets.every(ownsBuffer)) {
    const layout = elementwiseLayout(
      tensors.map((t) => t.shape),
      shape,
    );
    runKernel(
      'ElementwiseInPlace',
      { xs: tensors },
      { name, exprs: written, targets: targets.map((t) => tensors.indexOf(t)), layout },
    );
    for (const t of targets) markWritten(t, name);
    return targets;
  }
  // Every result is computed before any target takes its own, so each reads the old values.
  const values = tidy(() => written.map((e) => runElementwise(name, tensors, e)));
  targets.forEach((t, j) => {
    writeData(t, values[j]!, name);
    values[j]!.dispose();
  });
  return targets;
}

/** An in-place update records no gradient, so no tensor it involves may require one while gradients are recorded. */
function assertNoGradient(name: string, targets: readonly Tensor[], inputs: readonly TensorLike[]): void {
  if (!isGradEnabled()) return;
  const j = targets.findIndex((t) => t.requiresGrad);
  if (j >= 0) {
    throw new AutogradError(
      `${name}: expected targets that do not require grad while gradients are recorded, got target ${j}, which requires grad (PyTorch: a leaf Variable that requires grad is being used in an in-place operation); run the update inside noGrad(() => ...).`,
    );
  }
  const i = inputs.findIndex((v) => v instanceof Tensor && v.requiresGrad);
  if (i >= 0) {
    throw new AutogradError(
      `${name}: expected inputs that do not require grad while gradients are recorded (the update records no gradient), got input ${i}, which requires grad; run the update inside noGrad(() => ...), or detach() the input.`,
    );
  }
}

/** An input may share a target's values only element for element: the same shape and dtype. */
function assertExactOverlap(name: string, input: Tensor, targets: readonly Tensor[]): void {
  targets.forEach((t, j) => {
    if (input === t || input._dataId !== t._dataId) return;
    if (!shapesEqual(input.shape, t.shape) || input.dtype !== t.dtype) {
      throw new InPlaceError(
        `${name}: expected inputs that overlap a target only element for element, got an input of shape ${formatShape(input.shape)} and dtype ${input.dtype} on the values of target ${j} (shape ${formatShape(t.shape)}, dtype ${t.dtype}); clone() the input first.`,
      );
    }
  });
}
