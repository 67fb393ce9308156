import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeIdx } from '@strata/data';

/**
 * Writes a tiny MNIST-format data set into `dir`: `train` and `test` images of `size` x `size`
 * whose pixels say their label, gzipped like the originals. `label` picks each label (`i % 10`
 * by default; a value over 9 makes a corrupt file), `only` writes one split.
 */
export function writeIdxData(
  dir: string,
  options: {
    train?: number;
    test?: number;
    size?: number;
    label?: (i: number) => number;
    only?: 'train' | 't10k';
  } = {},
): void {
  const { train = 64, test = 32, size = 28, label = (i: number) => i % 10, only } = options;
  mkdirSync(dir, { recursive: true });
  for (const [prefix, count] of [
    ['train', train],
    ['t10k', test],
  ] as const) {
    if (only !== undefined && only !== prefix) continue;
    const labels = Uint8Array.from({ length: count }, (_, i) => label(i));
    const data = new Uint8Array(count * size * size);
    for (let i = 0; i < count; i++) data.fill(20 + 20 * (labels[i]! % 10), i * size * size, (i + 1) * size * size);
    writeFileSync(
      join(dir, `${prefix}-images-idx3-ubyte.gz`),
      gzipSync(encodeIdx({ kind: 'images', count, rows: size, cols: size, data })),
    );
    writeFileSync(
      join(dir, `${prefix}-labels-idx1-ubyte.gz`),
      gzipSync(encodeIdx({ kind: 'labels', count, data: labels })),
    );
  }
}
