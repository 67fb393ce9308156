import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatasetError } from './dataset-error.js';
import { FashionMNIST, type FashionMNISTOptions } from './fashion-mnist.js';
import type { DownloadProgress } from './download-progress.js';
import { FASHION_MNIST_SPEC } from './fashion-mnist-spec.js';
import { IdxClassificationDataset, preloadIdxDataset } from './idx-classification-dataset.js';

// A local stand-in for the official mirror (there is no network here): /good/ serves the real
// files; /corrupt/ the same files, but the training images with one byte flipped (the gzip
// CRC fails) and the test labels recompressed with one label changed (valid gzip, wrong
// content); /raw/ the test labels uncompressed under the .gz name; /redirect/ sends to /good/.
// Misbehaving mirrors: /hang/ never answers, /stall/ sends 100 bytes of the body and then
// nothing, /huge/ announces 3 GB, /endless/ streams zeros without a length until the client
// gives up, /short/ announces the full length and closes halfway; anything else answers 404.
const SYSTEM = '/usr/share/datasets/fashion-mnist';
const FILES = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];
const hasSystem = FILES.every((file) => existsSync(join(SYSTEM, file)));
if (!hasSystem) {
  console.warn(
    `download.test: skipping the download tests: they serve the real files from ${SYSTEM}, which is missing (apt-get install dataset-fashion-mnist).`,
  );
}

const tmp = mkdtempSync(join(tmpdir(), 'strata-download-'));

// FashionMNIST with the system directory moved to an empty place, so that the chain reaches
// the download step on a machine that has the Debian package installed.
const SPEC = { ...FASHION_MNIST_SPEC, system: { dir: join(tmp, 'no-system'), debianPackage: 'dataset-fashion-mnist' } };
class IsolatedFashionMNIST extends IdxClassificationDataset {
  constructor(options: FashionMNISTOptions = {}) {
    super(SPEC, options);
  }
  static async load(options: FashionMNISTOptions = {}): Promise<IsolatedFashionMNIST> {
    return new IsolatedFashionMNIST(await preloadIdxDataset(SPEC, options));
  }
}

let server: Server | undefined;
let base = '';
const requests: string[] = [];
// The connection of each request: a download never reuses one (see http-get.ts).
const connections = new Set<unknown>();

