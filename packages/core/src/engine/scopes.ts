import { bytesPerElement } from '../dtype.js';
import type { Tensor } from '../tensor.js';

/**
 * @internal The tensors one `tidy` call or one memory scope owns, released together when it ends.
 * `releasedWhen` completes a released tensor's error message ("was released when ..."); tidy has
 * none, since what it frees was never handed to the caller.
 */
export interface Scope {
  readonly tensors: Set<Tensor>;
  readonly releasedWhen: string | undefined;
}

// tidy calls and memory scopes share one stack: a new tensor belongs to the innermost open one.
// tidy calls always end in the order they began (they are synchronous); memory scopes may span
// `await`, so one may close while a scope opened after it is still open, and leaves from wherever
// it is.
const stack: Scope[] = [];

// Tensors that neither a scope nor keep() accounts for: created outside every scope, or returned
// by an outermost tidy. The count drops on dispose() and keep() but not when the garbage collector
// reclaims one, so it measures what a loop leaves to the collector.
const unowned = new WeakMap<Tensor, number>();
let unownedCount = 0;
let unownedBytes = 0;

/** @internal Opens a scope as the innermost one. */
export function openScope(releasedWhen?: string): Scope {
  const scope: Scope = { tensors: new Set(), releasedWhen };
  stack.push(scope);
  return scope;
}

/** @internal Takes `scope` off the stack (its tensors are the caller's to release). */
export function removeScope(scope: Scope): void {
  const at = stack.lastIndexOf(scope);
  if (at >= 0) stack.splice(at, 1);
}

/** @internal The innermost open scope. */
export function innermostScope(): Scope | undefined {
  return stack[stack.length - 1];
}

/**
 * @internal Gives `t` to `scope`, or with no scope leaves it unowned: new tensors, and what an
 * ending tidy returns.
 */
export function assignTensor(t: Tensor, scope: Scope | undefined): void {
  if (scope !== undefined) {
    scope.tensors.add(t);
  } else if (!unowned.has(t)) {
    const bytes = t.size * bytesPerElement(t.dtype);
    unowned.set(t, bytes);
    unownedCount++;
    unownedBytes += bytes;
  }
}

/**
 * @internal No scope owns `t` from now on, and it no longer counts as unowned: it was disposed,
 * or kept (which exempts it from every scope, open and future, since a tensor joins a scope only
 * when it is created or returned by a tidy inside it).
 */
export function disown(t: Tensor): void {
  for (const s of stack) s.tensors.delete(t);
  const bytes = unowned.get(t);
  if (bytes === undefined) return;
  unowned.delete(t);
  unownedCount--;
  unownedBytes -= bytes;
}

/**
 * @internal Tensors created outside every scope and neither kept nor disposed (collected ones
 * included), and their bytes.
 */
export function unownedTensors(): { count: number; bytes: number } {
  return { count: unownedCount, bytes: unownedBytes };
}
