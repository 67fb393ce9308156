import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ArgumentError } from '@strata/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeIdx } from '../idx/encode-idx.js';
import { sampleRandom } from '../sample-random.js';
import type { RawImage, SampleRandom, Transform } from '../types.js';
import { DatasetError } from './dataset-error.js';
import { FashionMNIST } from './fashion-mnist.js';

const SYSTEM = '/usr/share/datasets/fashion-mnist';
const TEST_FILES = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'];
const hasSystem = ['train', 't10k'].every((p) => existsSync(join(SYSTEM, `${p}-images-idx3-ubyte.gz`)));
if (!hasSystem) {
  console.warn(
    `fashion-mnist.test: skipping the tests that need the real Fashion-MNIST: ${SYSTEM} is missing (apt-get install dataset-fashion-mnist).`,
  );
}

const tmp = mkdtempSync(join(tmpdir(), 'strata-fashion-'));
const dirs = { root: join(tmp, 'root'), env: join(tmp, 'env'), cache: join(tmp, 'xdg'), empty: join(tmp, 'empty') };

beforeAll(() => {
  if (!hasSystem) return;
  for (const dir of [dirs.root, join(dirs.env, 'fashion-mnist'), join(dirs.cache, 'strata', 'fashion-mnist')]) {
    mkdirSync(dir, { recursive: true });
    for (const file of TEST_FILES) copyFileSync(join(SYSTEM, file), join(dir, file));
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Points $STRATA_DATA and the user cache at test directories (undefined: unset / empty). */
function environment(env: string | undefined, cache: string): void {
  vi.stubEnv('STRATA_DATA', env);
  vi.stubEnv('XDG_CACHE_HOME', cache);
}

/** Writes a synthetic test split (28x28 images whose pixels all equal their label). */
function writeSplit(dir: string, labels: number[], imageCount = labels.length): void {
  mkdirSync(dir, { recursive: true });
  const data = new Uint8Array(imageCount * 784);
  for (const [i, label] of labels.entries()) data.fill(label, i * 784, (i + 1) * 784);
  writeFileSync(
    join(dir, 't10k-images-idx3-ubyte.gz'),
    gzipSync(encodeIdx({ kind: 'images', count: imageCount, rows: 28, cols: 28, data })),
  );
  writeFileSync(
    join(dir, 't10k-labels-idx1-ubyte'),
    encodeIdx({ kind: 'labels', count: labels.length, data: Uint8Array.from(labels) }),
  );
}

let realTrain: FashionMNIST | undefined;
const real = () => {
  realTrain ??= new FashionMNIST({ root: SYSTEM });
  return realTrain;
};

describe('FashionMNIST sources', () => {
  it.skipIf(!hasSystem)('reads an explicit root, and only it', () => {
    environment(join(dirs.env), dirs.cache);
    const ds = new FashionMNIST({ root: dirs.root, train: false });
    expect(ds.source).toEqual({ kind: 'root', path: dirs.root });
    expect(ds.length).toBe(10000);
    expect(() => new FashionMNIST({ root: dirs.empty, train: false })).toThrow(DatasetError);
    expect(() => new FashionMNIST({ root: dirs.empty, train: false })).toThrow(
      `  - root ${dirs.empty}: no such directory`,
    );
  });

  it.skipIf(!hasSystem)('reads $STRATA_DATA/fashion-mnist first', () => {
    environment(dirs.env, dirs.cache);
    expect(new FashionMNIST({ train: false }).source).toEqual({ kind: 'env', path: join(dirs.env, 'fashion-mnist') });
  });

  it.skipIf(!hasSystem)('reads the user cache next', () => {
    environment(undefined, dirs.cache);
    expect(new FashionMNIST({ train: false }).source).toEqual({
      kind: 'cache',
      path: join(dirs.cache, 'strata', 'fashion-mnist'),
    });
    environment(join(tmp, 'no-such-dir'), dirs.cache);
    expect(new FashionMNIST({ train: false }).source.kind).toBe('cache');
  });

  it.skipIf(!hasSystem)('reads the system directory last', () => {
    environment(undefined, dirs.empty);
    const ds = new FashionMNIST({ train: false });
    expect(ds.source).toEqual({ kind: 'system', path: SYSTEM });
    expect(String(ds)).toBe(`FashionMNIST(test, 10000 samples, system ${SYSTEM})`);
    expect(new FashionMNIST({ train: false, download: true }).source.kind).toBe('system');
  });

  it.skipIf(!hasSystem)('reads the same data asynchronously with load', async () => {
    environment(undefined, dirs.empty);
    const sync = new FashionMNIST({ train: false });
    const async = await FashionMNIST.load({ train: false });
    expect(async).toBeInstanceOf(FashionMNIST);
    expect(async.source).toEqual(sync.source);
    expect(Buffer.from(async.data).equals(sync.data)).toBe(true);
    expect(Buffer.from(async.targets).equals(sync.targets)).toBe(true);
  });

  it('asks for load when the constructor would have to download', () => {
    expect(() => new FashionMNIST({ root: dirs.empty, download: true })).toThrow(
      `use await FashionMNIST.load({ root: ${JSON.stringify(dirs.empty)}, download: true })`,
    );
  });
});

describe('FashionMNIST samples', () => {
  it("has torchvision's class names", () => {
    expect(FashionMNIST.classes).toEqual([
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ]);
  });

  it('returns [RawImage, label] from get and getRaw, copying the image', () => {
    const dir = join(tmp, 'synthetic');
    writeSplit(dir, [3, 1, 4]);
    const ds = new FashionMNIST({ root: dir, train: false });
    expect(ds.length).toBe(3);
    expect(ds.classes[3]).toBe('Dress');
    const [image, label] = ds.get(2);
    expect(label).toBe(4);
    expect(image).toMatchObject({ kind: 'raw', height: 28, width: 28, channels: 1 });
    expect(image.data).toEqual(new Uint8Array(784).fill(4));
    const [raw] = ds.getRaw(2);
    raw.data[0] = 99;
    expect(ds.getRaw(2)[0].data[0]).toBe(4);
    expect(() => ds.get(3)).toThrow('FashionMNIST.get: expected an integer index in [0, 3), got 3.');
    expect(() => ds.getRaw(-1)).toThrow(ArgumentError);
  });

  it('applies transform and targetTransform in get with sampleRandom(0, 0, index), and exposes them', () => {
    const dir = join(tmp, 'synthetic');
    writeSplit(dir, [3, 1, 4]);
    const draws: number[] = [];
    const mean: Transform<RawImage, number> = {
      apply: (image: RawImage, random: SampleRandom) => {
        draws.push(random.next());
        return image.data.reduce((a, b) => a + b, 0) / image.data.length;
      },
    };
    const name: Transform<number, string> = { apply: (label: number) => FashionMNIST.classes[label]! };
    const ds = new FashionMNIST({ root: dir, train: false, transform: mean, targetTransform: name });
    const sample: [number, string] = ds.get(1);
    expect(sample).toEqual([1, 'Trouser']);
    expect(draws).toEqual([sampleRandom(0, 0, 1).next()]);
    expect(ds.transform).toBe(mean);
    expect(ds.targetTransform).toBe(name);
    expect(ds.getRaw(1)[1]).toBe(1);
  });

  it.skipIf(!hasSystem)('iterates all 60,000 raw training images', () => {
    const ds = real();
    expect(ds.length).toBe(60000);
    const histogram = new Array<number>(10).fill(0);
    for (let i = 0; i < ds.length; i++) {
      const [image, label] = ds.getRaw(i);
      if (image.data.length !== 784) throw new Error(`image ${i} has ${image.data.length} bytes`);
      histogram[label]! += 1;
    }
    expect(histogram).toEqual(new Array(10).fill(6000));
  });
});

describe('FashionMNIST embedded sample', () => {
  it('is class-balanced: 600 training and 100 test images per class', () => {
    for (const [train, perClass] of [
      [true, 600],
      [false, 100],
    ] as const) {
      const sample = new FashionMNIST({ embeddedSample: true, train });
      expect(sample.source.kind).toBe('embedded-sample');
      expect(sample.source.path).toMatch(/[/\\]assets[/\\]fashion-mnist-sample$/);
      expect(sample.length).toBe(perClass * 10);
      const histogram = new Array<number>(10).fill(0);
      for (const label of sample.targets) histogram[label]! += 1;
      expect(histogram).toEqual(new Array(10).fill(perClass));
    }
  });

  it.skipIf(!hasSystem)('holds the first images of each class of the real files, in file order', () => {
    for (const [train, perClass] of [
      [true, 600],
      [false, 100],
    ] as const) {
      const full = train ? real() : new FashionMNIST({ root: SYSTEM, train: false });
      const sample = new FashionMNIST({ embeddedSample: true, train });
      const taken = new Array<number>(10).fill(0);
      let k = 0;
      for (let i = 0; i < full.length && k < sample.length; i++) {
        const label = full.targets[i]!;
        if (taken[label]! >= perClass) continue;
        taken[label]! += 1;
        const [image, sampleLabel] = sample.getRaw(k++);
        expect(sampleLabel).toBe(label);
        if (!Buffer.from(image.data).equals(Buffer.from(full.getRaw(i)[0].data)))
          throw new Error(`sample image ${k - 1} differs from image ${i}`);
      }
      expect(k).toBe(sample.length);
    }
  });

  it('is never substituted for missing data, and cannot be combined with root or download', () => {
    expect(() => new FashionMNIST({ root: dirs.empty })).toThrow(DatasetError);
    expect(() => new FashionMNIST({ embeddedSample: true, root: dirs.root })).toThrow(
      'FashionMNIST: expected embeddedSample alone or root/download/mirrors, got both; the embedded sample is read from the package and never downloaded.',
    );
    expect(() => new FashionMNIST({ embeddedSample: true, download: true })).toThrow(ArgumentError);
  });

  it('loads asynchronously too', async () => {
    const sample = await FashionMNIST.load({ embeddedSample: true, train: false });
    expect(sample.source.kind).toBe('embedded-sample');
    expect(sample.length).toBe(1000);
  });
});

describe('FashionMNIST bad files and options', () => {
  it('names the file and the magic number it found', () => {
    const dir = join(tmp, 'swapped');
    writeSplit(dir, [1, 2]);
    copyFileSync(join(dir, 't10k-labels-idx1-ubyte'), join(dir, 't10k-images-idx3-ubyte.gz'));
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(
      `parseIdx: expected magic number 0x00000803 (IDX images) at the start of ${join(dir, 't10k-images-idx3-ubyte.gz')}, got 0x00000801 (IDX labels); pass the images file, not the labels file.`,
    );
  });

  it('reports truncated files with expected and actual sizes', () => {
    const dir = join(tmp, 'truncated');
    writeSplit(dir, [1, 2]);
    const labels = join(dir, 't10k-labels-idx1-ubyte');
    writeFileSync(labels, readFileSync(labels).subarray(0, 9));
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(
      `expected 10 bytes in ${labels} (a 8-byte header and 2 labels), got 9; the file is truncated`,
    );
    const images = join(dir, 't10k-images-idx3-ubyte.gz');
    const gz = readFileSync(images);
    writeFileSync(images, gz.subarray(0, gz.length - 10));
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(`expected complete gzip data in ${images}`);
  });

  it('rejects image and label counts that disagree, and labels out of range', () => {
    const dir = join(tmp, 'mismatch');
    writeSplit(dir, [1, 2], 3);
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(
      `FashionMNIST: expected as many labels as images, got 3 images in ${join(dir, 't10k-images-idx3-ubyte.gz')} and 2 labels in ${join(dir, 't10k-labels-idx1-ubyte')}`,
    );
    writeSplit(dir, [1, 12]);
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(
      /expected labels in 0\.\.9 in .*, got 12 at index 1/,
    );
  });

  it('refuses files larger than the data set can have, unread, and headers that declare more', async () => {
    const dir = join(tmp, 'oversized');
    writeSplit(dir, [1, 2]);
    const labels = join(dir, 't10k-labels-idx1-ubyte');
    writeFileSync(labels, new Uint8Array(10_008 + 11 + 1024 + 1));
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(
      `FashionMNIST: expected ${labels} to hold at most 11043 bytes (t10k-labels-idx1-ubyte is 10008 bytes uncompressed), got 11044; the file is corrupt or belongs to another data set, download it again.`,
    );
    // A small gzip file whose header declares a million labels: refused before inflating.
    rmSync(labels);
    const bomb = new Uint8Array(8 + 1_000_000);
    bomb.set([0, 0, 8, 1, 0, 0x0f, 0x42, 0x40]);
    writeFileSync(`${labels}.gz`, gzipSync(bomb));
    expect(() => new FashionMNIST({ root: dir, train: false })).toThrow(
      `decodeIdx: expected ${labels}.gz to hold at most 10008 bytes, got an IDX header declaring 1000008 (dimensions 1000000); the file is corrupt or belongs to another data set, download it again.`,
    );
    await expect(FashionMNIST.load({ root: dir, train: false })).rejects.toThrow('got an IDX header declaring 1000008');
  });

  it('is an error, never a fallback, when a place to search cannot be looked into', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'not a directory');
    environment(file, dirs.empty);
    expect(() => new FashionMNIST({ train: false })).toThrow(
      new RegExp(
        `^FashionMNIST: expected \\$STRATA_DATA ${file}/fashion-mnist to be a readable directory, got ENOTDIR: not a directory, stat '${file}/fashion-mnist'; fix the path or its permissions, or unset it\\.$`,
      ),
    );
  });

  it('validates its options', () => {
    expect(() => new FashionMNIST({ trian: false } as never)).toThrow(
      'FashionMNIST: unknown option trian; did you mean train?',
    );
    expect(() => new FashionMNIST({ train: 'no' } as never)).toThrow(
      'FashionMNIST: expected train to be a boolean, got no.',
    );
    expect(() => new FashionMNIST({ transform: (x: RawImage) => x } as never)).toThrow(
      'FashionMNIST: expected transform to be a Transform (an object with apply(input, random)), got a function; wrap it as { apply: (input, random) => ... }.',
    );
    expect(() => new FashionMNIST({ root: '' })).toThrow(ArgumentError);
  });
});
