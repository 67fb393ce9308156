import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { encodeIdx } from '../idx/encode-idx.js';
import { DatasetError } from './dataset-error.js';
import { MNIST } from './mnist.js';

const tmp = mkdtempSync(join(tmpdir(), 'strata-mnist-'));
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes a synthetic training split: image i is filled with 10 * labels[i]. */
function writeTrain(dir: string, labels: number[]): void {
  mkdirSync(dir, { recursive: true });
  const data = new Uint8Array(labels.length * 784);
  for (const [i, label] of labels.entries()) data.fill(10 * label, i * 784, (i + 1) * 784);
  writeFileSync(
    join(dir, 'train-images-idx3-ubyte'),
    encodeIdx({ kind: 'images', count: labels.length, rows: 28, cols: 28, data }),
  );
  writeFileSync(
    join(dir, 'train-labels-idx1-ubyte.gz'),
    gzipSync(encodeIdx({ kind: 'labels', count: labels.length, data: Uint8Array.from(labels) })),
  );
}

describe('MNIST', () => {
  it("has torchvision's class names", () => {
    expect(MNIST.classes).toEqual([
      '0 - zero',
      '1 - one',
      '2 - two',
      '3 - three',
      '4 - four',
      '5 - five',
      '6 - six',
      '7 - seven',
      '8 - eight',
      '9 - nine',
    ]);
  });

  it('reads $STRATA_DATA/mnist, raw and gzipped files mixed', async () => {
    writeTrain(join(tmp, 'env', 'mnist'), [5, 0, 4]);
    vi.stubEnv('STRATA_DATA', join(tmp, 'env'));
    for (const ds of [new MNIST(), await MNIST.load()]) {
      expect(ds.source).toEqual({ kind: 'env', path: join(tmp, 'env', 'mnist') });
      expect(ds.length).toBe(3);
      const [image, label] = ds.get(0);
      expect(label).toBe(5);
      expect(ds.classes[label]).toBe('5 - five');
      expect(image.data[0]).toBe(50);
    }
  });

  it('searches no system directory and offers no embedded sample', () => {
    vi.stubEnv('STRATA_DATA', undefined);
    vi.stubEnv('XDG_CACHE_HOME', join(tmp, 'empty-cache'));
    let message = '';
    try {
      new MNIST({ train: false });
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      [
        'MNIST: expected the test files t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] in one of these directories, got none:',
        '  - $STRATA_DATA: not set',
        `  - user cache ${join(tmp, 'empty-cache', 'strata', 'mnist')}: no such directory`,
        'To fix: set STRATA_DATA to a directory with a mnist/ subdirectory holding them; or download them into the user cache with await MNIST.load({ download: true }).',
      ].join('\n'),
    );
    expect(() => new MNIST({ embeddedSample: true } as never)).toThrow(
      'MNIST: unknown option embeddedSample; MNIST ships no embedded sample.',
    );
  });
});
