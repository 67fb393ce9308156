import { disposeKey } from './dispose-key.js';
import { disposeTensor } from './engine.js';
import { openScope, removeScope, type Scope } from './scopes.js';

/**
 * The end of a released tensor's error message: when it was released and what to do instead.
 *
 * @internal
 */
export function releaseReason(when: string, where: string): string {
  return `released when ${when}; to use it after that, keep(t) it ${where}, or read its value there with .item() / .toArray()`;
}

/**
 * A memory scope: every tensor created while it is the innermost open scope belongs to it, and
 * `close()` releases them all, except those passed to `keep`. Unlike `tidy` it may span `await`,
 * so it serves loops that `for await` or `await` between steps. A `tidy` inside it hands what it
 * returns to the scope; a scope opened inside it owns its own tensors. A released leaf's `.grad`
 * is released with it. Using a released tensor throws a `DisposedError` that says it was
 * released by a scope.
 *
 * Open one with {@link memoryScope}; `for await` over a `DataLoader` and {@link scoped} open
 * one per iteration for you.
 *
 * @example
 * ```ts
 * for (let step = 0; step < 1000; step++) {
 *   using _ = memoryScope(); // released at the end of each iteration
 *   const loss = lossFn.forward(net.forward(X), y);
 *   optimizer.zeroGrad();
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class MemoryScope {
  readonly #scope: Scope;
  #closed = false;

  /** @internal Use {@link memoryScope}. */
  constructor(releasedWhen: string) {
    this.#scope = openScope(releasedWhen);
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Releases every tensor the scope owns (and their gradients), except kept ones; closing twice
   * does nothing. A scope may be closed while scopes opened after it are still open.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    removeScope(this.#scope);
    const { tensors, releasedWhen } = this.#scope;
    for (const t of tensors) {
      // A gradient is kept when backward() creates it; it lives as long as its leaf.
      const grad = t.grad;
      disposeTensor(t, releasedWhen);
      if (grad !== null) disposeTensor(grad, releasedWhen);
    }
    tensors.clear();
  }

  /** `close()`, for `using`. */
  [disposeKey](): void {
    this.close();
  }
}

/**
 * Opens a {@link MemoryScope}: the tensors created until it closes (across `await` too) are
 * released when it does, except those passed to `keep`. With `using`, it closes at the end of
 * the block; without (plain JavaScript on runtimes that cannot parse `using`), call `close()` in
 * a `finally`. Loops over a `DataLoader` or {@link scoped} need none.
 *
 * @example
 * ```ts
 * const scope = memoryScope();
 * try {
 *   const loss = lossFn.forward(net.forward(X), y);
 *   loss.backward();
 *   await log(loss.item());
 * } finally {
 *   scope.close(); // releases the output, the loss and the graph
 * }
 * ```
 */
export function memoryScope(): MemoryScope {
  return new MemoryScope(releaseReason('its memoryScope() closed', 'inside the scope'));
}
