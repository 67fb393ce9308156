import { DatasetNotFoundError } from './dataset-not-found-error.js';
import type { IdxDatasetSpec, IdxSplitSpec } from './idx-dataset-spec.js';
import type { SearchedPlace } from './resolve-source.js';

/**
 * @internal The error for a split found nowhere: lists every place searched and what was
 * wrong with it, then the ways to get the files. `downloadRequested` means the synchronous
 * constructor was asked to download, which only `load` can do.
 */
export function missingDatasetError(
  spec: IdxDatasetSpec,
  split: IdxSplitSpec,
  searched: readonly SearchedPlace[],
  downloadRequested: boolean,
): DatasetNotFoundError {
  const which = split === spec.train ? 'training' : 'test';
  const files = `${split.images.name}[.gz] and ${split.labels.name}[.gz]`;
  const places = searched
    .map((p) => `  - ${p.label}${p.path === undefined ? '' : ` ${p.path}`}: ${p.status}`)
    .join('\n');
  const root = searched.length === 1 && searched[0]!.kind === 'root' ? searched[0]!.path : undefined;
  const rootOption = root === undefined ? '' : `root: ${JSON.stringify(root)}, `;
  const fixes: string[] = [];
  if (downloadRequested) {
    fixes.push(
      `downloading is asynchronous, so new ${spec.name}(...) cannot do it: use await ${spec.name}.load({ ${rootOption}download: true })`,
    );
  } else if (root !== undefined) {
    fixes.push(
      `put the files in that directory`,
      `download them into it with await ${spec.name}.load({ ${rootOption}download: true })`,
    );
  } else {
    if (spec.system !== undefined) fixes.push(`install them with apt-get install ${spec.system.debianPackage}`);
    fixes.push(
      `set STRATA_DATA to a directory with a ${spec.dir}/ subdirectory holding them`,
      `download them into the user cache with await ${spec.name}.load({ download: true })`,
    );
    if (spec.sample !== undefined)
      fixes.push(`use the small sample shipped with the package: new ${spec.name}({ embeddedSample: true })`);
  }
  return new DatasetNotFoundError(
    `${spec.name}: expected the ${which} files ${files} in ${root === undefined ? 'one of these directories' : 'the root directory'}, got none:\n${places}\nTo fix: ${fixes.join('; or ')}.`,
  );
}
