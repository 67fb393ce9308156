import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { FASHION_MNIST_SPEC } from './fashion-mnist-spec.js';
import type { IdxDatasetSpec } from './idx-dataset-spec.js';
import { missingDatasetError } from './missing-dataset-error.js';
import { MNIST_SPEC } from './mnist-spec.js';
import { type ResolveContext, resolveSource } from './resolve-source.js';

const tmp = mkdtempSync(join(tmpdir(), 'strata-resolve-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dirs = {
  root: join(tmp, 'root'),
  env: join(tmp, 'env'),
  cache: join(tmp, 'xdg'),
  home: join(tmp, 'home'),
  system: join(tmp, 'system'),
};
// Resolution only checks that the files exist, so empty files stand in for the real ones.
const spec: IdxDatasetSpec = {
  ...FASHION_MNIST_SPEC,
  system: { dir: dirs.system, debianPackage: 'dataset-fashion-mnist' },
};
const split = spec.test;
const context = (env: Record<string, string | undefined>): ResolveContext => ({ env, homedir: dirs.home });
const both = { STRATA_DATA: dirs.env, XDG_CACHE_HOME: dirs.cache };

function place(dir: string, names: readonly string[] = [split.images.name, `${split.labels.name}.gz`]): void {
  mkdirSync(dir, { recursive: true });
  for (const name of names) writeFileSync(join(dir, name), '');
}

describe('resolveSource', () => {
  it('searches $STRATA_DATA, the user cache, then the system directory, in that order', () => {
    place(dirs.system);
    expect(resolveSource(spec, split, undefined, context(both))).toEqual({
      found: true,
      source: { kind: 'system', path: dirs.system },
      images: join(dirs.system, split.images.name),
      labels: join(dirs.system, `${split.labels.name}.gz`),
    });
    place(join(dirs.cache, 'strata', 'fashion-mnist'));
    expect(resolveSource(spec, split, undefined, context(both))).toMatchObject({
      source: { kind: 'cache', path: join(dirs.cache, 'strata', 'fashion-mnist') },
    });
    place(join(dirs.env, 'fashion-mnist'));
    expect(resolveSource(spec, split, undefined, context(both))).toMatchObject({
      source: { kind: 'env', path: join(dirs.env, 'fashion-mnist') },
    });
  });

  it('uses an explicit root alone', () => {
    expect(resolveSource(spec, split, dirs.root, context(both))).toEqual({
      found: false,
      searched: [{ kind: 'root', label: 'root', path: dirs.root, status: 'no such directory' }],
      downloadDir: dirs.root,
    });
    place(dirs.root);
    expect(resolveSource(spec, split, dirs.root, context(both))).toMatchObject({
      source: { kind: 'root', path: dirs.root },
    });
  });

  it('falls back to ~/.cache when XDG_CACHE_HOME is unset or relative', () => {
    const homeCache = join(dirs.home, '.cache', 'strata', 'fashion-mnist');
    place(homeCache);
    for (const xdg of [undefined, 'relative/cache']) {
      expect(resolveSource(spec, split, undefined, context({ XDG_CACHE_HOME: xdg }))).toMatchObject({
        source: { kind: 'cache', path: homeCache },
      });
    }
    rmSync(join(dirs.home, '.cache'), { recursive: true });
  });

  it('needs both files of the split, raw or gzipped, and reports every place searched', () => {
    const empty = join(tmp, 'empty');
    const cache = join(empty, 'strata', 'fashion-mnist');
    place(cache, [`${split.images.name}.gz`]);
    const system = join(tmp, 'system-train-only');
    place(system, [spec.train.images.name, spec.train.labels.name]);
    const result = resolveSource(
      { ...spec, system: { dir: system, debianPackage: 'x' } },
      split,
      undefined,
      context({ XDG_CACHE_HOME: empty }),
    );
    expect(result).toEqual({
      found: false,
      searched: [
        { kind: 'env', label: '$STRATA_DATA', status: 'not set' },
        { kind: 'cache', label: 'user cache', path: cache, status: 'missing t10k-labels-idx1-ubyte[.gz]' },
        {
          kind: 'system',
          label: 'system',
          path: system,
          status: 'missing t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]',
        },
      ],
      downloadDir: cache,
    });
  });

  it('never searches a system directory for MNIST', () => {
    const result = resolveSource(
      MNIST_SPEC,
      MNIST_SPEC.train,
      undefined,
      context({ XDG_CACHE_HOME: join(tmp, 'none') }),
    );
    expect(result.found).toBe(false);
    expect(!result.found && result.searched.map((p) => p.kind)).toEqual(['env', 'cache']);
  });
});

describe('missingDatasetError', () => {
  const searched = [
    { kind: 'env', label: '$STRATA_DATA', status: 'not set' },
    { kind: 'cache', label: 'user cache', path: '/home/u/.cache/strata/fashion-mnist', status: 'no such directory' },
    { kind: 'system', label: 'system', path: '/usr/share/datasets/fashion-mnist', status: 'no such directory' },
  ] as const;

  it('lists every place searched and every fix, the embedded sample included', () => {
    const error = missingDatasetError(FASHION_MNIST_SPEC, FASHION_MNIST_SPEC.train, searched, false);
    expect(error).toBeInstanceOf(DatasetError);
    expect(error.name).toBe('DatasetNotFoundError');
    expect(error.message).toBe(
      [
        'FashionMNIST: expected the training files train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] in one of these directories, got none:',
        '  - $STRATA_DATA: not set',
        '  - user cache /home/u/.cache/strata/fashion-mnist: no such directory',
        '  - system /usr/share/datasets/fashion-mnist: no such directory',
        'To fix: install them with apt-get install dataset-fashion-mnist; or set STRATA_DATA to a directory with a fashion-mnist/ subdirectory holding them; or download them into the user cache with await FashionMNIST.load({ download: true }); or use the small sample shipped with the package: new FashionMNIST({ embeddedSample: true }).',
      ].join('\n'),
    );
  });

  it('offers no Debian package or sample for MNIST', () => {
    const message = missingDatasetError(MNIST_SPEC, MNIST_SPEC.test, searched.slice(0, 2), false).message;
    expect(message).toContain('expected the test files t10k-images-idx3-ubyte[.gz]');
    expect(message).not.toContain('apt-get');
    expect(message).not.toContain('embeddedSample');
    expect(message).toContain('await MNIST.load({ download: true })');
  });

  it('points a synchronous download request to load', () => {
    const root = [{ kind: 'root', label: 'root', path: '/data/f', status: 'no such directory' }] as const;
    expect(missingDatasetError(FASHION_MNIST_SPEC, FASHION_MNIST_SPEC.test, root, true).message).toContain(
      'To fix: downloading is asynchronous, so new FashionMNIST(...) cannot do it: use await FashionMNIST.load({ root: "/data/f", download: true }).',
    );
    expect(missingDatasetError(FASHION_MNIST_SPEC, FASHION_MNIST_SPEC.test, root, false).message).toContain(
      'in the root directory, got none:\n  - root /data/f: no such directory\nTo fix: put the files in that directory; or download them into it with',
    );
  });
});
