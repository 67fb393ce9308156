import { ArgumentError } from '../errors.js';
import { MemoryScope, releaseReason } from './memory-scope.js';
import { checkOptions, optionKeys } from '../check-options.js';

/**
 * Options of {@link scoped}: how a released tensor's error names the loop.
 *
 * @example
 * ```ts
 * const options: ScopedOptions = { name: 'the CSV reader', item: 'row' };
 * ```
 */
export interface ScopedOptions {
  /** What the loop iterates, as the error names it; `scoped(...)` by default. */
  name?: string;
  /** What one item is called; `item` by default. */
  item?: string;
}

function* scopedSync<T>(source: Iterable<T>, releasedWhen: string): Generator<T, void, undefined> {
  let scope = new MemoryScope(releasedWhen);
  try {
    for (const item of source) {
      yield item;
      scope.close();
      scope = new MemoryScope(releasedWhen);
    }
  } finally {
    scope.close();
  }
}

async function* scopedAsync<T>(source: AsyncIterable<T>, releasedWhen: string): AsyncGenerator<T, void, undefined> {
  let scope = new MemoryScope(releasedWhen);
  try {
    for await (const item of source) {
      yield item;
      scope.close();
      scope = new MemoryScope(releasedWhen);
    }
  } finally {
    scope.close();
  }
}

function isIterable(value: unknown, key: symbol): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as Record<symbol, unknown>)[key] === 'function'
  );
}

/**
 * Iterates `source` (an iterable, or an async iterable for `for await`) with one memory scope
 * per iteration: the scope opens when the loop asks for an item, so the item's production and
 * the loop body both belong to it, and it closes, releasing every tensor they created except
 * kept ones, when the loop asks for the next item, breaks, returns or throws. Tensors that
 * existed before (a dataset held in tensors, the model) are not touched. `for await` over a
 * `DataLoader` does this by itself; `scoped` gives it to any other loop.
 *
 * @example
 * ```ts
 * function* batches() {
 *   for (let i = 0; i < n; i += 32) yield [X.narrow(0, i, 32), y.narrow(0, i, 32)] as const;
 * }
 * for (const [Xb, yb] of scoped(batches())) {
 *   optimizer.zeroGrad();
 *   lossFn.forward(net.forward(Xb), yb).backward();
 *   optimizer.step();
 * }
 * ```
 */
export function scoped<T>(source: AsyncIterable<T>, options?: ScopedOptions): AsyncGenerator<T, void, undefined>;
export function scoped<T>(source: Iterable<T>, options?: ScopedOptions): Generator<T, void, undefined>;
export function scoped<T>(
  source: Iterable<T> | AsyncIterable<T>,
  options: ScopedOptions = {},
): Generator<T, void, undefined> | AsyncGenerator<T, void, undefined> {
  checkOptions('scoped', options, optionKeys<ScopedOptions>({ name: true, item: true }));
  const name = options.name ?? 'scoped(...)';
  const item = options.item ?? 'item';
  if (isIterable(source, Symbol.asyncIterator)) {
    const when = releaseReason(
      `the for await loop over ${name} moved to the next ${item} (or ended)`,
      'inside the loop',
    );
    return scopedAsync(source as AsyncIterable<T>, when);
  }
  if (isIterable(source, Symbol.iterator)) {
    const when = releaseReason(
      `the for...of loop over ${name} moved to the next ${item} (or ended)`,
      'inside the loop',
    );
    return scopedSync(source as Iterable<T>, when);
  }
  throw new ArgumentError(
    `scoped: expected an iterable or an async iterable, got ${source === null ? 'null' : typeof source}; pass an array, a generator or a DataLoader.`,
  );
}
