import { StrataError } from '@strata/core';

/**
 * A dataset could not be found, read or downloaded: no directory holds its files, a file is
 * not what it should be (wrong IDX magic number, truncated, image and label counts that
 * disagree), or a download failed its checksum.
 *
 * @example
 * ```ts
 * try { new FashionMNIST({ root: '/nowhere' }); } catch (e) { if (e instanceof DatasetError) console.log(e.message); }
 * ```
 */
export class DatasetError extends StrataError {
  override readonly name = 'DatasetError';
}
