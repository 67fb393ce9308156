import { DatasetError } from './dataset-error.js';

/**
 * A dataset's files are in none of the places searched: the one `DatasetError` that means
 * "absent" rather than "present but wrong", so a caller may fall back to another source (the
 * embedded sample) on this one alone and must never on a corrupt or unreadable file.
 *
 * @example
 * ```ts
 * try { new FashionMNIST(); } catch (e) { if (e instanceof DatasetNotFoundError) useSample(); else throw e; }
 * ```
 */
export class DatasetNotFoundError extends DatasetError {
  override readonly name = 'DatasetNotFoundError';
}
