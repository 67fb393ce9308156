import { StrataError } from '@strata/core';

/**
 * A dataset could not be found, read or downloaded: no directory holds its files (the subclass
 * `DatasetNotFoundError`), a file is not what it should be (wrong IDX magic number, truncated,
 * larger than it can be, image and label counts that disagree, a label out of range), a place
 * to search is not a readable directory, or a download failed.
 *
 * @example
 * ```ts
 * try { new FashionMNIST({ root: '/nowhere' }); } catch (e) { if (e instanceof DatasetError) console.log(e.message); }
 * ```
 */
export class DatasetError extends StrataError {
  override readonly name: string = 'DatasetError';
}
