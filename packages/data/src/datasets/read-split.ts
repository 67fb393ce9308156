import { decodeIdx } from '../idx/decode-idx.js';
import { decodeIdxSync } from '../idx/decode-idx-sync.js';
import type { IdxImages, IdxLabels } from '../idx/parse-idx.js';
import { DatasetError } from './dataset-error.js';
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

/** @internal Reads and checks a split synchronously (Node). */
export function readSplitSync(caller: string, classCount: number, paths: SplitPaths): SplitData {
  const { fs } = requireNode(caller, NODE_FIX);
  const images = decodeIdxSync(fs.readFileSync(paths.images), 'images', paths.images);
  const labels = decodeIdxSync(fs.readFileSync(paths.labels), 'labels', paths.labels);
  return checkSplit(caller, classCount, paths, { images, labels });
}

/** @internal Reads and checks a split without blocking the event loop (Node). */
export async function readSplit(caller: string, classCount: number, paths: SplitPaths): Promise<SplitData> {
  const { fs } = requireNode(caller, NODE_FIX);
  const [imageBytes, labelBytes] = await Promise.all([
    fs.promises.readFile(paths.images),
    fs.promises.readFile(paths.labels),
  ]);
  const images = await decodeIdx(imageBytes, 'images', paths.images);
  const labels = await decodeIdx(labelBytes, 'labels', paths.labels);
  return checkSplit(caller, classCount, paths, { images, labels });
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
