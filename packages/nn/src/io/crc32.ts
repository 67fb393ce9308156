const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * @internal CRC-32 (IEEE 802.3, the checksum of gzip, zip and PNG) of `bytes`, as 8 lowercase
 * hex digits. It catches every flipped bit and every burst of errors up to 32 bits long; pure
 * JavaScript, so the browser path computes it too.
 *
 * @example
 * ```ts
 * crc32(new TextEncoder().encode('123456789')); // 'cbf43926'
 * ```
 */
export function crc32(bytes: Uint8Array): string {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ((c ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}
