import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DatasetError } from '../datasets/dataset-error.js';
import { decodeIdx } from './decode-idx.js';
import { decodeIdxSync } from './decode-idx-sync.js';
import { encodeIdx } from './encode-idx.js';
import { isGzip } from './is-gzip.js';
import { parseIdx } from './parse-idx.js';

const images = {
  kind: 'images',
  count: 3,
  rows: 2,
  cols: 4,
  data: Uint8Array.from({ length: 24 }, (_, i) => i * 10),
} as const;
const labels = { kind: 'labels', count: 3, data: new Uint8Array([7, 2, 1]) } as const;

describe('parseIdx', () => {
  it('reads big-endian magic and dimensions', () => {
    const bytes = encodeIdx(images);
    expect([...bytes.subarray(0, 16)]).toEqual([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 4]);
    expect(parseIdx(bytes, 'images')).toEqual(images);
    expect([...encodeIdx(labels).subarray(0, 8)]).toEqual([0, 0, 8, 1, 0, 0, 0, 3]);
    expect(parseIdx(encodeIdx(labels), 'labels')).toEqual(labels);
  });

  it('returns a view of the input, at any byte offset', () => {
    const padded = new Uint8Array(5 + 11);
    padded.set(encodeIdx(labels), 5);
    const parsed = parseIdx(padded.subarray(5), 'labels');
    expect(parsed.data.buffer).toBe(padded.buffer);
    expect([...parsed.data]).toEqual([7, 2, 1]);
  });

  it('names the file and what it found for a wrong magic number', () => {
    expect(() => parseIdx(encodeIdx(labels), 'images', 'train-images-idx3-ubyte')).toThrow(
      'parseIdx: expected magic number 0x00000803 (IDX images) at the start of train-images-idx3-ubyte, got 0x00000801 (IDX labels); pass the images file, not the labels file.',
    );
    const html = new TextEncoder().encode('<html><body>Not Found</body></html>');
    expect(() => parseIdx(html, 'labels', 'x.idx')).toThrow(
      /got 0x3c68746d \(not an IDX header\); .*download it again/,
    );
    const floats = encodeIdx(labels);
    floats[2] = 0x0d;
    expect(() => parseIdx(floats, 'labels')).toThrow(/got 0x00000d01 \(IDX data of type 0x0d with 1 dimension\)/);
  });

  it('reports truncated data as expected versus actual bytes', () => {
    const bytes = encodeIdx(images);
    expect(() => parseIdx(bytes.subarray(0, 20), 'images', 'imgs')).toThrow(
      'parseIdx: expected 40 bytes in imgs (a 16-byte header and 3 images of 2 x 4), got 20; the file is truncated, download it again.',
    );
    expect(() => parseIdx(bytes.subarray(0, 9), 'images', 'imgs')).toThrow(
      'parseIdx: expected IDX images in imgs to start with a 16-byte header, got 9 bytes; the file is truncated, download it again.',
    );
    const long = new Uint8Array(bytes.length + 2);
    long.set(bytes);
    expect(() => parseIdx(long, 'images')).toThrow(/got 42; it has 2 bytes too many and is corrupt/);
  });

  it('refuses gzip data, pointing to the decoders', () => {
    expect(() => parseIdx(gzipSync(encodeIdx(labels)), 'labels')).toThrow(/got gzip data .*decodeIdx/);
  });

  it('throws DatasetError with a stable name', () => {
    try {
      parseIdx(new Uint8Array(3), 'labels');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as Error).name).toBe('DatasetError');
    }
  });
});

describe('decodeIdx and decodeIdxSync', () => {
  const raw = encodeIdx(images);
  const gz = gzipSync(raw);

  it('detect gzip by its magic number', () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(raw)).toBe(false);
    expect(isGzip(new Uint8Array([0x1f]))).toBe(false);
  });

  it('read raw and gzipped bytes alike, from a Uint8Array or an ArrayBuffer', async () => {
    expect(decodeIdxSync(raw, 'images')).toEqual(images);
    expect(decodeIdxSync(gz, 'images')).toEqual(images);
    expect(await decodeIdx(raw, 'images')).toEqual(images);
    expect(await decodeIdx(gz, 'images')).toEqual(images);
    const buffer = gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.byteLength);
    expect(await decodeIdx(buffer, 'images')).toEqual(images);
  });

  it('report truncated gzip data with the file name', async () => {
    const cut = gz.subarray(0, gz.length - 10);
    expect(() => decodeIdxSync(cut, 'images', 'a.gz')).toThrow(
      /gunzipSync: expected complete gzip data in a\.gz, got data that fails/,
    );
    await expect(decodeIdx(cut, 'images', 'a.gz')).rejects.toThrow(/gunzip: expected complete gzip data in a\.gz/);
  });
});

describe('decompression limits', () => {
  // 8 header bytes declaring 10 labels, then 50 MB of zeros: about 50 KB of gzip.
  const bomb = new Uint8Array(8 + 50_000_000);
  bomb.set([0, 0, 8, 1, 0, 0, 0, 10]);
  const gz = gzipSync(bomb);

  it('stop at the size the IDX header declares, before inflating the rest', async () => {
    const message =
      'expected bomb.gz to decompress to 18 bytes, as its IDX header declares, got more; the file is corrupt (or a decompression bomb), download it again.';
    expect(() => decodeIdxSync(gz, 'labels', 'bomb.gz')).toThrow(`gunzipSync: ${message}`);
    await expect(decodeIdx(gz, 'labels', 'bomb.gz')).rejects.toThrow(`gunzip: ${message}`);
  });

  it('refuse a header that declares more than 2 GiB', async () => {
    const tooMany = gzipSync(Uint8Array.from([0, 0, 8, 3, 0x10, 0, 0, 0, 0, 0, 0, 28, 0, 0, 0, 28]));
    expect(() => decodeIdxSync(tooMany, 'images', 'h.gz')).toThrow(
      'decodeIdx: expected h.gz to hold at most 2147483648 bytes, got an IDX header declaring 210453397520 (dimensions 268435456 x 28 x 28)',
    );
    await expect(decodeIdx(tooMany, 'images', 'h.gz')).rejects.toThrow('got an IDX header declaring 210453397520');
  });
});

describe('encodeIdx', () => {
  it('checks that the data fills the dimensions', () => {
    expect(() => encodeIdx({ kind: 'labels', count: 4, data: new Uint8Array(3) })).toThrow(
      'encodeIdx: expected labels with integer dimensions and 4 = 4 bytes of data, got dimensions [4] and 3 bytes.',
    );
  });
});
