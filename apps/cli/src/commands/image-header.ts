import { constants, inflateSync } from 'node:zlib';

/** What an image file's header declares, read before anything is decoded. */
export interface ImageHeader {
  width: number;
  height: number;
}

const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Adam7's passes, the order an interlaced PNG stores its pixels in: first column, first row, column step, row step. */
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** The chunks of a PNG file (past its 8-byte signature), as type and data. */
function* pngChunks(bytes: Uint8Array): Generator<[string, Uint8Array]> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    yield [type, bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length))];
    at += 12 + length;
  }
}

/**
 * The width and height a PNG file's IHDR chunk declares, or `undefined` when it has none.
 *
 * @example
 * ```ts
 * pngHeader(readFileSync('shoe.png')); // { width: 28, height: 28 }
 * ```
 */
export function pngHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The width and height a JPEG file's frame header (SOFn marker) declares, or `undefined` when it
 * has none.
 *
 * @example
 * ```ts
 * jpegHeader(readFileSync('shoe.jpg')); // { width: 640, height: 480 }
 * ```
 */
export function jpegHeader(bytes: Uint8Array): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    // Fill bytes, and markers that stand alone without a length.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      at += 2;
      continue;
    }
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (at + 9 > bytes.length) return undefined;
      return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}

/**
 * How many bytes of pixel data a PNG's compressed data holds, against how many its header
 * needs (`rows`: the complete scanlines, when not interlaced). A file whose data stops short (a
 * bad copy, a cut download) decodes in most readers without an error, as black rows.
 *
 * @example
 * ```ts
 * pngPixelData(readFileSync('shoe.png')); // { actual: 812, expected: 812, rows: 28 }
 * ```
 */
export function pngPixelData(bytes: Uint8Array): { actual: number; expected: number; rows: number | null } {
  const { width, height } = pngHeader(bytes)!;
  const bitsPerPixel = bytes[24]! * (PNG_CHANNELS[bytes[25]!] ?? 1);
  const interlaced = bytes[28] === 1;
  const rowBytes = (w: number) => (w === 0 ? 0 : 1 + Math.ceil((w * bitsPerPixel) / 8));
  const expected = interlaced
    ? ADAM7.reduce(
        (n, [x0, y0, dx, dy]) =>
          n + Math.ceil(Math.max(0, height - y0) / dy) * rowBytes(Math.ceil(Math.max(0, width - x0) / dx)),
        0,
      )
    : height * rowBytes(width);
  const data = Buffer.concat([...pngChunks(bytes)].filter(([type]) => type === 'IDAT').map(([, d]) => d));
  let actual: number;
  try {
    // A sync flush keeps what a cut stream holds instead of failing on it.
    actual = inflateSync(data, { maxOutputLength: Math.max(1, expected), finishFlush: constants.Z_SYNC_FLUSH }).length;
  } catch {
    // More data than the image needs, or a stream broken beyond that: the decoder's to report.
    actual = expected;
  }
  return { actual, expected, rows: interlaced ? null : Math.floor(actual / rowBytes(width)) };
}
