/**
 * The base class of every error strata throws on purpose. Messages follow the house form
 * `<op>: expected <contract>, got <actual>.` followed by the fix when there is one.
 *
 * @example
 * ```ts
 * try { tensor([1, 2]).reshape([3]); } catch (e) { if (e instanceof StrataError) console.log(e.name); }
 * ```
 */
export class StrataError extends Error {
  override readonly name: string = 'StrataError';
}

/**
 * A tensor had the wrong rank or shape, or two shapes could not be broadcast together.
 *
 * @example
 * ```ts
 * try { corr2d(zeros([6, 8, 1]), zeros([1, 2])); } catch (e) { console.log(e instanceof ShapeError); }
 * ```
 */
export class ShapeError extends StrataError {
  override readonly name = 'ShapeError';
}

/**
 * A tensor had a dtype the operation does not accept, or a backend cannot hold.
 *
 * @example
 * ```ts
 * try { argmax(tensor([true, false])); } catch (e) { console.log(e instanceof DTypeError); }
 * ```
 */
export class DTypeError extends StrataError {
  override readonly name = 'DTypeError';
}

/**
 * An argument other than a tensor was out of range or of the wrong kind (a negative stride, an
 * unknown reduction, ...).
 *
 * @example
 * ```ts
 * try { conv2d(x, w, undefined, { stride: 0 }); } catch (e) { console.log(e instanceof ArgumentError); }
 * ```
 */
export class ArgumentError extends StrataError {
  override readonly name = 'ArgumentError';
}

/**
 * An operation mixed tensors living on different backends.
 *
 * @example
 * ```ts
 * try { a.add(b.to('gpu')); } catch (e) { console.log(e instanceof BackendMismatchError); }
 * ```
 */
export class BackendMismatchError extends StrataError {
  override readonly name = 'BackendMismatchError';
}

/**
 * A backend was asked to run a kernel it does not implement, or a backend name is unknown.
 *
 * @example
 * ```ts
 * try { setBackend('tpu'); } catch (e) { console.log(e instanceof KernelNotFoundError); }
 * ```
 */
export class KernelNotFoundError extends StrataError {
  override readonly name = 'KernelNotFoundError';
}

/**
 * A tensor was used after `dispose()`, or autograd found a saved tensor freed or modified.
 *
 * @example
 * ```ts
 * const t = ones([2]); t.dispose();
 * try { t.toArray(); } catch (e) { console.log(e instanceof DisposedError); }
 * ```
 */
export class DisposedError extends StrataError {
  override readonly name = 'DisposedError';
}

/**
 * Autograd could not compute what was asked (backward twice through a freed graph, a
 * non-scalar output without a gradient, a saved tensor changed in place).
 *
 * @example
 * ```ts
 * try { ones([2], { requiresGrad: true }).mul(2).backward(); } catch (e) { console.log(e instanceof AutogradError); }
 * ```
 */
export class AutogradError extends StrataError {
  override readonly name = 'AutogradError';
}

/**
 * An index was out of range, malformed, or more than a tensor has dimensions (PyTorch's
 * `IndexError`).
 *
 * @example
 * ```ts
 * try { zeros([2, 3]).index(5); } catch (e) { console.log(e instanceof IndexError); }
 * ```
 */
export class IndexError extends StrataError {
  override readonly name = 'IndexError';
}

/**
 * An in-place write, or a read, that a copy standing for a PyTorch view cannot honour: strata
 * returns copies where PyTorch returns views (`x.t()`, `x.index(0)`), and refuses to let them
 * differ from what the view would hold.
 *
 * @example
 * ```ts
 * try { x.index(0).add_(1); } catch (e) { console.log(e instanceof InPlaceError); } // use x.indexPut_(0, ...)
 * ```
 */
export class InPlaceError extends StrataError {
  override readonly name = 'InPlaceError';
}