beforeAll(async () => {
  if (!hasSystem) return;
  const files = new Map(FILES.map((file) => [file, readFileSync(join(SYSTEM, file))]));
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    connections.add(request.socket);
    const [, mirror, name = ''] = (request.url ?? '').split('/');
    const file = files.get(name);
    if (mirror === 'hang') return;
    if (mirror === 'redirect') {
      response.writeHead(302, { location: `/good/${name}` }).end();
      return;
    }
    if (file !== undefined && (mirror === 'stall' || mirror === 'short')) {
      response.writeHead(200, { 'content-length': file.length });
      response.write(file.subarray(0, mirror === 'stall' ? 100 : file.length >> 1));
      if (mirror === 'short') response.socket?.end();
      return;
    }
    if (mirror === 'huge') {
      response.writeHead(200, { 'content-length': 3e9 }).flushHeaders();
      return;
    }
    if (mirror === 'endless') {
      response.writeHead(200);
      const zeros = new Uint8Array(1 << 16);
      const more = (): void => {
        while (response.write(zeros));
      };
      response.on('drain', more);
      more();
      return;
    }
    let body = mirror === 'good' || mirror === 'corrupt' || mirror === 'raw' ? files.get(name) : undefined;
    if (body === undefined) {
      response.writeHead(404).end('Not Found');
      return;
    }
    if (mirror === 'corrupt' && name === 'train-images-idx3-ubyte.gz') {
      body = Buffer.from(body);
      body[body.length >> 1]! ^= 0xff;
    } else if (mirror === 'corrupt' && name === 't10k-labels-idx1-ubyte.gz') {
      const labels = gunzipSync(body);
      labels[100] = (labels[100]! + 1) % 10;
      body = gzipSync(labels);
    } else if (mirror === 'raw') {
      body = gunzipSync(body);
    }
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => {
  vi.unstubAllEnvs();
  requests.length = 0;
  connections.clear();
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
  rmSync(tmp, { recursive: true, force: true });
});

/** Unsets $STRATA_DATA and points the user cache at a fresh directory; returns the dataset's cache directory. */
function isolate(name: string): string {
  const cache = join(tmp, name);
  vi.stubEnv('STRATA_DATA', undefined);
  vi.stubEnv('XDG_CACHE_HOME', cache);
  return join(cache, 'strata', 'fashion-mnist');
}

describe.skipIf(!hasSystem)('FashionMNIST.load with download', () => {
  it('lists every place searched when nothing is found and download is off', async () => {
    const cache = isolate('nothing');
    await expect(IsolatedFashionMNIST.load()).rejects.toThrow(
      [
        '  - $STRATA_DATA: not set',
        `  - user cache ${cache}: no such directory`,
        `  - system ${SPEC.system.dir}: no such directory`,
        'To fix: install them with apt-get install dataset-fashion-mnist; or set STRATA_DATA',
      ].join('\n'),
    );
    expect(() => new IsolatedFashionMNIST()).toThrow('new FashionMNIST({ embeddedSample: true })');
  });

  it('downloads every file into the user cache, checked by MD5, trying the mirrors in order', async () => {
    const cache = isolate('good');
    const ds = await IsolatedFashionMNIST.load({
      train: false,
      download: true,
      mirrors: [`${base}/gone/`, `${base}/good`],
    });
    expect(ds.source).toEqual({ kind: 'download', path: cache });
    expect(ds.length).toBe(10000);
    expect(readdirSync(cache).sort()).toEqual([...FILES].sort());
    // Every request reaches the server, each on a connection of its own: a request sent on a
    // pooled connection just as the server closed it for being idle (after a long checksum
    // blocked the event loop) failed before it arrived, and the mirror looked dead.
    expect(requests).toEqual(FILES.flatMap((file) => [`/gone/${file}`, `/good/${file}`]));
    expect(connections.size).toBe(requests.length);
    for (const file of FILES)
      expect(readFileSync(join(cache, file)).equals(readFileSync(join(SYSTEM, file)))).toBe(true);
    const again = new IsolatedFashionMNIST({ train: false });
    expect(again.source).toEqual({ kind: 'cache', path: cache });
    expect(Buffer.from(again.data).equals(ds.data)).toBe(true);
  });

  it('downloads only the missing files into an explicit root', async () => {
    const root = join(tmp, 'partial-root');
    mkdirSync(root);
    for (const file of FILES.slice(0, 3)) copyFileSync(join(SYSTEM, file), join(root, file));
    const ds = await FashionMNIST.load({ root, train: false, download: true, mirrors: [`${base}/good/`] });
    expect(ds.source).toEqual({ kind: 'download', path: root });
    expect(requests).toEqual(['/good/t10k-labels-idx1-ubyte.gz']);
    expect(readdirSync(root).sort()).toEqual([...FILES].sort());
  });

  it('rejects a file whose checksum does not match and leaves nothing in the cache', async () => {
    const cache = isolate('corrupt');
    const error = await IsolatedFashionMNIST.load({ download: true, mirrors: [`${base}/corrupt/`] }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toMatch(
      new RegExp(
        `^FashionMNIST\\.load: expected train-images-idx3-ubyte\\.gz from one of the mirrors, got:\\n  - ${base}/corrupt/train-images-idx3-ubyte\\.gz: checksum mismatch: MD5 [0-9a-f]{32}, expected 8d4fb7e6c68d591d4c3dfef9ec88bf0d, and the gzip data does not decompress \\(.+\\)\\ntrain-images-idx3-ubyte was not saved in ${cache}\\.`,
      ),
    );
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });

  it('checks the uncompressed content of a recompressed or uncompressed file', async () => {
    const root = join(tmp, 'content-root');
    mkdirSync(root);
    for (const file of FILES.slice(0, 3)) copyFileSync(join(SYSTEM, file), join(root, file));
    await expect(
      FashionMNIST.load({ root, train: false, download: true, mirrors: [`${base}/corrupt/`] }),
    ).rejects.toThrow(
      /t10k-labels-idx1-ubyte\.gz: checksum mismatch: MD5 [0-9a-f]{32}, expected bb300cfdad3c16e7a12a480ee83cd310, and the uncompressed content has MD5 [0-9a-f]{32}, expected 15d484375f8d13e6eb1aabb0c3f46965\n/,
    );
    expect(readdirSync(root).sort()).toEqual(FILES.slice(0, 3).sort());
    const ds = await FashionMNIST.load({ root, train: false, download: true, mirrors: [`${base}/raw/`] });
    expect(readdirSync(root)).toContain('t10k-labels-idx1-ubyte');
    expect(ds.source).toEqual({ kind: 'download', path: root });
    expect(ds.length).toBe(10000);
  });

  it('reports every mirror that failed', async () => {
    isolate('gone');
    await expect(
      IsolatedFashionMNIST.load({ download: true, mirrors: [`${base}/gone/`, `${base}/also-gone/`] }),
    ).rejects.toThrow(
      `got:\n  - ${base}/gone/train-images-idx3-ubyte.gz: HTTP 404 Not Found\n  - ${base}/also-gone/train-images-idx3-ubyte.gz: HTTP 404 Not Found\n`,
    );
  });

  it('validates the mirrors', async () => {
    isolate('bad-mirrors');
    await expect(IsolatedFashionMNIST.load({ download: true, mirrors: ['ftp://example.org/'] })).rejects.toThrow(
      'FashionMNIST: expected mirrors to be a non-empty array of http(s) base URLs, got ["ftp://example.org/"].',
    );
  });

  /** A root holding every file but the test labels, the smallest one to download. */
  function rootMissingLabels(name: string): string {
    const root = join(tmp, name);
    mkdirSync(root);
    for (const file of FILES.slice(0, 3)) copyFileSync(join(SYSTEM, file), join(root, file));
    return root;
  }
  const labelsBound = 10_008 + 11 + 1024;

  it('falls through hanging, stalled, oversized, endless and truncated mirrors to a good one, reporting progress', async () => {
    const root = rootMissingLabels('fall-through');
    const progress: DownloadProgress[] = [];
    const mirrors = ['hang', 'stall', 'huge', 'endless', 'short', 'redirect'].map((m) => `${base}/${m}/`);
    const ds = await FashionMNIST.load({
      root,
      train: false,
      download: true,
      mirrors,
      timeout: 300,
      progress: (p) => progress.push(p),
    });
    expect(ds.length).toBe(10000);
    const name = 't10k-labels-idx1-ubyte.gz';
    expect(requests).toEqual([...mirrors.map((m) => `${new URL(m).pathname}${name}`), `/good/${name}`]);
    expect(readFileSync(join(root, name)).equals(readFileSync(join(SYSTEM, name)))).toBe(true);
    const size = readFileSync(join(SYSTEM, name)).length;
    const url = `${base}/redirect/${name}`;
    const good = progress.filter((p) => p.url === url);
    expect(good.at(-1)).toEqual({ file: name, url, received: size, total: size, done: true });
    expect(good.slice(0, -1).every((p) => !p.done && p.total === size && p.received <= size)).toBe(true);
    expect(progress.filter((p) => p.done)).toHaveLength(1);
  });

  it('says why each mirror failed, and bounds every body by the size of the file', async () => {
    const root = rootMissingLabels('all-bad');
    const mirrors = ['hang', 'stall', 'huge', 'endless', 'short'].map((m) => `${base}/${m}/`);
    const error = await FashionMNIST.load({
      root,
      train: false,
      download: true,
      mirrors,
      timeout: 300,
      progress: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    const name = 't10k-labels-idx1-ubyte.gz';
    const size = readFileSync(join(SYSTEM, name)).length;
    expect((error as Error).message).toBe(
      [
        `FashionMNIST.load: expected ${name} from one of the mirrors, got:`,
        `  - ${base}/hang/${name}: no data from the server for 0.3 s`,
        `  - ${base}/stall/${name}: no data from the server for 0.3 s`,
        `  - ${base}/huge/${name}: the server announces 3000000000 bytes, more than the ${labelsBound} the file can have`,
        `  - ${base}/endless/${name}: more than the ${labelsBound} bytes the file can have`,
        `  - ${base}/short/${name}: the connection closed after ${size >> 1} of ${size} bytes`,
        `t10k-labels-idx1-ubyte was not saved in ${root}. To fix: check the network connection, or pass other base URLs in { mirrors: [...] }.`,
      ].join('\n'),
    );
    expect(readdirSync(root).sort()).toEqual(FILES.slice(0, 3).sort());
  });

  it('validates the timeout and the progress option', () => {
    expect(() => new FashionMNIST({ timeout: 0 })).toThrow(
      'FashionMNIST: expected timeout to be a number of milliseconds > 0, got 0.',
    );
    expect(() => new FashionMNIST({ progress: 'yes' } as never)).toThrow(
      'FashionMNIST: expected progress to be a boolean or a function, got yes.',
    );
  });
});
