import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { grayPng } from '../__fixtures__/png-file.js';
import { DEFAULT_MAX_PIXELS, decodeImage } from './decode-image.js';

function rgba(
  width: number,
  height: number,
  pixel: (x: number, y: number) => [number, number, number, number],
): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), 4 * (y * width + x));
  return data;
}

describe('decodeImage', () => {
  it('reads a PNG as 8-bit luma, alpha over black', () => {
    const png = new PNG({ width: 3, height: 2 });
    png.data.set(
      rgba(3, 2, (x, y) =>
        y === 0 ? [255, 255, 255, 255] : x === 0 ? [255, 0, 0, 255] : [200, 200, 200, x === 1 ? 0 : 128],
      ),
    );
    const image = decodeImage('a.png', PNG.sync.write(png));
    expect(image).toMatchObject({ kind: 'raw', width: 3, height: 2, channels: 1 });
    expect(Array.from(image.data)).toEqual([255, 255, 255, 76, 0, 100]);
  });

  it('reads a JPEG (lossy: within a few levels)', () => {
    const width = 16;
    const height = 16;
    const data = rgba(width, height, (x) => (x < 8 ? [30, 30, 30, 255] : [220, 220, 220, 255]));
    const { data: bytes } = jpeg.encode({ data, width, height }, 95);
    const image = decodeImage('b.jpg', bytes);
    expect([image.width, image.height]).toEqual([16, 16]);
    expect(Math.abs(image.data[0]! - 30)).toBeLessThanOrEqual(4);
    expect(Math.abs(image.data[15]! - 220)).toBeLessThanOrEqual(4);
  });

  it('names the file and the reason when it cannot read it', () => {
    expect(() => decodeImage('notes.txt', new TextEncoder().encode('hello'))).toThrow(
      "cannot read image 'notes.txt': not a PNG or JPEG file (unknown signature).",
    );
    expect(() => decodeImage('cut.png', PNG.sync.write(new PNG({ width: 4, height: 4 })).subarray(0, 30))).toThrow(
      /^cannot read image 'cut\.png': /,
    );
  });

  it('refuses an image larger than the pixel limit from its header, before decoding it', () => {
    const bomb = grayPng(20000, 20000, { rows: 0 });
    expect(bomb.length).toBeLessThan(100);
    const started = performance.now();
    expect(() => decodeImage('bomb.png', bomb)).toThrow(
      "cannot read image 'bomb.png': it is 20000 x 20000 = 400,000,000 pixels, more than the limit of 50,000,000; pass a larger --max-pixels to read it anyway.",
    );
    // Refused from the header: a decode of 400 million pixels would take seconds.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(DEFAULT_MAX_PIXELS).toBe(50_000_000);
    const { data } = jpeg.encode({ data: new Uint8Array(64 * 48 * 4), width: 64, height: 48 }, 90);
    expect(() => decodeImage('c.jpg', data, { maxPixels: 64 * 48 - 1 })).toThrow(
      "cannot read image 'c.jpg': it is 64 x 48 = 3,072 pixels, more than the limit of 3,071;",
    );
    expect(decodeImage('c.jpg', data, { maxPixels: 64 * 48 }).width).toBe(64);
  });

  it('refuses a PNG whose pixel data stops short instead of reading black rows', () => {
    expect(decodeImage('whole.png', grayPng(28, 28)).data.every((v) => v === 200)).toBe(true);
    expect(() => decodeImage('short.png', grayPng(28, 28, { rows: 3 }))).toThrow(
      "cannot read image 'short.png': its pixel data stops short, 87 of the 812 bytes a 28 x 28 image needs (3 of its 28 rows); the file is truncated or damaged.",
    );
  });

  it('reads an interlaced PNG whole, and refuses one cut short', () => {
    const whole = decodeImage('i.png', grayPng(9, 7, { interlaced: true }));
    expect([whole.width, whole.height, whole.data.every((v) => v === 200)]).toEqual([9, 7, true]);
    expect(() => decodeImage('i-short.png', grayPng(9, 7, { interlaced: true, rows: 5 }))).toThrow(
      /^cannot read image 'i-short\.png': its pixel data stops short, \d+ of the 77 bytes a 9 x 7 image needs; the file is truncated or damaged\.$/,
    );
  });
});
