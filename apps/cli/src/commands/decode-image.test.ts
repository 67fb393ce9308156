import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image.js';

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
});
