import { aliasBase, rebaseOnWrite } from './autograd/alias.js';
import { isGradEnabled } from './autograd/grad-mode.js';
import { recordGrad, watchSaved } from './autograd/record.js';
import { type DType, isFloat } from './dtype.js';
import { makeSnapshot, tidy, writeData } from './engine/engine.js';
import { AutogradError, DTypeError, InPlaceError, ShapeError, StrataError } from './errors.js';
import { cast, clone } from './ops/cast.js';
import { zerosLike } from './ops/creation.js';
import { formatShape, shapesEqual } from './shape.js';
import { Tensor, type TensorLike } from './tensor.js';

/** @internal Whether a result of dtype `from` may be written into a tensor of dtype `to` (PyTorch's `can_cast`). */
export function canCast(from: DType, to: DType): boolean {
  if (isFloat(from)) return isFloat(to);
  return !(from === 'int32' && to === 'bool');
}

/** How errors spell the out-of-place form of an in-place op, where it is not the method `x.op(...)`. */
const OUT_OF_PLACE_FORMS: Record<string, string> = {
  full: 'fullLike(x, value)',
  rand: 'rand(x.shape)',
  randn: 'randn(x.shape)',
  expand: 'source.expand(x.shape)',
};

const outOfPlaceForm = (op: string): string => OUT_OF_PLACE_FORMS[op] ?? `x.${op}(...)`;

/** An error an in-place op's out-of-place computation threw, renamed after the in-place op the user called. */
function renamed(error: unknown, from: string, to: string): unknown {
  if (!(error instanceof StrataError) || !error.message.startsWith(`${from}: `)) return error;
  const Kind = error.constructor as new (message: string) => StrataError;
  return new Kind(`${to}: ${error.message.slice(from.length + 2)}`);
}

/**
 * @internal Runs the in-place op `name` on `self`: computes its out-of-place result into a new buffer
 * and points the tensor's storage (so every alias) at it. Under autograd it is recorded, as
 * PyTorch does: the op ran on a snapshot of the old value, and the tensor takes the result's
 * history.
 */
export function inPlace<T extends Tensor>(
  self: T,
  name: string,
  outOfPlace: string,
  operands: readonly TensorLike[],
  compute: (self: Tensor) => Tensor,
): T {
  self._assertAlive();
  const copy = self._storage.copyOf;
  if (copy !== null) {
    throw new InPlaceError(
      `${name}: expected a tensor that owns its values, got a copy made by ${copy.op}() (PyTorch returns a view there, so the write would reach the tensor it was taken from); write into that tensor instead (x.indexPut_(indices, value) writes a part of it), or clone() the copy to change it alone.`,
    );
  }
  const recording =
    isGradEnabled() && (self.requiresGrad || operands.some((v) => v instanceof Tensor && v.requiresGrad));
  try {
    if (recording) return record(self, name, outOfPlace, compute);
    const result = tidy(() => fitResult(self, name, outOfPlace, compute(self)));
    writeData(self, result, name);
    if (result !== self) result.dispose();
    return self;
  } catch (error) {
    throw renamed(error, outOfPlace, name);
  }
}

function record<T extends Tensor>(self: T, name: string, outOfPlace: string, compute: (self: Tensor) => Tensor): T {
  const fix = `update it inside noGrad(() => ...), or use the out-of-place ${outOfPlaceForm(outOfPlace)}`;
  if (self.isLeaf && self.requiresGrad) {
    throw new AutogradError(
      `${name}: expected a tensor other than a leaf that requires grad while gradients are recorded, got such a leaf (PyTorch: a leaf Variable that requires grad is being used in an in-place operation); ${fix}.`,
    );
  }
  const base = aliasBase(self);
  if (base?.isLeaf && base.requiresGrad) {
    throw new AutogradError(
      `${name}: expected a tensor other than a reshape of a leaf that requires grad while gradients are recorded, got such a reshape (PyTorch: a view of a leaf Variable that requires grad is being used in an in-place operation); ${fix}.`,
    );
  }
  const old = makeSnapshot(self);
  old._gradFn = self._gradFn;
  old._requiresGrad = self.requiresGrad;
  let watched: { result: Tensor; saved: ReadonlySet<Tensor> };
  try {
    watched = watchSaved(() => fitResult(self, name, outOfPlace, compute(old)));
  } catch (error) {
    old.dispose();
    throw error;
  }
  const { result, saved } = watched;
  const out = result === old ? clone(old) : result;
  writeData(self, out, name);
  // A result that needs no gradient (fill_, zero_) still cuts the old value's: give it zeros.
  const node = out._gradFn ?? recordGrad(`${name}Backward`, out, [old], [], (dy) => [zerosLike(dy)]);
  if (node !== null) {
    // The result's place among the saved tensors goes to this tensor, at its new version.
    for (const s of node.saved) {
      if (s.tensor === out) {
        s.tensor = self;
        s.version = self._version;
      }
    }
    self._gradFn = node;
    self._requiresGrad = true;
    if (base !== null) rebaseOnWrite(base, self, node);
  }
  out.dispose();
  if (!saved.has(old)) old.dispose();
  return self;
}

/** `out` checked against this tensor's shape and cast to its dtype where PyTorch allows. */
function fitResult(self: Tensor, name: string, outOfPlace: string, out: Tensor): Tensor {
  if (!shapesEqual(out.shape, self.shape)) {
    throw new ShapeError(
      `${name}: expected a result of this tensor's shape ${formatShape(self.shape)}, got ${formatShape(out.shape)}; the other operand must broadcast to this tensor's shape, or use the out-of-place ${outOfPlaceForm(outOfPlace)}.`,
    );
  }
  if (out.dtype === self.dtype) return out;
  if (!canCast(out.dtype, self.dtype)) {
    throw new DTypeError(
      `${name}: expected a result that can be written into this tensor's dtype ${self.dtype}, got dtype ${out.dtype} (PyTorch: result type can't be cast to the desired output type); use the out-of-place ${outOfPlaceForm(outOfPlace)}, or cast this tensor first.`,
    );
  }
  return cast(out, self.dtype);
}
