/**
 * Where a file-backed dataset's files came from: an explicit `root`, `$STRATA_DATA`, the user
 * cache, the system directory of a distribution package, a download (into the cache or `root`),
 * or the sample shipped inside the package. `path` is the directory the files were read from.
 *
 * @example
 * ```ts
 * const { kind, path } = new FashionMNIST().source; // e.g. 'system', '/usr/share/datasets/fashion-mnist'
 * ```
 */
export interface DatasetSource {
  readonly kind: 'root' | 'env' | 'cache' | 'system' | 'download' | 'embedded-sample';
  readonly path?: string;
}
