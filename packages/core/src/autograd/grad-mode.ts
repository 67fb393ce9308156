import { disposeKey } from '../engine/dispose-key.js';
import { StrataError } from '../errors.js';

// Open scopes, innermost last; noGrad(fn) and enableGrad(fn) open one for the duration of fn.
const open: GradModeScope[] = [];

/**
 * A scope that sets whether ops record the graph until it closes (PyTorch's
 * `with torch.no_grad():` and `with torch.enable_grad():`), across `await` too. The innermost
 * open scope decides; closing one restores what the scopes still open say (recording, when
 * none is). Open one with {@link noGradScope} or {@link enableGradScope}.
 *
 * @example
 * ```ts
 * {
 *   using _ = noGradScope();
 *   for await (const [X, y] of testLoader) correct += net.forward(X).argmax(1).eq(y).sum().item() as number;
 * }
 * ```
 */
export class GradModeScope {
  /** Whether ops record the graph while this scope is the innermost one. */
  readonly enabled: boolean;
  #closed = false;

  /** @internal Use {@link noGradScope} or {@link enableGradScope}. */
  constructor(enabled: boolean) {
    this.enabled = enabled;
    open.push(this);
  }

  /** Whether `close()` was called. */
  get isClosed(): boolean {
    return this.#closed;
  }

  /**
   * Ends the scope; closing twice does nothing. A scope may be closed while scopes opened after it
   * are still open: they keep deciding.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    open.splice(open.lastIndexOf(this), 1);
  }

  /** `close()`, for `using`. */
  [disposeKey](): void {
    this.close();
  }
}

/**
 * Whether ops record the graph for `backward()` right now.
 *
 * @example
 * ```ts
 * noGrad(() => isGradEnabled()); // false
 * ```
 */
export function isGradEnabled(): boolean {
  return open[open.length - 1]?.enabled ?? true;
}

function withGradMode<T>(name: string, alternative: string, enabled: boolean, fn: () => T): T {
  const scope = new GradModeScope(enabled);
  let result: T;
  try {
    result = fn();
  } finally {
    scope.close();
  }
  if (result instanceof Promise) {
    throw new StrataError(
      `${name}: expected a synchronous function, got one that returned a Promise; the mode would end at its first await. Open a scope that holds across await instead: { using _ = ${alternative}(); await ... } (or const scope = ${alternative}(); try { await ... } finally { scope.close(); }).`,
    );
  }
  return result;
}

/**
 * Runs `fn` without recording gradients (PyTorch's `torch.no_grad()`): parameter updates,
 * evaluation. `fn` must be synchronous; around `await` (a `for await` evaluation loop) use
 * {@link noGradScope}.
 *
 * @example
 * ```ts
 * noGrad(() => w.sub_(w.grad!.mul(0.1)));
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', 'noGradScope', false, fn);
}

/**
 * Runs `fn` with gradient recording on, even inside `noGrad`. `fn` must be synchronous; around
 * `await` use {@link enableGradScope}.
 *
 * @example
 * ```ts
 * noGrad(() => enableGrad(() => x.mul(2))).requiresGrad; // true when x requires grad
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', 'enableGradScope', true, fn);
}

/**
 * Turns gradient recording off until the returned scope closes, across `await` too: PyTorch's
 * `with torch.no_grad():`. Close it with `using` or, in plain JavaScript, `close()` in a
 * `finally`.
 *
 * @example
 * ```ts
 * async function accuracy(net: Module, loader: DataLoader): Promise<number> {
 *   using _ = noGradScope();
 *   let correct = 0;
 *   for await (const [X, y] of loader) correct += net.forward(X).argmax(1).eq(y).sum().item() as number;
 *   return correct / loader.dataset.length;
 * }
 * // plain JavaScript:
 * const scope = noGradScope();
 * try { for await (const [X, y] of loader) out.push(net.forward(X).argmax(1).toArray()); } finally { scope.close(); }
 * ```
 */
export function noGradScope(): GradModeScope {
  return new GradModeScope(false);
}

/**
 * Turns gradient recording on until the returned scope closes, even inside `noGrad` or a
 * {@link noGradScope}: PyTorch's `with torch.enable_grad():`.
 *
 * @example
 * ```ts
 * using _ = noGradScope();
 * {
 *   using _grad = enableGradScope();
 *   x.mul(2).requiresGrad; // true when x requires grad
 * }
 * ```
 */
export function enableGradScope(): GradModeScope {
  return new GradModeScope(true);
}
