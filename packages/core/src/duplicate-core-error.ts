import { StrataError } from './errors.js';

/**
 * A second copy of `@strata/core` was loaded into a process (or page) that already had one.
 * Backends register into one copy's registry and tensors belong to one copy, so two copies fail
 * later in confusing ways ("no backend is registered"); the second copy throws this when it loads.
 *
 * @example
 * ```ts
 * try { await import('@strata/backend-cpu'); } catch (e) { if (e instanceof DuplicateCoreError) console.error(e.message); }
 * ```
 */
export class DuplicateCoreError extends StrataError {
  override readonly name: string = 'DuplicateCoreError';
}
