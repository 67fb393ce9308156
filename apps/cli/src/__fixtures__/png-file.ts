import { crc32, deflateSync } from 'node:zlib';
import { ADAM7 } from '../commands/image-header.js';

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length);
  return out;
}

/**
 * A valid 8-bit grayscale PNG of one gray `value`, written chunk by chunk (pngjs writes no
 * interlaced files), whose header says `width` x `height` but whose compressed data holds only
 * the first `rows` scanlines (all of them by default): what a truncated copy, or a hostile
 * file, looks like. `interlaced` lays the scanlines out in Adam7's seven passes, `rows` then
 * counting the scanlines of all passes together.
 */
export function grayPng(
  width: number,
  height: number,
  options: { rows?: number; interlaced?: boolean; value?: number } = {},
): Buffer {
  const { interlaced = false, value = 200 } = options;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[12] = interlaced ? 1 : 0;
  const widths = interlaced
    ? ADAM7.flatMap(([x0, y0, dx, dy]) => {
        const w = Math.ceil(Math.max(0, width - x0) / dx);
        return w === 0 ? [] : new Array<number>(Math.ceil(Math.max(0, height - y0) / dy)).fill(w);
      })
    : new Array<number>(height).fill(width);
  const scanlines = widths
    .slice(0, options.rows ?? widths.length)
    .map((w) => Buffer.concat([Buffer.from([0]), Buffer.alloc(w, value)]));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(scanlines))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}
