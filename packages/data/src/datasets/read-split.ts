import { decodeIdxBytes } from '../idx/decode-idx.js';
import { decodeIdxBytesSync } from '../idx/decode-idx-sync.js';
import type { IdxImages, IdxLabels } from '../idx/parse-idx.js';
import { DatasetError } from './dataset-error.js';
import type { IdxFileSpec, IdxSplitSpec } from './idx-dataset-spec.js';
import { requireNode } from './node-builtins.js';

/** @internal The parsed image and label files of one split. */
export interface SplitData {
  readonly images: IdxImages;
  readonly labels: IdxLabels;
}

/** @internal The paths of a split's image and label files. */
export interface SplitPaths {
  readonly images: string;
  readonly labels: string;
}

const NODE_FIX = 'in a browser, fetch the IDX files and decode them with decodeIdx.';

/**
 * The bytes of `path`, refused unread when the file is larger than the IDX file it holds can
 * be (a gzip file is never larger than its content plus a little framing).
 */
function checkedSize(caller: string, path: string, file: IdxFileSpec, size: number): void {
  const most = file.rawSize + Math.ceil(file.rawSize / 1000) + 1024;
  if (size > most) {
    throw new DatasetError(
      `${caller}: expected ${path} to hold at most ${most} bytes (${file.name} is ${file.rawSize} bytes uncompressed), got ${size}; the file is corrupt or belongs to another data set, download it again.`,
    );
  }
}

function readError(caller: string, path: string, error: unknown): DatasetError {
  return new DatasetError(`${caller}: expected a readable file at ${path}, got ${(error as Error).message}.`, {
    cause: error,
  });
}

/** @internal Reads and checks a split synchronously (Node). */
export function readSplitSync(caller: string, split: IdxSplitSpec, classCount: number, paths: SplitPaths): SplitData {
  const { fs } = requireNode(caller, NODE_FIX);
  const read = (path: string, file: IdxFileSpec): Uint8Array => {
    try {
      checkedSize(caller, path, file, fs.statSync(path).size);
      return fs.readFileSync(path);
    } catch (error) {
      throw error instanceof DatasetError ? error : readError(caller, path, error);
    }
  };
  const images = decodeIdxBytesSync(read(paths.images, split.images), 'images', paths.images, split.images.rawSize);
  const labels = decodeIdxBytesSync(read(paths.labels, split.labels), 'labels', paths.labels, split.labels.rawSize);
  return checkSplit(caller, classCount, paths, { images: images as IdxImages, labels: labels as IdxLabels });
}

/** @internal Reads and checks a split without blocking the event loop (Node). */
export async function readSplit(
  caller: string,
  split: IdxSplitSpec,
  classCount: number,
  paths: SplitPaths,
): Promise<SplitData> {
  const { fs } = requireNode(caller, NODE_FIX);
  const read = async (path: string, file: IdxFileSpec): Promise<Uint8Array> => {
    try {
      checkedSize(caller, path, file, (await fs.promises.stat(path)).size);
      return await fs.promises.readFile(path);
    } catch (error) {
      throw error instanceof DatasetError ? error : readError(caller, path, error);
    }
  };
  const [imageBytes, labelBytes] = await Promise.all([
    read(paths.images, split.images),
    read(paths.labels, split.labels),
  ]);
  const images = await decodeIdxBytes(imageBytes, 'images', paths.images, split.images.rawSize);
  const labels = await decodeIdxBytes(labelBytes, 'labels', paths.labels, split.labels.rawSize);
  return checkSplit(caller, classCount, paths, { images: images as IdxImages, labels: labels as IdxLabels });
}

function checkSplit(caller: string, classCount: number, paths: SplitPaths, split: SplitData): SplitData {
  const { images, labels } = split;
  if (images.count !== labels.count) {
    throw new DatasetError(
      `${caller}: expected as many labels as images, got ${images.count} images in ${paths.images} and ${labels.count} labels in ${paths.labels}; the two files come from different splits or releases, or one is corrupt.`,
    );
  }
  const bad = labels.data.findIndex((label) => label >= classCount);
  if (bad >= 0) {
    throw new DatasetError(
      `${caller}: expected labels in 0..${classCount - 1} in ${paths.labels}, got ${labels.data[bad]} at index ${bad}; the file is corrupt or belongs to another dataset.`,
    );
  }
  return split;
}
